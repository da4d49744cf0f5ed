import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../../../api/client';
import { server, setupMswServer } from '../../../test/msw';
import { renderRoutes } from '../../../test/render';
import { inCompetition, instance } from '../testing';
import { InstanceOverview } from './InstanceOverview';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

function renderOverview() {
  return renderRoutes(
    inCompetition([
      { path: 'instances/:instanceId', element: <InstanceOverview instanceId="i-1" /> },
    ]),
    '/c/ctf-spring/instances/i-1',
  );
}

describe('InstanceOverview times', () => {
  it('says how long ago it was created and became ready, in words', async () => {
    const now = Date.now();
    server.use(
      http.get('/api/instances/i-1', () =>
        HttpResponse.json(
          instance({
            created_at: new Date(now - 12 * 60_000 - 9_000).toISOString(),
            // the platform's clock a little ahead of this tab's: still a past moment
            ready_at: new Date(now + 52).toISOString(),
            expires_at: new Date(now + 23 * 3_600_000 + 59 * 60_000 + 30_000).toISOString(),
          }),
        ),
      ),
    );
    renderOverview();
    const times = await screen.findByRole('region', { name: 'Times' });
    expect(times).toHaveTextContent(/Created.*\(12 minutes ago\)/);
    expect(times).toHaveTextContent(/Ready.*\(just now\)/);
    expect(times).not.toHaveTextContent(/\(in \d+ ms\)|milliseconds/);
    expect(times).toHaveTextContent(/Expires.*\(in 23 hours\)/);
  });
});

import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { configureApiClient } from '../../../api/client';
import { setupMswServer } from '../../../test/msw';
import { renderRoutes } from '../../../test/render';
import { instance, instancePageRoutes, serveInstance } from '../testing';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

function renderOverview() {
  return renderRoutes(instancePageRoutes(), '/c/ctf-spring/instances/i-1');
}

describe('InstanceOverview times', () => {
  it('says how long ago it was created and became ready, in words', async () => {
    const now = Date.now();
    serveInstance(
      instance({
        created_at: new Date(now - 12 * 60_000 - 9_000).toISOString(),
        // the platform's clock a little ahead of this tab's: still a past moment
        ready_at: new Date(now + 52).toISOString(),
        expires_at: new Date(now + 23 * 3_600_000 + 59 * 60_000 + 30_000).toISOString(),
      }),
    );
    renderOverview();
    const times = await screen.findByRole('region', { name: 'Times' });
    expect(times).toHaveTextContent(/Created.*\(12 minutes ago\)/);
    expect(times).toHaveTextContent(/Ready.*\(just now\)/);
    expect(times).not.toHaveTextContent(/\(in \d+ ms\)|milliseconds/);
    expect(times).toHaveTextContent(/Expires.*\(in 23 hours\)/);
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../../../api/client';
import { seenRequests, server, setupMswServer } from '../../../test/msw';
import { renderRoutes } from '../../../test/render';
import { inCompetition, instance, instancePageRoutes, serveInstance } from '../testing';
import { formatDateTime } from '@shared/format';
import { InstanceFrame } from './InstanceFrame';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

const settings = { default_instance_ttl_s: 86400, max_instance_ttl_s: 172800 };

function renderFrame() {
  return renderRoutes(
    inCompetition([
      {
        path: 'instances/:instanceId',
        element: <InstanceFrame instanceId="i-1" />,
        children: [{ index: true, element: <p>tab content</p> }],
      },
    ]),
    '/c/ctf-spring/instances/i-1',
  );
}

// Dialog relies on <dialog>.showModal, which jsdom lacks: the content renders
// all the same (the component guards the call), so tests query inside it.
describe('InstanceFrame', { timeout: 30_000 }, () => {
  it('shows the header, status, countdown and tab links with the current one marked', async () => {
    serveInstance(instance());
    renderFrame();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Cookie Jar' }),
    ).toBeInTheDocument();
    expect(screen.getByText('running')).toBeInTheDocument();
    const tabs = screen.getByRole('navigation', { name: 'Instance sections' });
    expect(within(tabs).getByRole('link', { name: 'Overview' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(within(tabs).getByRole('link', { name: 'Traffic' })).toHaveAttribute(
      'href',
      '/c/ctf-spring/instances/i-1/traffic',
    );
    expect(screen.getByText('tab content')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('warns under 10 minutes with a renew button', async () => {
    serveInstance(instance({ expires_at: new Date(Date.now() + 90_000).toISOString() }));
    renderFrame();
    expect(await screen.findByRole('alert')).toHaveTextContent('Less than 2 minutes left');
    expect(screen.getByRole('button', { name: 'Renew now' })).toBeInTheDocument();
  });

  it('renews with the chosen TTL, shows the new expiry at once and explains a clamp', async () => {
    const granted = new Date(Date.now() + 3600_000).toISOString();
    serveInstance(instance());
    server.use(
      http.get('/api/settings', () => HttpResponse.json(settings)),
      http.post('/api/instances/i-1/renew', () =>
        HttpResponse.json({ id: 'i-1', expires_at: granted, ttl: 3600 }),
      ),
    );
    const user = userEvent.setup();
    renderFrame();
    await user.click(await screen.findByRole('button', { name: 'Renew' }));
    const select = await screen.findByLabelText('New time to live, from now');
    await waitFor(() =>
      expect(
        within(select).getByRole('option', { name: '2 days (maximum)', hidden: true }),
      ).toBeInTheDocument(),
    );
    await user.selectOptions(select, '2 days (maximum)');
    const dialog = select.closest('form')!;
    await user.click(within(dialog).getByRole('button', { name: 'Renew', hidden: true }));
    expect(await screen.findByText(/now expires at/)).toBeInTheDocument();
    const renewCall = seenRequests.find((r) => r.url.includes('/renew'));
    expect(renewCall && new URL(renewCall.url).searchParams.get('ttl')).toBe('172800');
    expect(
      screen.getByText(/You asked for more than the platform allows: it granted 1 hour/),
    ).toBeInTheDocument();
    // the new expiry comes straight from the response
    expect(screen.getByText(formatDateTime(new Date(granted)))).toBeInTheDocument();
  });

  it('after Stop keeps the tabs, read-only, under a header saying who stopped it and when', async () => {
    const platform = serveInstance(instance());
    server.use(
      http.delete('/api/instances/i-1', () => {
        platform.set({
          status: 'stopped',
          message: 'Stopped by alice.',
          end_reason: 'stopped',
          ended_by: 'alice',
          ended_at: new Date().toISOString(),
          surface: null,
        });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderRoutes(instancePageRoutes(), '/c/ctf-spring/instances/i-1');
    expect(await screen.findByText(/Expires/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    await user.click(await screen.findByRole('button', { name: 'Stop instance', hidden: true }));
    expect(
      await screen.findByRole('heading', { name: /^Stopped by alice at .+ago\)$/ }),
    ).toBeInTheDocument();
    // The tabs stay; nothing says "gone"; no expiry, no Renew/Stop on a stopped instance.
    const tabs = screen.getByRole('navigation', { name: 'Instance sections' });
    expect(within(tabs).getAllByRole('link')).toHaveLength(4);
    expect(screen.queryByText(/is gone/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Expires/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Time left/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Renew' })).not.toBeInTheDocument();
    expect(screen.getByText('Ended')).toBeInTheDocument();
    expect(screen.getByText('None any more: the instance ended.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Launch DEMO-001 again' })).toHaveAttribute(
      'href',
      '/c/ctf-spring/challenges/DEMO-001?launch=1',
    );
  });

  it('treats a 404 on stop as already stopped, and says the instance is gone', async () => {
    let gone = false;
    server.use(
      http.get('/api/instances/i-1', () =>
        gone
          ? HttpResponse.json({ detail: 'Instance not found' }, { status: 404 })
          : HttpResponse.json(instance()),
      ),
      http.get('/api/instances/i-1/status', () =>
        HttpResponse.json({ id: 'i-1', status: 'running' }),
      ),
      http.delete('/api/instances/i-1', () => {
        gone = true;
        return HttpResponse.json({ detail: 'Instance i-1 is already stopped.' }, { status: 404 });
      }),
    );
    const user = userEvent.setup();
    renderFrame();
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    expect(screen.getByText(/This stops the instance of/)).toHaveTextContent('Cookie Jar');
    await user.click(await screen.findByRole('button', { name: 'Stop instance', hidden: true }));
    expect(
      await screen.findByRole('heading', { name: /this instance is gone/ }),
    ).toBeInTheDocument();
    expect(screen.getByText(/You stopped it/)).toBeInTheDocument();
  });

  it('says in the dialog why a stop failed', async () => {
    server.use(
      http.get('/api/instances/i-1', () => HttpResponse.json(instance())),
      http.get('/api/instances/i-1/status', () =>
        HttpResponse.json({ id: 'i-1', status: 'running' }),
      ),
      http.delete('/api/instances/i-1', () =>
        HttpResponse.json({ detail: 'The platform is busy.' }, { status: 409 }),
      ),
    );
    const user = userEvent.setup();
    renderFrame();
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    await user.click(await screen.findByRole('button', { name: 'Stop instance', hidden: true }));
    expect(await screen.findByRole('alert', { hidden: true })).toHaveTextContent(
      'Could not stop: The platform is busy.',
    );
  });

  it('says a wrong or foreign instance URL is not an instance of this team in this competition', async () => {
    server.use(
      http.get('/api/instances/i-1', () =>
        HttpResponse.json({ detail: 'Instance i-1 not found.' }, { status: 404 }),
      ),
      http.get('/api/instances/i-1/status', () =>
        HttpResponse.json({ detail: 'Instance i-1 not found.' }, { status: 404 }),
      ),
    );
    renderFrame();
    expect(
      await screen.findByRole('heading', { name: 'Not an instance of your team' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'i-1 is not an instance of team team-red in ctf-spring.',
    );
    expect(screen.queryByText(/team-mate/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: "Your team's instances" })).toBeInTheDocument();
  });

  it('words an expired instance plainly and hides the actions', async () => {
    serveInstance(
      instance({
        status: 'expired',
        message: 'The instance reached the end of its time (TTL) and was stopped.',
        ended_at: new Date().toISOString(),
      }),
    );
    renderFrame();
    expect(
      await screen.findByRole('heading', { name: /^Expired: its time ran out at / }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Renew' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
  });

  it('tells the VPN state on the Overview from the same source as Downloads: keys still being made', async () => {
    serveInstance(
      instance({
        challenge_id: 'DEMO-002',
        network_topology: 'engagement',
        // The platform already says "available"; the profile is not there yet.
        network: { topology: 'engagement', vpn_available: true },
      }),
    );
    server.use(
      http.get('/api/instances/i-1/openvpn-config', () =>
        HttpResponse.json(
          {
            detail: 'The VPN keys for this instance are still being made: retry in a few seconds.',
          },
          { status: 404 },
        ),
      ),
    );
    renderRoutes(instancePageRoutes(), '/c/ctf-spring/instances/i-1');
    expect(await screen.findByTestId('vpn-state')).toHaveTextContent(
      'the VPN keys for this instance are still being made',
    );
    expect(screen.queryByText('available')).not.toBeInTheDocument();
  });
});

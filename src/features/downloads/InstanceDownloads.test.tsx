import { describe, expect, it, vi, afterEach } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../../api/client';
import { CompetitionProvider } from '../../lib/competition';
import { seenRequests, server, setupMswServer } from '../../test/msw';
import { createTestQueryClient, TestProviders } from '../../test/render';
import { InstanceDownloads } from './InstanceDownloads';

setupMswServer();
afterEach(() => vi.restoreAllMocks());

const ODD = 'field notes – Ünïcode #1?%.txt';

function renderPage(instance: Record<string, unknown>) {
  configureApiClient({ getToken: () => 'tok-123' });
  server.use(
    http.get('/api/instances/i-1', () =>
      HttpResponse.json({
        id: 'i-1abcdefgh',
        challenge_id: 'DEMO-002',
        competition_id: 'ctf-spring',
        status: 'running',
        created_at: '2026-01-01T00:00:00Z',
        questions: [],
        ...instance,
      }),
    ),
    http.get('/api/instances/i-1/attachments', () =>
      HttpResponse.json({
        items: [
          { name: ODD, size: 5, templated: false },
          { name: 'notes.txt', size: 2048, templated: true },
        ],
      }),
    ),
  );
  const client = createTestQueryClient();
  render(
    <TestProviders client={client}>
      <CompetitionProvider
        value={{
          scope: { competitionId: 'ctf-spring', scoped: false },
          team: { id: 't', name: 'T', competition_id: 'ctf-spring' },
          teams: [{ id: 't', name: 'T', competition_id: 'ctf-spring' }],
        }}
      >
        <InstanceDownloads instanceId="i-1" />
      </CompetitionProvider>
    </TestProviders>,
  );
}

describe('InstanceDownloads', () => {
  it('lists files with size and templating, fetches an odd name encoded with the bearer token', async () => {
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderPage({ network_topology: 'simple' });
    server.use(http.get('/api/instances/i-1/attachments/:name', () => HttpResponse.text('hello')));
    const row = (await screen.findByText('notes.txt')).closest('tr')!;
    expect(row).toHaveTextContent('rendered for your team');
    expect(row).toHaveTextContent('2.0 KiB');
    await userEvent.click(screen.getByRole('button', { name: `Download ${ODD}` }));
    expect(await screen.findByText(/Saved \(5 B\)/)).toBeInTheDocument();
    const req = seenRequests.find((r) => r.url.includes('/attachments/field'))!;
    expect(new URL(req.url).pathname).toBe(
      `/api/instances/i-1/attachments/${encodeURIComponent(ODD)}`,
    );
    expect(req.url).not.toContain('tok-123');
    expect(req.headers.get('Authorization')).toBe('Bearer tok-123');
    expect(created).toHaveBeenCalledTimes(1);
    const anchor = click.mock.instances[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('field notes – Ünïcode #1_%.txt');
    // simple mode: no VPN section at all
    expect(screen.queryByRole('button', { name: 'Download VPN profile' })).toBeNull();
  });

  it("shows the server's detail on a failed download and saves nothing", async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderPage({ network_topology: 'simple' });
    server.use(
      http.get('/api/instances/i-1/attachments/:name', () =>
        HttpResponse.json({ detail: 'Attachment <b>gone</b>' }, { status: 404 }),
      ),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Download notes.txt' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Attachment <b>gone</b>');
    expect(click).not.toHaveBeenCalled();
  });

  it('keeps the VPN button disabled, with the reason, until the instance runs', async () => {
    renderPage({ network_topology: 'engagement', status: 'starting' });
    const button = await screen.findByRole('button', { name: 'Download VPN profile' });
    expect(button).toBeDisabled();
    expect(
      screen.getByText(/available once the instance runs \(it is starting\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('sudo openvpn --config DEMO-002-i-1abcde.ovpn')).toBeInTheDocument();
  });

  it('retries while the VPN keys are made, then refuses an HTML page as a profile', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    let calls = 0;
    server.use(
      http.get('/api/instances/:id/openvpn-config', () =>
        ++calls === 1
          ? HttpResponse.json(
              { detail: 'The VPN keys for this instance are still being made.' },
              { status: 404 },
            )
          : HttpResponse.html('<!doctype html><html><body>Sign in</body></html>'),
      ),
    );
    renderPage({ network_topology: 'engagement' });
    expect(await screen.findByRole('alert')).toHaveTextContent('web page (HTML)');
    expect(calls).toBe(2);
    expect(screen.getByRole('button', { name: 'Download VPN profile' })).toBeDisabled();
    expect(click).not.toHaveBeenCalled();
  });

  it('saves the VPN profile under the name the openvpn command uses (issue 13 item 11)', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    server.use(
      http.get('/api/instances/:id/openvpn-config', () =>
        HttpResponse.text('client\nremote 127.0.0.1 1194\n<ca>\nx\n</ca>\n'),
      ),
    );
    renderPage({ id: 'ab cd-01', challenge_id: 'XBOW-047', network_topology: 'engagement' });
    const button = await screen.findByRole('button', { name: 'Download VPN profile' });
    await vi.waitFor(() => expect(button).toBeEnabled(), { timeout: 10_000 });
    await userEvent.click(button);
    const anchor = click.mock.instances[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('XBOW-047-ab cd-01.ovpn');
    // the same file the Overview's command opens (AttackSurface.test: "names the VPN file…")
    expect(screen.getByText("sudo openvpn --config 'XBOW-047-ab cd-01.ovpn'")).toBeInTheDocument();
  });
});

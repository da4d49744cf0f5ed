import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithRouter } from '../../../test/render';
import { AttackSurface } from './AttackSurface';

const props = {
  challengeId: 'DEMO-002',
  instanceId: 'abcdef0123456789',
  downloadsPath: '/c/ctf-spring/instances/abcdef0123456789/downloads',
};

describe('AttackSurface', { timeout: 30_000 }, () => {
  it('lists every entrypoint with its address, a snippet, and an Open link for http(s) only', () => {
    renderWithRouter(
      <AttackSurface
        {...props}
        engagement={false}
        entrypoints={[
          { name: 'web', protocol: 'http', host: '127.0.0.1', port: 8080 },
          { name: 'shell', protocol: 'tcp', host: '127.0.0.1', port: 31337 },
          { name: 'evil', protocol: 'http', host: 'x', port: 1, url: 'javascript:alert(1)' },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(3);
    const web = within(items[0]!);
    expect(web.getByText('curl -i http://127.0.0.1:8080/')).toBeInTheDocument();
    const open = web.getByRole('link', { name: /Open web/ });
    expect(open).toHaveAttribute('href', 'http://127.0.0.1:8080/');
    expect(open).toHaveAttribute('target', '_blank');
    expect(open).toHaveAttribute('rel', 'noreferrer noopener');
    expect(web.getByRole('button', { name: 'Copy the address of web' })).toBeInTheDocument();
    const tcp = within(items[1]!);
    expect(tcp.getByText('nc 127.0.0.1 31337')).toBeInTheDocument();
    expect(tcp.queryByRole('link')).not.toBeInTheDocument();
    // a javascript: URL never becomes a link
    expect(within(items[2]!).queryByRole('link')).not.toBeInTheDocument();
  });

  it('gives the openvpn line and points to the Downloads tab in engagement mode', () => {
    renderWithRouter(<AttackSurface {...props} engagement entrypoints={[]} />);
    expect(screen.getByText('sudo openvpn --config DEMO-002-abcdef01.ovpn')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Downloads tab' })).toHaveAttribute(
      'href',
      props.downloadsPath,
    );
    expect(screen.getByText(/reach the targets through the VPN/)).toBeInTheDocument();
  });

  it('names the VPN file as Downloads saves it and quotes it for the shell (issue 13 item 11)', () => {
    renderWithRouter(
      <AttackSurface
        {...props}
        challengeId="XBOW-047"
        instanceId="ab cd-01"
        engagement
        entrypoints={[]}
      />,
    );
    // the same name Downloads saves (InstanceDownloads.test: "saves the VPN profile under the name…")
    expect(screen.getByText("sudo openvpn --config 'XBOW-047-ab cd-01.ovpn'")).toBeInTheDocument();
  });

  it('quotes a hostile host in the nc line', () => {
    renderWithRouter(
      <AttackSurface
        {...props}
        engagement={false}
        entrypoints={[{ name: 'shell', protocol: 'tcp', host: 'a b;id', port: 9 }]}
      />,
    );
    expect(screen.getByText("nc 'a b;id' 9")).toBeInTheDocument();
  });
});

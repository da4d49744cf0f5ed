import { describe, expect, it } from 'vitest';
import { checkOpenVpnProfile, vpnNotFoundCause } from './openvpn';

const PROFILE = `client\ndev tun\nproto udp\nremote 127.0.0.1 1194\n<ca>\n-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n</ca>\n`;

describe('OpenVPN profile', () => {
  it('accepts a profile with client and remote, or with <ca>', () => {
    expect(checkOpenVpnProfile(PROFILE)).toEqual({ ok: true });
    expect(checkOpenVpnProfile('client\r\nremote vpn.example 1194\r\n')).toEqual({ ok: true });
    expect(checkOpenVpnProfile('<ca>\nx\n</ca>')).toEqual({ ok: true });
  });

  it('says what came back instead: empty, HTML, JSON, anything else', () => {
    const problem = (t: string) => {
      const r = checkOpenVpnProfile(t);
      return r.ok ? '' : r.problem;
    };
    expect(problem('  \n')).toMatch(/empty file/);
    expect(problem('<!DOCTYPE html><html><body>Sign in</body></html>')).toMatch(
      /web page \(HTML\)/,
    );
    expect(problem('<html lang="en">client remote</html>')).toMatch(/web page/);
    expect(problem('{"detail":"Not ready"}')).toMatch(/JSON: “Not ready”/);
    expect(problem('[]')).toMatch(/sent JSON, not/);
    expect(problem('hello world')).toMatch(/does not look like an OpenVPN profile/);
    expect(problem('client\n')).toMatch(/does not look like/);
  });

  it('tells the three 404 causes apart from the server detail', () => {
    expect(
      vpnNotFoundCause('DEMO-001 is not an engagement-mode challenge: it has no VPN profile.'),
    ).toBe('not-engagement');
    expect(
      vpnNotFoundCause(
        'The instance is starting, not running: the VPN profile is available while it runs.',
      ),
    ).toBe('not-running');
    expect(
      vpnNotFoundCause(
        'The VPN keys for this instance are still being made: retry in a few seconds.',
      ),
    ).toBe('not-ready');
    expect(vpnNotFoundCause(undefined)).toBe('not-ready');
  });
});

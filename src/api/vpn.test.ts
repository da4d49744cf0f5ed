import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { checkOpenVpnProfile, vpnNotFoundCause, vpnStateOf } from './vpn';

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

describe('vpnStateOf: the one VPN state of Overview and Downloads', () => {
  const engagement = { status: 'running', network_topology: 'engagement', network: null };
  const idle = { data: undefined, error: null, isFetching: false, failureCount: 0 };
  const notReady = new ApiError('http', 'The VPN keys for this instance are still being made.', {
    status: 404,
  });

  it('is "preparing" while the keys are made, even when the platform says vpn_available', () => {
    const i = { ...engagement, network: { topology: 'engagement', vpn_available: true } };
    expect(vpnStateOf(i, { ...idle, isFetching: true })).toMatchObject({ kind: 'preparing' });
    expect(vpnStateOf(i, { ...idle, error: notReady, failureCount: 5 })).toMatchObject({
      kind: 'preparing',
      attempt: 6,
    });
  });

  it('is ready only with a checked profile, and says why otherwise', () => {
    expect(vpnStateOf(engagement, { ...idle, data: PROFILE })).toEqual({
      kind: 'ready',
      profile: PROFILE,
    });
    expect(vpnStateOf({ ...engagement, status: 'stopped' }, idle)).toEqual({
      kind: 'not-running',
      status: 'stopped',
    });
    expect(vpnStateOf({ ...engagement, network_topology: 'simple' }, idle)).toEqual({
      kind: 'none',
    });
    const broken = new ApiError('validation', 'not a profile', { status: 200 });
    expect(vpnStateOf(engagement, { ...idle, error: broken })).toMatchObject({ kind: 'error' });
  });
});

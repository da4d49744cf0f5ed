import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { makeInstancePki, openVpnProfile } from './pki';
import { attachmentContext, testRuntime } from './testkit';

function inline(profile: string, tag: string): string {
  const m = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(profile);
  if (!m) throw new Error(`no <${tag}> block`);
  return m[1]!;
}

describe('engagement PKI', () => {
  it('makes a client profile whose certificate verifies against its CA', async () => {
    const pki = await makeInstancePki('abc123');
    const profile = openVpnProfile(pki, { host: '127.0.0.1', port: 41194 }, 'abc123');
    // one line ending throughout (node-forge's PEM blocks come CRLF; issue 13 item 13)
    expect(pki.caCert).toContain('\r\n');
    expect(profile).not.toContain('\r');
    const lines = profile.split('\n');
    for (const directive of [
      'client',
      'dev tun',
      'proto udp',
      'nobind',
      'persist-key',
      'persist-tun',
      'remote-cert-tls server',
      'cipher AES-256-GCM',
      'verb 3',
    ])
      expect(lines).toContain(directive);
    expect(lines).toContain('remote 127.0.0.1 41194');

    const ca = new X509Certificate(inline(profile, 'ca'));
    const cert = new X509Certificate(inline(profile, 'cert'));
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.subject).toContain('player-abc123');
    // the key in <key> is the certificate's key
    const key = createPrivateKey(inline(profile, 'key'));
    expect(createPublicKey(key).export({ type: 'spki', format: 'pem' })).toBe(
      cert.publicKey.export({ type: 'spki', format: 'pem' }),
    );
    // and node-forge's chain check agrees
    const store = forge.pki.createCaStore([inline(profile, 'ca')]);
    expect(
      forge.pki.verifyCertificateChain(store, [
        forge.pki.certificateFromPem(inline(profile, 'cert')),
      ]),
    ).toBe(true);

    // another instance gets another CA: this one's cert does not verify against it
    const other = await makeInstancePki('zzz');
    expect(cert.verify(new X509Certificate(other.caCert).publicKey)).toBe(false);
  });
});

describe('openVpnConfig states', () => {
  const t = testRuntime({ pkiDelayMs: 600 });
  afterAll(() => t.cleanup());

  it('goes not-running → pki-pending → ready → not-running, and is never for simple challenges', async () => {
    const { runtime } = t;
    const demo2 = runtime.catalog.get('DEMO-002')!;
    expect(runtime.openVpnConfig('vpn', runtime.catalog.get('DEMO-001')!)).toEqual({
      state: 'not-engagement',
    });
    expect(runtime.openVpnConfig('vpn', demo2)).toEqual({ state: 'not-running' });
    runtime.start({ instanceId: 'vpn', challenge: demo2, attachmentContext: attachmentContext() });
    expect(runtime.openVpnConfig('vpn', demo2)).toEqual({ state: 'not-running' });
    const ready = await t.settled('vpn');
    expect(ready).toMatchObject({
      kind: 'ready',
      network: { topology: 'engagement', subnet: '10.66.0.0/24', vpn_available: true },
    });
    expect(runtime.openVpnConfig('vpn', demo2)).toEqual({ state: 'pki-pending' });
    const deadline = Date.now() + 10_000;
    let result = runtime.openVpnConfig('vpn', demo2);
    while (result.state !== 'ready' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      result = runtime.openVpnConfig('vpn', demo2);
    }
    expect(result.state).toBe('ready');
    if (result.state !== 'ready') return;
    expect(result.body).toMatch(/^client$/m);
    expect(result.body).toMatch(/^remote 127\.0\.0\.1 \d+$/m);
    expect(result.body).toContain('-----BEGIN CERTIFICATE-----');
    expect(result.body).toContain('-----BEGIN PRIVATE KEY-----');
    expect(runtime.openVpnConfig('vpn', demo2)).toEqual(result); // stable while running
    await runtime.stop('vpn');
    expect(runtime.openVpnConfig('vpn', demo2)).toEqual({ state: 'not-running' });
  });
});

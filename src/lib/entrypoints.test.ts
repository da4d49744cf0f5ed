import { describe, expect, it } from 'vitest';
import {
  connectionSnippet,
  entrypointAddress,
  entrypointUrl,
  hostPort,
  isTcpOnly,
  webEntrypoint,
} from './entrypoints';

const ep = (p: Partial<Parameters<typeof entrypointUrl>[0]>) => ({
  name: 'web',
  protocol: 'http',
  host: '127.0.0.1',
  port: 8080,
  ...p,
});

describe('snippets', () => {
  it('builds curl for http(s)', () => {
    expect(connectionSnippet(ep({}))).toBe('curl -i http://127.0.0.1:8080/');
    expect(connectionSnippet(ep({ url: 'https://x.test/a?b=c&d' }))).toBe(
      "curl -i 'https://x.test/a?b=c&d'",
    );
  });
  it('builds nc for tcp and udp, quoting hostile hosts', () => {
    expect(connectionSnippet(ep({ protocol: 'tcp', port: 31337 }))).toBe('nc 127.0.0.1 31337');
    expect(connectionSnippet(ep({ protocol: 'udp', port: 53 }))).toBe('nc -u 127.0.0.1 53');
    expect(connectionSnippet(ep({ protocol: 'tcp', host: 'a;touch /tmp/x', port: 1 }))).toBe(
      "nc 'a;touch /tmp/x' 1",
    );
  });
  it('has no shell line for a host no shell word can carry', () => {
    expect(connectionSnippet(ep({ protocol: 'tcp', host: 'a\0b', port: 1 }))).toBeUndefined();
  });
  it('has no snippet for an unknown protocol', () => {
    expect(connectionSnippet(ep({ protocol: 'quic' }))).toBeUndefined();
  });
  it('links only http(s) URLs', () => {
    expect(entrypointUrl(ep({ url: 'javascript:alert(1)' }))).toBeUndefined();
    expect(entrypointUrl(ep({ protocol: 'tcp' }))).toBeUndefined();
    expect(entrypointAddress(ep({ protocol: 'tcp', host: '::1', port: 9 }))).toBe('[::1]:9');
    expect(entrypointUrl(ep({ host: '::1' }))).toBe('http://[::1]:8080/');
  });
});
describe('entrypoints', () => {
  it('gives host:port with IPv6 brackets, and the first web entrypoint', () => {
    expect(hostPort(ep({ host: '::1', port: 9 }))).toBe('[::1]:9');
    const tcp = ep({ name: 'shell', protocol: 'tcp' });
    const web = ep({ name: 'site' });
    expect(webEntrypoint([tcp, web])).toEqual({ entrypoint: web, url: 'http://127.0.0.1:8080/' });
    expect(webEntrypoint([tcp])).toBeUndefined();
    expect(webEntrypoint([ep({ url: 'javascript:alert(1)', protocol: 'tcp' })])).toBeUndefined();
  });

  it('knows a TCP-only surface (nothing goes through the HTTP capture)', () => {
    expect(isTcpOnly([ep({ protocol: 'tcp' }), ep({ protocol: 'udp' })])).toBe(true);
    expect(isTcpOnly([ep({ protocol: 'tcp' }), ep({ protocol: 'https' })])).toBe(false);
    expect(isTcpOnly([])).toBe(false);
    expect(isTcpOnly(undefined)).toBe(false);
  });
});

/**
 * Entrypoints, one home: the link (only http(s), through `safeHttpUrl`), the
 * `host:port` address and the ready-to-paste connection snippet. Hosts, ports
 * and names come from the platform (attacker-controllable in the worst case),
 * so everything placed in a shell line goes through the one `shellQuote`.
 */
import type { Entrypoint } from '@shared/schemas';
import { safeHttpUrl } from './safeUrl';
import { canBeShellWord, shellQuote } from './shellQuote';

/** `[::1]` for IPv6 literals in URLs. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function isHttpProtocol(protocol: string): boolean {
  const p = protocol.toLowerCase();
  return p === 'http' || p === 'https';
}

/** The URL of an http(s) entrypoint, or undefined: only http(s) URLs become links. */
export function entrypointUrl(ep: Entrypoint): string | undefined {
  if (ep.url) return safeHttpUrl(ep.url);
  if (!isHttpProtocol(ep.protocol)) return undefined;
  return safeHttpUrl(`${ep.protocol.toLowerCase()}://${hostPort(ep)}/`);
}

/** `host:port`, with IPv6 literals bracketed. */
export function hostPort(ep: Pick<Entrypoint, 'host' | 'port'>): string {
  return `${urlHost(ep.host)}:${ep.port}`;
}

/** What to show as "the address": the URL for http(s), host:port otherwise. */
export function entrypointAddress(ep: Entrypoint): string {
  return entrypointUrl(ep) ?? hostPort(ep);
}

/** The first entrypoint that opens in a browser (the challenge's web service), if any. */
export function webEntrypoint(
  entrypoints: readonly Entrypoint[] | undefined,
): { entrypoint: Entrypoint; url: string } | undefined {
  for (const entrypoint of entrypoints ?? []) {
    const url = entrypointUrl(entrypoint);
    if (url) return { entrypoint, url };
  }
  return undefined;
}

/** No entrypoint speaks HTTP: nothing goes through the capture proxy. */
export function isTcpOnly(entrypoints: readonly Entrypoint[] | undefined): boolean {
  return (
    (entrypoints ?? []).length > 0 &&
    !(entrypoints ?? []).some((e) => isHttpProtocol(e.protocol) || e.url)
  );
}

/** The shell line to reach one entrypoint, if we know one. */
export function connectionSnippet(ep: Entrypoint): string | undefined {
  const url = entrypointUrl(ep);
  if (url) return `curl -i ${shellQuote(url)}`;
  const p = ep.protocol.toLowerCase();
  if (!canBeShellWord(ep.host)) return undefined;
  if (p === 'tcp') return `nc ${shellQuote(ep.host)} ${ep.port}`;
  if (p === 'udp') return `nc -u ${shellQuote(ep.host)} ${ep.port}`;
  return undefined;
}

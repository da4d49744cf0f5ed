/**
 * Ready-to-paste connection snippets. Hosts, ports and names come from the
 * platform (attacker-controllable in the worst case), so everything placed
 * in a shell line goes through the one `shellQuote`.
 */
import type { Entrypoint } from '../../api/schemas';
import { canBeShellWord, shellQuote } from '../../lib/shellQuote';

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
  if (ep.url) {
    try {
      const u = new URL(ep.url);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
    } catch {
      return undefined;
    }
  }
  if (!isHttpProtocol(ep.protocol)) return undefined;
  try {
    return new URL(`${ep.protocol.toLowerCase()}://${urlHost(ep.host)}:${ep.port}/`).href;
  } catch {
    return undefined;
  }
}

/** What to show as "the address": the URL for http(s), host:port otherwise. */
export function entrypointAddress(ep: Entrypoint): string {
  return entrypointUrl(ep) ?? `${urlHost(ep.host)}:${ep.port}`;
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

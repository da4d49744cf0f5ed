/**
 * A request's URL as the viewer shows, filters and exports it (scheme, host
 * in brackets when it is IPv6, the port unless it is the scheme's default,
 * then the path): one rule for the list, the filters (here and on the
 * platform), Copy as and HAR.
 */
import type { FlowRequest } from '../schemas';

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** each scheme's default port (left out of a URL) */
export const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

/** `scheme://host[:port]/path` of `request` (absolute-form and CONNECT paths as they are). */
export function flowUrl(request: FlowRequest): string {
  const scheme = request.scheme || 'http';
  const defaultPort = DEFAULT_PORTS[scheme.toLowerCase()];
  const port = request.port === defaultPort ? '' : `:${request.port}`;
  // absolute-form or authority-form paths (CONNECT) are kept as they are
  const path =
    request.path.startsWith('/') || request.path === '*' ? request.path : `/${request.path}`;
  return `${scheme}://${formatHost(request.host)}${port}${path}`;
}

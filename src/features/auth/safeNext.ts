import { paths } from '../../lib/paths';

/**
 * Where to go after signing in. `next` comes from the URL, so anyone can
 * craft it: only a path of this app is accepted (`/c/x/instances?y#z`), never
 * another origin (`//evil`, `/\evil`, `http:`, `javascript:`), never the
 * sign-in page itself. Anything else gives `/`.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000) return '/';
  // Must be an absolute path; `//host` and `/\host` are other origins to a browser.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  // Control characters (tabs and newlines are stripped by URL parsers).
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return '/';
  }
  const probe = 'https://app.invalid';
  let url: URL;
  try {
    url = new URL(raw, probe);
  } catch {
    return '/';
  }
  if (url.origin !== probe) return '/';
  const login = paths.login();
  if (url.pathname === login || url.pathname.startsWith(`${login}/`)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The `/login?next=…` address that brings the user back to `path` after signing in. */
export function signInPath(path: string): string {
  return paths.login(safeNextPath(path));
}

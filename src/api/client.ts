/**
 * The one fetch client of the SPA. It adds the bearer token, parses JSON
 * through a zod schema, and turns every failure into one typed `ApiError`.
 * It never redirects, toasts or touches the UI: callers decide what an error
 * means (see `src/app/queryClient.ts` for the 401 handling).
 */
import { z } from '@shared/zod';
import { ErrorBodySchema } from '@shared/schemas';

export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'validation' | 'aborted';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The server's FastAPI `detail`, flattened to text. */
  readonly detail: string | undefined;
  /** zod issues, when a response did not match its schema. */
  readonly issues: z.core.$ZodIssue[] | undefined;
  /** How long the server asked to wait (its `Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: ApiErrorKind,
    message: string,
    opts: {
      status?: number;
      detail?: string;
      issues?: z.core.$ZodIssue[];
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = opts.status;
    this.detail = opts.detail;
    this.issues = opts.issues;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** True for failures a retry may cure (network, timeout, 5xx, 429 excluded). */
  get isTransient(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      (this.kind === 'http' && this.status !== undefined && this.status >= 500)
    );
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/**
 * Retry what a retry can cure, never a 4xx: a network blip or a 5xx fails
 * fast and is tried up to 3 more times; a timeout (a platform that does not
 * answer) once more only, so a page waits at most two request timeouts plus
 * one short delay (about 20 s) before it shows the error and its Retry.
 */
export function retryQuery(failureCount: number, error: unknown): boolean {
  if (!isApiError(error)) return failureCount < 1;
  if (error.kind === 'timeout') return failureCount < 1;
  return error.isTransient && failureCount < 3;
}

export function retryQueryDelay(failureCount: number): number {
  return Math.min(500 * 2 ** failureCount, 5_000);
}

export function isNotFound(e: unknown): boolean {
  return isApiError(e) && e.status === 404;
}

/** A short human sentence for any error, safe to render as text. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) {
    if (e.detail) return e.detail;
    return e.message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

// ---------------------------------------------------------------- config

interface ClientConfig {
  baseUrl: string;
  getToken: () => string | null;
  timeoutMs: number;
}

/**
 * How long one request waits for a platform that accepted the connection
 * but does not answer. With the one retry a timeout gets (`retryQuery`) a
 * page shows its error within 25 s.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

const config: ClientConfig = {
  baseUrl: '/api',
  getToken: () => null,
  timeoutMs: REQUEST_TIMEOUT_MS,
};

export function configureApiClient(next: Partial<ClientConfig>): void {
  Object.assign(config, next);
}

export function apiBaseUrl(): string {
  return config.baseUrl;
}

// ---------------------------------------------------------------- paths

/** Encodes one path segment: `a b#?%/..` can never change the route. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export function buildUrl(path: string, query?: QueryParams): string {
  const base = config.baseUrl.replace(/\/+$/, '');
  let url = `${base}${path.startsWith('/') ? path : `/${path}`}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}

// ---------------------------------------------------------------- requests

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Use this token instead of the session's (e.g. to check a token before keeping it). */
  token?: string;
}

function detailToText(detail: unknown): string | undefined {
  const parsed = ErrorBodySchema.safeParse({ detail });
  if (!parsed.success) return undefined;
  const d = parsed.data.detail;
  if (typeof d === 'string') return d;
  return d
    .map((issue) => {
      const loc = (issue.loc ?? []).filter((p) => p !== 'body' && p !== 'query').join('.');
      return loc ? `${loc}: ${issue.msg}` : issue.msg;
    })
    .join('; ');
}

async function readErrorDetail(res: Response): Promise<string | undefined> {
  try {
    const text = await res.text();
    if (!text) return undefined;
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object' && 'detail' in json) {
        return detailToText(json.detail);
      }
    } catch {
      // not JSON: fall through
    }
    // A plain-text or HTML error page: keep a short, safe excerpt.
    const trimmed = text.trim();
    if (trimmed.startsWith('<')) return undefined;
    return trimmed.slice(0, 300);
  } catch {
    return undefined;
  }
}

/** `Retry-After` (delay-seconds or an HTTP date) as ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // an HTTP date names its day and month: "Sun, 29 Nov 2026 12:00:45 GMT"
  const at = /GMT$/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Sends one request and returns the raw `Response` when it is 2xx. Every
 * other outcome throws an `ApiError`. Used directly for downloads.
 */
export async function apiFetch(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = opts.token ?? config.getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }

  const timeoutMs = opts.timeoutMs ?? config.timeoutMs;
  const timeout = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => timeout.abort(), timeoutMs) : undefined;
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body,
      signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (opts.signal?.aborted)
      throw new ApiError('aborted', 'The request was cancelled.', { cause });
    if (timeout.signal.aborted) {
      throw new ApiError('timeout', 'The server did not answer in time.', { cause });
    }
    throw new ApiError('network', 'Cannot reach the server. Check your connection.', { cause });
  } finally {
    if (timer) clearTimeout(timer);
  }

  if (!res.ok) {
    const detail = await readErrorDetail(res);
    const message = detail ?? `The server answered ${res.status} ${res.statusText}`.trim();
    const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'));
    throw new ApiError('http', message, { status: res.status, detail, retryAfterMs });
  }
  return res;
}

/** Sends one request and validates the JSON answer with `schema`. */
export async function apiRequest<S extends z.core.$ZodType>(
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const res = await apiFetch(path, opts);
  return parseJsonResponse(res, schema);
}

/** Sends one request whose answer has no body we need (e.g. 204). */
export async function apiSend(path: string, opts: RequestOptions = {}): Promise<void> {
  const res = await apiFetch(path, opts);
  // drain the body so the connection is reused
  await res.arrayBuffer().catch(() => undefined);
}

export async function parseJsonResponse<S extends z.core.$ZodType>(
  res: Response,
  schema: S,
): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = await res.json();
  } catch (cause) {
    throw new ApiError('validation', 'The server sent a response that is not valid JSON.', {
      status: res.status,
      cause,
    });
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    throw new ApiError(
      'validation',
      `The server sent a response the dashboard does not understand${where}: ${first?.message ?? 'invalid'}.`,
      { status: res.status, issues: parsed.error.issues },
    );
  }
  return parsed.data;
}

/**
 * Filters evaluated by the platform (extension `GET /instances/{id}/traffic/matches`):
 * the viewer that lists summaries has no headers or bodies, so `~h`, `~b`
 * and `~flag` run on the server, over the capture's bytes, with the same
 * filter language. The answer is NDJSON, one line per batch of flows read;
 * each line is validated and handed on as it arrives (progress, rows
 * marked as they come); a last `{error}` line (the platform stopped a
 * pattern over its time budget) is an `ApiError` 422 like a malformed
 * expression. A server without the extension answers 404
 * (`isNotFound`): the caller then filters whole flows itself.
 */
import {
  TrafficMatchErrorSchema,
  TrafficMatchLineSchema,
  type TrafficMatchLine,
} from '@shared/schemas/trafficFilter';
import { ApiError, apiFetch } from './client';
import { readStream } from './traffic';
import { competitionParam, instancePath, type ApiScope } from './scope';

export interface TrafficMatches {
  /** ids of the matching flows (the last version of each flow counts) */
  ids: Set<string>;
  /** flows read by the server */
  scanned: number;
  /** the capture was cut short (over the cap, damaged) */
  truncated: boolean;
}

export interface TrafficMatchesOptions {
  signal?: AbortSignal;
  /** each line as it arrives, after it was validated */
  onLine?: (line: TrafficMatchLine, soFar: TrafficMatches) => void;
}

/**
 * Asks the platform which flows `filter` matches. A malformed expression is
 * an `ApiError` with status 422 and the parse error as its message; a reply
 * that is not the documented NDJSON, or one cut before its last line, is an
 * `ApiError` (validation, network) too: never a partial answer taken as whole.
 */
export async function fetchTrafficMatches(
  scope: ApiScope,
  id: string,
  filter: string,
  { signal, onLine }: TrafficMatchesOptions = {},
): Promise<TrafficMatches> {
  const res = await apiFetch(instancePath(scope, id, '/traffic/matches'), {
    signal,
    timeoutMs: 120_000,
    headers: { Accept: 'application/x-ndjson' },
    query: { competition_id: competitionParam(scope), filter },
  });
  const result: TrafficMatches = { ids: new Set(), scanned: 0, truncated: false };
  let done = false;
  let rest = '';
  const decoder = new TextDecoder();
  const take = (text: string) => {
    if (!text.trim()) return;
    if (done) throw invalid('a line after the last one');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw invalid('a line that is not JSON');
    }
    // the platform gave up on the expression (over its time budget): as a
    // malformed one, the filter's error, shown with the expression kept
    const refused = TrafficMatchErrorSchema.safeParse(value);
    if (refused.success)
      throw new ApiError('http', refused.data.error, { status: 422, detail: refused.data.error });
    const parsed = TrafficMatchLineSchema.safeParse(value);
    if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'an unknown line');
    const line = parsed.data;
    result.scanned = line.scanned;
    if ('done' in line) {
      done = true;
      result.truncated = line.truncated;
    } else {
      for (const matched of line.ids) result.ids.add(matched);
      for (const gone of line.dropped ?? []) result.ids.delete(gone);
    }
    onLine?.(line, result);
  };
  await readStream(
    res.body ?? new Blob([]).stream(),
    (bytes) => {
      rest += decoder.decode(bytes, { stream: true });
      let newline = rest.indexOf('\n');
      while (newline >= 0) {
        take(rest.slice(0, newline));
        rest = rest.slice(newline + 1);
        newline = rest.indexOf('\n');
      }
    },
    signal,
  );
  take(rest + decoder.decode());
  if (!done)
    throw new ApiError('network', 'The connection was cut while the server was filtering.');
  return result;
}

function invalid(what: string): ApiError {
  return new ApiError('validation', `The server's filter answer is malformed: ${what}.`);
}

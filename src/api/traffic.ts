/**
 * The traffic capture of an instance, streamed: the viewer forwards the bytes
 * to its worker as they arrive, which parses and validates them off the main
 * thread and shows the first flows long before a big capture has downloaded.
 * The token goes in the Authorization header (never the URL).
 */
import { apiFetch, apiRequest, ApiError } from './client';
import { FlowSchema, type Flow } from '@shared/schemas';
import { competitionParam, instancePath, type ApiScope } from './scope';

export interface TrafficRequest {
  /** a `cursor` of an earlier answer: ask only for what is new (servers without it send everything) */
  since?: string | null;
  /**
   * 'summary' asks for each flow's summary (a local-platform extension; the
   * document then says `view: "summary"`). A server without it sends whole
   * flows, which the reader takes as they are.
   */
  view?: 'summary';
  /**
   * With `view: 'summary'`, 'rows' asks for each summary as an array of
   * values (an extension: far less to parse; the document then says
   * `layout: "rows"` and names the `fields`). A server without it ignores it.
   */
  layout?: 'rows';
  signal?: AbortSignal;
}

/** Opens `GET /instances/{id}/traffic`; resolves once the headers are in. */
export async function openTrafficStream(
  scope: ApiScope,
  id: string,
  { since, view, layout, signal }: TrafficRequest = {},
): Promise<ReadableStream<Uint8Array>> {
  const res = await apiFetch(instancePath(scope, id, '/traffic'), {
    signal,
    timeoutMs: 120_000,
    query: { competition_id: competitionParam(scope), since: since ?? undefined, view, layout },
  });
  return res.body ?? new Blob([]).stream();
}

/**
 * One whole flow of the capture (extension; asked for when a row listed
 * from summaries is opened). A server without the extension answers 404.
 */
export function fetchTrafficFlow(
  scope: ApiScope,
  id: string,
  flowId: string,
  signal?: AbortSignal,
): Promise<Flow> {
  return apiRequest(
    instancePath(scope, id, `/traffic/flows/${encodeURIComponent(flowId)}`),
    FlowSchema,
    { signal, query: { competition_id: competitionParam(scope) } },
  );
}

/**
 * Reads a stream to its end, handing each chunk to `onChunk`. A connection
 * cut half-way becomes an `ApiError` of kind "network".
 */
export async function readStream(
  stream: ReadableStream<Uint8Array>,
  onChunk: (bytes: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<void> {
  const reader = stream.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel);
  try {
    for (;;) {
      let part: ReadableStreamReadResult<Uint8Array>;
      try {
        part = await reader.read();
      } catch (cause) {
        if (signal?.aborted) throw new ApiError('aborted', 'The request was cancelled.', { cause });
        throw new ApiError('network', 'The connection was cut while the capture was loading.', {
          cause,
        });
      }
      if (part.done) return;
      if (signal?.aborted) throw new ApiError('aborted', 'The request was cancelled.');
      onChunk(part.value);
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}

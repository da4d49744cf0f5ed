/**
 * The traffic capture of an instance, fetched as bytes: the viewer hands the
 * ArrayBuffer to its worker, which decodes, parses and validates it off the
 * main thread. The token goes in the Authorization header (never the URL).
 */
import { apiFetch } from './client';
import { competitionParam, instancePath, type ApiScope } from './scope';

export async function fetchTrafficBytes(
  scope: ApiScope,
  id: string,
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  const res = await apiFetch(instancePath(scope, id, '/traffic'), {
    signal,
    timeoutMs: 120_000,
    query: { competition_id: competitionParam(scope) },
  });
  return res.arrayBuffer();
}

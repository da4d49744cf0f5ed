import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { saveBlob } from '../../lib/saveBlob';
import { readBody, type Progress } from './transfer';

export type DownloadState =
  | { phase: 'idle' }
  | { phase: 'downloading'; progress: Progress }
  | { phase: 'saved'; bytes: number }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

const isAbort = (e: unknown) =>
  (e instanceof DOMException && e.name === 'AbortError') || (isApiError(e) && e.kind === 'aborted');

/**
 * One download: fetch (through the API module, bearer token in the header)
 * → read the whole body with progress → check → save. Cancel aborts it;
 * leaving the page does too. Nothing is saved unless every byte arrived.
 */
export function useDownload(
  fetchFile: (signal: AbortSignal) => Promise<Response>,
  fileName: string,
  /** Optional check of the complete body before saving; returns a problem to show. */
  check?: (blob: Blob) => Promise<string | undefined>,
) {
  const [state, setState] = useState<DownloadState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async () => {
    if (controller.current) return; // one at a time
    const ac = new AbortController();
    controller.current = ac;
    setState({ phase: 'downloading', progress: { received: 0, total: undefined } });
    try {
      const res = await fetchFile(ac.signal);
      const blob = await readBody(
        res,
        (progress) => setState({ phase: 'downloading', progress }),
        ac.signal,
      );
      const problem = check ? await check(blob) : undefined;
      if (problem) {
        setState({ phase: 'failed', message: problem });
        return;
      }
      saveBlob(blob, fileName);
      setState({ phase: 'saved', bytes: blob.size });
    } catch (e) {
      setState(isAbort(e) ? { phase: 'cancelled' } : { phase: 'failed', message: errorMessage(e) });
    } finally {
      controller.current = null;
    }
  }, [fetchFile, fileName, check]);

  const cancel = useCallback(() => controller.current?.abort(), []);
  return { state, start, cancel };
}

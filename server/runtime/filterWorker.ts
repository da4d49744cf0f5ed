/**
 * The filter thread: evaluates `/traffic/matches` batches off the platform's
 * event loop (a user's pattern may backtrack for ever; the pool in
 * `filterPool.ts` ends this thread when a batch takes over its budget). One
 * answer at a time: `open`, then batches, then `close`.
 */
import { parentPort } from 'node:worker_threads';
import { MatchSession } from './filterSession';
import { installNativeInflate } from './nativeInflate';
import type { FilterReply, FilterRequest } from './filterPool';

installNativeInflate();
const port = parentPort!;
let session: { id: number; match: MatchSession } | null = null;

async function handle(request: FilterRequest): Promise<FilterReply | null> {
  switch (request.kind) {
    case 'open':
      session = {
        id: request.session,
        match: await MatchSession.open(request.filter, request.flagPattern),
      };
      return { seq: request.seq, lines: [] };
    case 'batch':
      if (session?.id !== request.session) throw new Error('no such filter session');
      return { seq: request.seq, lines: session.match.evaluate(request.batch) };
    case 'close':
      if (session?.id === request.session) session = null;
      return null;
  }
}

port.on('message', (request: FilterRequest) => {
  handle(request).then(
    (reply) => {
      if (reply) port.postMessage(reply);
    },
    (err: unknown) =>
      port.postMessage({
        seq: request.seq,
        error: err instanceof Error ? err.message : String(err),
      } satisfies FilterReply),
  );
});

/**
 * The worker's side of a filter the platform evaluates
 * (`GET …/traffic/matches`, `fetchTrafficMatches` in
 * `src/api/trafficFilter.ts`): when the store holds summaries, an
 * expression that reads headers or bodies (`needsWholeFlows`) cannot run
 * over them, so the worker asks the page (`need-matches`: the page owns the
 * API module and its token), which streams the platform's NDJSON lines back
 * (`matches-line`, `matches-end`); the view shows the flows they name as
 * they come. The whole expression is sent, so a combined one (`~m POST &
 * ~b flag`, `!~h cookie`) is evaluated by the same language over the same
 * flows. An answer is kept per filter and flag pattern with the flows it
 * covered (those in the store when it was asked); flows added or changed
 * since (Live) are evaluated here over their whole flows (a few fetched by
 * id), or the platform is asked again when there are many. A platform
 * without the route (404) is not asked again for this capture: the caller
 * reads whole flows (`WholeFlows.ensure`) as before.
 */
import { matchBatch } from '@shared/capture/filter/batch';
import {
  needsWholeFlows,
  parseFilter,
  someMatch,
  type FilterNode,
} from '@shared/capture/filter/parse';
import type { Flow } from '@shared/schemas';
import type { Post } from './loads';
import type { MatchesOutcome, ToWorker } from './protocol';
import type { TrafficStore } from './store';
import { WHOLE_BY_ID_LIMIT, type WholeFlows } from './wholeFlows';

/** Whether `filter` must run where the whole flows are (throws FilterSyntaxError). */
export function needsServerFilter(filter: string, flagPattern: RegExp): boolean {
  return needsWholeFlows(parseFilter(filter, { flagPattern }));
}

/** Whether the expression has `~flag` (the only operator reading any text). */
export function usesFlagPattern(node: FilterNode | null): boolean {
  return someMatch(node, (match) => match.field === 'anyText');
}

/**
 * A line of the platform's answer marked in `matches` (1 per flow by store
 * index, what `matchFlows` gives for a local filter): its ids match, then
 * those it drops (a newer version that does not) no longer do. Ids of flows
 * not among `matches` (not in the store when asked) are left out. Each id is
 * looked up once, as it comes: the flows matched so far need no pass over
 * the whole store.
 */
export function markMatchLine(
  matches: Uint8Array,
  line: { ids: readonly string[]; dropped: readonly string[] },
  indexOfId: (id: string) => number | undefined,
): void {
  for (const id of line.ids) {
    const i = indexOfId(id);
    if (i !== undefined && i < matches.length) matches[i] = 1;
  }
  for (const id of line.dropped) {
    const i = indexOfId(id);
    if (i !== undefined && i < matches.length) matches[i] = 0;
  }
}

/** The search's progress is told at most this often (each tell renders the status line). */
const PROGRESS_EVERY_MS = 200;

/** The platform could not parse the expression (422): shown as the filter's error. */
export class PlatformFilterError extends Error {
  readonly position: number;
  constructor(message: string) {
    super(message);
    this.name = 'PlatformFilterError';
    // the platform says where: "… (at character 17 of the filter)"
    const at = /\(at character (\d+) of the filter\)/u.exec(message);
    this.position = at ? Math.max(0, Number(at[1]) - 1) : 0;
  }
}

/** answers kept (going back to an earlier filter does not ask again) */
const ANSWERS_KEPT = 8;
/** Rounds of asking before flows still new are read whole instead (a capture written fast). */
const ROUNDS = 4;

interface Answer {
  key: string;
  /** the store's flows when the platform was asked (a flow replaced since is a new object) */
  flows: readonly Flow[];
  /** 1 per flow of `flows` the platform said matches */
  matches: Uint8Array;
}

interface Ask {
  askId: number;
  key: string;
  done: Promise<boolean>;
  line: (msg: Extract<ToWorker, { type: 'matches-line' }>) => void;
  end: (outcome: MatchesOutcome) => void;
  cancel: () => void;
}

export class ServerMatches {
  private asks = 0;
  private current: Ask | null = null;
  /** the platform's answers by filter key, the last used last */
  private readonly answers = new Map<string, Answer>();
  /** the platform has no `traffic/matches` (404): whole flows for this capture */
  private unsupported = false;
  /** filters the page did not ask the platform about (no platform, another flag pattern) */
  private readonly notAsked = new Set<string>();
  /** the status line says the platform is searching */
  private telling = false;

  constructor(
    private readonly store: TrafficStore,
    private readonly post: Post,
    private readonly whole: WholeFlows,
  ) {}

  /** The capture was loaded anew: nothing asked or answered before holds. */
  reset() {
    this.current?.cancel();
    this.answers.clear();
    this.unsupported = false;
    this.notAsked.clear();
  }

  /**
   * The flows (1 per store index) `node` matches, as the platform says for
   * the flows it was asked about and as evaluated here for those added or
   * changed since; `onPartial` is told as the answer comes (the matches so
   * far are made when it asks for them).
   * Null: the platform cannot answer (the caller reads whole flows). Rejects
   * with a `PlatformFilterError` (422), the failure (already told to the
   * page, with Retry), or the signal's reason.
   */
  async matches(
    node: FilterNode,
    filter: string,
    key: string,
    signal: AbortSignal,
    onPartial: (matches: () => Uint8Array) => void,
  ): Promise<Uint8Array | null> {
    for (let round = 0; ; round++) {
      signal.throwIfAborted();
      if (this.unsupported || this.notAsked.has(key)) return null;
      const answer = this.answers.get(key);
      if (answer) {
        const stale = this.staleSince(answer);
        if (stale.length === 0) return answer.matches;
        const few = this.store.summaryIds(stale, WHOLE_BY_ID_LIMIT).length <= WHOLE_BY_ID_LIMIT;
        if (few || round >= ROUNDS) return await this.evaluateHere(node, answer, stale, signal);
      }
      let ask = this.current;
      if (!ask || ask.key !== key) {
        ask?.cancel();
        // asked again (many flows new since): the rows shown stay until the new answer is whole
        ask = this.ask(filter, usesFlagPattern(node), key, answer ? () => undefined : onPartial);
      }
      const stop = () => ask.cancel();
      signal.addEventListener('abort', stop, { once: true });
      try {
        await ask.done;
      } finally {
        signal.removeEventListener('abort', stop);
      }
    }
  }

  private keep(answer: Answer) {
    this.answers.delete(answer.key);
    this.answers.set(answer.key, answer);
    for (const key of this.answers.keys()) {
      if (this.answers.size <= ANSWERS_KEPT) break;
      this.answers.delete(key);
    }
  }

  /** Store indices of the flows added or replaced since `answer` was asked for. */
  private staleSince(answer: Answer): Int32Array {
    const flows = this.store.flows;
    const stale: number[] = [];
    for (let i = 0; i < flows.length; i++) if (flows[i] !== answer.flows[i]) stale.push(i);
    return Int32Array.from(stale);
  }

  /** The answer brought up to date by evaluating the `stale` flows here, whole. */
  private async evaluateHere(
    node: FilterNode,
    answer: Answer,
    stale: Int32Array,
    signal: AbortSignal,
  ): Promise<Uint8Array> {
    await this.whole.ensure(stale, signal);
    const flows = this.store.flows.slice();
    const hits = matchBatch(node, this.store.flowsAt(stale));
    const matches = new Uint8Array(flows.length);
    matches.set(answer.matches.subarray(0, Math.min(answer.matches.length, flows.length)));
    for (let k = 0; k < stale.length; k++) matches[stale[k]!] = hits[k]!;
    // flows hydrated meanwhile are the same flows: the answer covers them all now
    if (this.answers.get(answer.key) === answer) this.keep({ key: answer.key, flows, matches });
    return matches;
  }

  /** Asks the page to ask the platform; `done` resolves when an answer is kept (false: none). */
  private ask(
    filter: string,
    usesFlag: boolean,
    key: string,
    onPartial: (matches: () => Uint8Array) => void,
  ): Ask {
    const askId = ++this.asks;
    const flows = this.store.flows.slice();
    const total = flows.length;
    // the flows matched so far, marked as each line comes (indices never move)
    const matches = new Uint8Array(total);
    const indexOfId = (id: string) => this.store.indexOfId(id);
    let scanned = 0;
    let toldAt = Number.NEGATIVE_INFINITY;
    let tellTimer: ReturnType<typeof setTimeout> | undefined;
    let resolve!: (kept: boolean) => void;
    let reject!: (e: Error) => void;
    const done = new Promise<boolean>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const finish = () => {
      clearTimeout(tellTimer);
      if (this.current === ask) this.current = null;
    };
    const tell = () => {
      toldAt = performance.now();
      this.telling = true;
      this.post({
        type: 'whole-read',
        state: {
          state: 'loading',
          flows: { done: Math.min(scanned, total), total },
          bytes: 0,
          where: 'platform',
        },
      });
    };
    // the latest progress is told, but not more often than every PROGRESS_EVERY_MS
    const tellSoon = () => {
      if (tellTimer !== undefined) return;
      const wait = toldAt + PROGRESS_EVERY_MS - performance.now();
      if (wait <= 0) tell();
      else
        tellTimer = setTimeout(() => {
          tellTimer = undefined;
          if (this.current === ask) tell();
        }, wait);
    };
    const ask: Ask = {
      askId,
      key,
      done,
      line: (msg) => {
        markMatchLine(matches, msg, indexOfId);
        scanned = msg.scanned;
        tellSoon();
        if (msg.ids.length > 0 || msg.dropped.length > 0) onPartial(() => matches);
      },
      end: (outcome) => {
        finish();
        switch (outcome.kind) {
          case 'done':
            this.keep({ key, flows, matches });
            resolve(true);
            return;
          case 'unsupported':
            this.unsupported = true;
            this.idle();
            resolve(false);
            return;
          case 'not-asked':
            this.notAsked.add(key);
            this.idle();
            resolve(false);
            return;
          case 'invalid':
            this.idle();
            reject(new PlatformFilterError(outcome.message));
            return;
          case 'failed':
            // shown until the next view is (`idle`), or Retry asks again
            this.telling = true;
            this.post({ type: 'whole-read', state: { state: 'error', message: outcome.message } });
            reject(new Error(outcome.message));
        }
      },
      cancel: () => {
        if (this.current !== ask) return;
        finish();
        this.post({ type: 'cancel-matches', askId });
        this.idle();
        reject(new Error('A newer filter was asked for.'));
      },
    };
    // nobody may be waiting any more when it ends: not an unhandled rejection
    done.catch(() => undefined);
    this.current = ask;
    this.post({ type: 'need-matches', askId, filter, usesFlag });
    tell();
    return ask;
  }

  /** A filter not asked about with the old flag pattern may be now. */
  flagPatternChanged() {
    this.notAsked.clear();
  }

  /** A line of the platform's answer (the page forwards it). */
  line(msg: Extract<ToWorker, { type: 'matches-line' }>) {
    if (this.current?.askId === msg.askId) this.current.line(msg);
  }

  /** How the platform's answer ended (the page forwards it). */
  end(msg: Extract<ToWorker, { type: 'matches-end' }>) {
    if (this.current?.askId === msg.askId) this.current.end(msg.outcome);
  }

  /**
   * A view was posted: the status line says no more about the platform's
   * search (nor its failure), unless another search runs.
   */
  idle() {
    if (!this.telling || this.current) return;
    this.telling = false;
    this.post({ type: 'whole-read', state: { state: 'idle' } });
  }
}

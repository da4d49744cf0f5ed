/** Messages between the traffic view and its worker. */
import type { Flow } from '@shared/schemas';
import type { DecodedBody } from '@shared/capture/decode';
import type { FlagMatch } from '../flags/collect';
import type { ColumnFacts } from '../listColumns/displayFacts';
import type { SiteNode } from '../sitemap/siteTree';
import type { FlowRow, SortSpec, TimeRange } from './rows';
import type { Timeline } from '../timeline/bins';

export type ToWorker =
  /**
   * The body of `GET /instances/{id}/traffic`, streamed: start, the bytes as
   * they arrive, then end (or fail). `refresh` keeps the flows and merges
   * what comes (new flows are appended, changed ones replaced).
   */
  | { type: 'stream-start'; loadId: number; refresh: boolean }
  | { type: 'stream-chunk'; loadId: number; bytes: ArrayBuffer }
  | { type: 'stream-end'; loadId: number }
  | { type: 'stream-fail'; loadId: number; message: string }
  /** the page stopped the download (left, or turned Live off): no warning */
  | { type: 'stream-cancel'; loadId: number }
  /**
   * A file the user opened: a dump is read in slices (the worker keeps each
   * flow's summary and record range, and reads a flow again when it is
   * opened or its bodies are needed), anything else whole.
   */
  | { type: 'load-file'; loadId: number; file: Blob; name: string }
  | { type: 'query'; seq: number; filter: string; sort: SortSpec; range: TimeRange | null }
  /** the competition's flag pattern (checked by the page); sent before the next query */
  | { type: 'flag-pattern'; pattern: string }
  | { type: 'flags'; requestId: number }
  | { type: 'site-map'; requestId: number }
  | { type: 'timeline'; requestId: number; bins: number }
  /**
   * The flow at `index`, decoded. For a row listed from a summary the worker
   * answers `details-needs-flow` unless it kept the whole flow; the page then
   * asks again with the whole flow it fetched (`flow`, unchecked).
   */
  | { type: 'details'; requestId: number; index: number; flow?: unknown }
  /**
   * Whole flows for rows listed from summaries, asked for by `need-whole`:
   * the whole document streamed (start, chunks, end) or flows fetched one by
   * one (start, flows…, end). `failure` ends it without them.
   */
  | { type: 'whole-start'; loadId: number }
  | { type: 'whole-chunk'; loadId: number; bytes: ArrayBuffer }
  | { type: 'whole-flows'; loadId: number; flows: unknown[] }
  | { type: 'whole-end'; loadId: number; failure: string | null }
  | { type: 'export-har'; requestId: number; indices: Int32Array | null }
  /** whether the worker is free to answer (a filter's pattern may hold it for ever) */
  | { type: 'ping'; requestId: number }
  /**
   * The platform's answer to `need-matches` (`GET …/traffic/matches`), line
   * by line as it arrives (ids that now match, ids whose newer version does
   * not, flows read so far), then how it ended.
   */
  | { type: 'matches-line'; askId: number; ids: string[]; dropped: string[]; scanned: number }
  | { type: 'matches-end'; askId: number; outcome: MatchesOutcome };

/** How the platform's evaluation of a filter ended (`matches-end`). */
export type MatchesOutcome =
  | { kind: 'done' }
  /** no such route (404): whole flows are read instead, from now on for this capture */
  | { kind: 'unsupported' }
  /** not asked (no platform, or `~flag` with another pattern than the platform's): whole flows for this filter */
  | { kind: 'not-asked' }
  /** 422: the platform could not parse the expression */
  | { kind: 'invalid'; message: string }
  /** the connection failed or the answer was malformed */
  | { kind: 'failed'; message: string };

export interface FilterError {
  message: string;
  position: number;
}

export type FromWorker =
  | { type: 'empty'; loadId: number }
  | { type: 'load-error'; loadId: number; message: string }
  | {
      type: 'rows';
      loadId: number;
      /** true on the first chunk of a fresh load: drop the old rows */
      reset: boolean;
      added: FlowRow[];
      updated: FlowRow[];
      /** all raw flows seen so far / in the document */
      done: boolean;
      truncated: boolean;
      warnings: string[];
      /** on the last message of an API load: where to ask for what is new (`?since=`) */
      cursor: string | null;
      /** the columns as a whole after these rows (added by the core to every rows message) */
      columns?: ColumnFacts;
    }
  | {
      type: 'view';
      seq: number;
      indices: Int32Array | null;
      total: number;
      error: FilterError | null;
      /** the filter `indices` answers (after a syntax error: the last valid one) */
      filter: string;
      /** time the worker spent filtering and sorting */
      workerMs: number;
      /** shown while the filter's answer is still coming (the page keeps only whole answers) */
      partial?: boolean;
    }
  | {
      type: 'details';
      requestId: number;
      flow: Flow;
      request: DecodedBody;
      response: DecodedBody | null;
    }
  | { type: 'details-missing'; requestId: number }
  /** the row at `index` was listed from a summary: fetch flow `id` and ask again with it */
  | { type: 'details-needs-flow'; requestId: number; id: string }
  | { type: 'details-error'; requestId: number; message: string }
  /**
   * A filter, the Flags panel or an export needs bodies or headers of rows
   * listed from summaries: fetch these flows (`ids`), or the whole document
   * (null), and send them (`whole-start` … `whole-end`).
   */
  | { type: 'need-whole'; ids: string[] | null }
  /**
   * A header, body or flag filter over rows listed from summaries: ask the
   * platform which flows `filter` matches (`traffic/matches`) and hand the
   * answer back (`matches-line`…, `matches-end`). `usesFlag`: the
   * expression has `~flag` (the platform evaluates it with its own pattern).
   */
  | { type: 'need-matches'; askId: number; filter: string; usesFlag: boolean }
  /** the filter that asked moved on: stop the platform's evaluation */
  | { type: 'cancel-matches'; askId: number }
  /**
   * Whole flows being read by the worker itself from a dump opened as a
   * local file (the page has nothing to fetch): how far, then idle or the
   * failure.
   */
  | {
      type: 'whole-read';
      state:
        | { state: 'idle' }
        | {
            state: 'loading';
            flows: { done: number; total: number };
            bytes: number;
            /** the platform searches them (`traffic/matches`), not read here */
            where?: 'platform';
          }
        | { state: 'error'; message: string };
    }
  | { type: 'flags-error'; requestId: number; message: string }
  | { type: 'flags'; requestId: number; flags: FlagMatch[]; truncated: boolean; pattern: string }
  | { type: 'site-map'; requestId: number; hosts: SiteNode[] }
  | { type: 'timeline'; requestId: number; timeline: Timeline | null }
  | { type: 'har'; requestId: number; blob: Blob; count: number }
  | { type: 'har-error'; requestId: number; message: string }
  | { type: 'pong'; requestId: number };

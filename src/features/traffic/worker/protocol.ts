/** Messages between the traffic view and its worker. */
import type { Flow } from '../../../api/schemas';
import type { DecodedBody } from '../body/decode';
import type { FlowRow, SortSpec } from './rows';

export type ToWorker =
  /** the body of `GET /instances/{id}/traffic`; `refresh` keeps the flows and adds the delta */
  | { type: 'load-api'; loadId: number; buffer: ArrayBuffer; refresh: boolean }
  /** a file the user opened */
  | { type: 'load-file'; loadId: number; buffer: ArrayBuffer; name: string }
  | { type: 'query'; seq: number; filter: string; sort: SortSpec }
  | { type: 'details'; requestId: number; index: number }
  | { type: 'export-har'; requestId: number; indices: Int32Array | null };

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
    }
  | {
      type: 'view';
      seq: number;
      indices: Int32Array | null;
      total: number;
      error: FilterError | null;
    }
  | {
      type: 'details';
      requestId: number;
      flow: Flow;
      request: DecodedBody;
      response: DecodedBody | null;
    }
  | { type: 'details-missing'; requestId: number }
  | { type: 'har'; requestId: number; text: string; count: number }
  | { type: 'har-error'; requestId: number; message: string };

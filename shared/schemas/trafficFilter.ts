/**
 * Extension (local platform): a filter evaluated where the capture's bytes
 * are. `GET /instances/{id}/traffic/matches?filter=<expr>` answers NDJSON,
 * one line per batch of flows read, then one last line.
 */
import { z } from '../zod';
import { InstanceQuerySchema } from './instances';

/** Longest filter expression accepted (typed by a person). */
export const MAX_FILTER_LENGTH = 2000;

export const TrafficMatchesQuerySchema = z.extend(InstanceQuerySchema, {
  /** an expression of the filter language (`shared/capture/filter/parse.ts`); empty: every flow */
  filter: z.string().check(z.maxLength(MAX_FILTER_LENGTH)),
});

/** A batch read: the ids that now match, and those whose newer version no longer does. */
export const TrafficMatchBatchSchema = z.object({
  /** flows read so far (a flow sent twice, open then finished, counts twice) */
  scanned: z.number().check(z.int(), z.nonnegative()),
  ids: z.array(z.string()),
  dropped: z.optional(z.array(z.string())),
});

/** The last line: the whole capture was read (or cut short: `truncated`). */
export const TrafficMatchEndSchema = z.object({
  done: z.literal(true),
  scanned: z.number().check(z.int(), z.nonnegative()),
  /** flows are missing (over the cap, a cut or damaged file, a read error) */
  truncated: z.boolean(),
});

/**
 * The last line of an answer the platform gave up: the filter took over its
 * time budget on a batch (a pattern that backtracks without end). `error`
 * says so in words to show as the filter's error. Not in
 * `TrafficMatchLineSchema`: a reader looks for it first (an older reader
 * takes it as a malformed line, still an error).
 */
export const TrafficMatchErrorSchema = z.object({
  error: z.string(),
});

export type TrafficMatchError = z.infer<typeof TrafficMatchErrorSchema>;

export const TrafficMatchLineSchema = z.union([TrafficMatchEndSchema, TrafficMatchBatchSchema]);
export type TrafficMatchLine = z.infer<typeof TrafficMatchLineSchema>;

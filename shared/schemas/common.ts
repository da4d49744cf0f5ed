/** Shapes every resource uses: instance statuses, topologies, times. */
import { z } from '../zod';

/** Instance status. Known values are listed; any other string is accepted. */
export const KNOWN_STATUSES = [
  'pending',
  'starting',
  'running',
  'stopping',
  'stopped',
  'expired',
  'failed',
] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];
export const TERMINAL_STATUSES: readonly string[] = ['stopped', 'expired', 'failed'];

/** An unknown status is shown as it is and treated as not terminal. */
export function isTerminalStatus(status: string): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export const InstanceStatusSchema = z.string();
export const TopologySchema = z.string(); // "simple" | "engagement" | other
export const Timestamp = z.string();
export const NullableTimestamp = z.optional(z.nullable(Timestamp));

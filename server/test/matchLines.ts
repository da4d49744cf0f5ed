/**
 * For tests of `/traffic/matches`: an answer's lines as `writeMatches`
 * writes them (parsed by the shared schema), and the ids they leave matched.
 */
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { TrafficMatchLineSchema, type TrafficMatchLine } from '../../shared/schemas/trafficFilter';
import { writeMatches } from '../http/trafficFilter';
import type { FilterPool } from '../runtime/filterPool';
import type { TrafficAnswer } from '../runtime/types';

const silent = pino({ level: 'silent' });

/** The lines `writeMatches` writes for `expression` over `answer`. */
export async function matchLines(
  answer: TrafficAnswer,
  query: { expression: string; flagPattern: string },
  pool: FilterPool,
): Promise<TrafficMatchLine[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await writeMatches(out, answer, query, silent, pool);
  await ended;
  return Buffer.concat(chunks)
    .toString()
    .trimEnd()
    .split('\n')
    .map((line) => TrafficMatchLineSchema.parse(JSON.parse(line)));
}

/** The ids the lines leave matched (those a later line drops are not), sorted. */
export function matchedIds(lines: TrafficMatchLine[]): string[] {
  const ids = new Set<string>();
  for (const line of lines) {
    if ('done' in line) continue;
    for (const id of line.ids) ids.add(id);
    for (const id of line.dropped ?? []) ids.delete(id);
  }
  return [...ids].sort();
}

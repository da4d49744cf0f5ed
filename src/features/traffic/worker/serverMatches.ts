/**
 * The worker's side of a filter the platform evaluated
 * (`fetchTrafficMatches` in `src/api/trafficFilter.ts`): when the store
 * holds summaries, an expression that reads headers or bodies
 * (`needsWholeFlows`) cannot run over them, so the page asks the platform,
 * hands the matching ids here, and the view shows the flows they name.
 */
import { needsWholeFlows, parseFilter } from '@shared/capture/filter/parse';

/** Whether `filter` must run where the whole flows are (throws FilterSyntaxError). */
export function needsServerFilter(filter: string, flagPattern: RegExp): boolean {
  return needsWholeFlows(parseFilter(filter, { flagPattern }));
}

/** 1 per flow (by store index) whose id is in `ids`: what `matchFlows` gives for a local filter. */
export function matchesOfIds(
  ids: ReadonlySet<string>,
  flows: readonly { id: string }[],
): Uint8Array {
  const out = new Uint8Array(flows.length);
  for (let i = 0; i < flows.length; i++) out[i] = ids.has(flows[i]!.id) ? 1 : 0;
  return out;
}

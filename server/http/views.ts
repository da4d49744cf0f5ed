/** Database rows to API shapes (see shared/schemas). */
import type {
  PhaseRecord,
  InstanceInfo,
  InstanceStatusResponse,
  Network,
  Question,
  Surface,
  TrafficSummary,
} from '../../shared/schemas';
import type { ChallengeSpec, NetworkInfo, SurfaceEntrypoint } from '../runtime/types';
import type { InstanceRow, QuestionStateRow } from '../store/store';

export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

function surfaceOf(row: InstanceRow): Surface | null {
  if (row.status !== 'running' || !row.surface) return null;
  const entrypoints = JSON.parse(row.surface) as SurfaceEntrypoint[];
  return {
    entrypoints: entrypoints.map((e) => ({
      name: e.name,
      protocol: e.protocol,
      host: e.host,
      port: e.port,
      ...(e.url ? { url: e.url } : {}),
    })),
  };
}

function networkOf(row: InstanceRow): Network | null {
  if (row.status !== 'running' || !row.network) return null;
  const n = JSON.parse(row.network) as NetworkInfo;
  return {
    topology: n.topology,
    ...(n.subnet !== undefined ? { subnet: n.subnet } : {}),
    ...(n.vpn_available !== undefined ? { vpn_available: n.vpn_available } : {}),
  };
}

export function isSolved(spec: ChallengeSpec, states: Map<string, QuestionStateRow>, id: string) {
  return spec.questions.some((q) => q.id === id) && states.get(id)?.solved_at != null;
}

export function isUnlocked(
  spec: ChallengeSpec,
  states: Map<string, QuestionStateRow>,
  requires: string[],
): boolean {
  return requires.every((r) => isSolved(spec, states, r));
}

export function attemptsRemaining(
  maxAttempts: number | null,
  state: QuestionStateRow | undefined,
): number | null {
  if (maxAttempts === null) return null;
  return Math.max(0, maxAttempts - (state?.attempts_used ?? 0));
}

/** Extension fields of an instance (absent when CTFY_EXTENSIONS=off). */
export interface InstanceExtras {
  /** user name of a user id (for `answered_by`) */
  userName(userId: string): string | undefined;
  trafficSummary(instanceId: string): TrafficSummary | null;
}

export function questionViews(
  spec: ChallengeSpec | undefined,
  states: Map<string, QuestionStateRow>,
  extras?: InstanceExtras,
): Question[] {
  if (!spec) return [];
  return spec.questions.map((q) => {
    const state = states.get(q.id);
    const unlocked = isUnlocked(spec, states, q.requires);
    return {
      id: q.id,
      title: q.title,
      prompt: unlocked ? q.prompt : '',
      unlocked,
      answered_correctly: state?.solved_at != null,
      attempts_remaining: attemptsRemaining(q.max_attempts, state),
      max_attempts: q.max_attempts,
      requires: q.requires,
      ...(q.points !== undefined ? { points: q.points } : {}),
      ...(extras
        ? {
            answered_by: state?.solved_by ? (extras.userName(state.solved_by) ?? null) : null,
            answered_at: iso(state?.solved_at),
          }
        : {}),
    };
  });
}

/** The extension fields (see shared/schemas): how it ended, and its start-up phases. */
function endAndPhases(row: InstanceRow) {
  let phases: PhaseRecord[] = [];
  try {
    const parsed: unknown = row.phase_log ? JSON.parse(row.phase_log) : [];
    if (Array.isArray(parsed)) phases = parsed as PhaseRecord[];
  } catch {
    // an unreadable log is no log
  }
  return {
    ended_at: iso(row.ended_at),
    end_reason: row.end_reason ?? null,
    ended_by: row.ended_by ?? null,
    phases,
  };
}

export function instanceInfo(
  row: InstanceRow,
  spec: ChallengeSpec | undefined,
  states: Map<string, QuestionStateRow>,
  extras?: InstanceExtras,
): InstanceInfo {
  const summary = extras?.trafficSummary(row.id);
  return {
    id: row.id,
    challenge_id: row.challenge_id,
    challenge_name: spec?.name ?? row.challenge_id,
    competition_id: row.competition_id,
    team_id: row.team_id,
    started_by: row.started_by_name,
    status: row.status,
    phase: row.phase,
    message: row.message,
    created_at: iso(row.created_at) ?? '',
    ready_at: iso(row.ready_at),
    expires_at: iso(row.expires_at),
    ttl: row.ttl,
    network_topology: spec?.network_topology ?? null,
    surface: surfaceOf(row),
    network: networkOf(row),
    questions: questionViews(spec, states, extras),
    // extensions (end reason, phases, traffic summary): none with CTFY_EXTENSIONS=off
    ...(extras ? endAndPhases(row) : {}),
    ...(summary ? { traffic_summary: summary } : {}),
  };
}

export function statusView(row: InstanceRow, extensions = true): InstanceStatusResponse {
  return {
    id: row.id,
    status: row.status,
    ready: row.status === 'running',
    phase: row.phase,
    message: row.message,
    surface: surfaceOf(row),
    network: networkOf(row),
    expires_at: iso(row.expires_at),
    ready_at: iso(row.ready_at),
    ...(extensions ? endAndPhases(row) : {}),
  };
}

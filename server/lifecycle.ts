/**
 * Instance lifecycle: the only code that changes an instance's status.
 * The runtime reports through `RuntimeEvents`; users stop; the sweeper
 * expires; a solve auto-stops; start-up cleans what a previous run left.
 */
import { randomBytes } from 'node:crypto';
import type { ServerConfig } from './config';
import type { InstanceRow, Store, TeamRow, UserRow } from './store/store';
import { LIVE_STATUSES } from './store/store';
import type { EndReason, PhaseRecord } from '../shared/schemas';
import type {
  ChallengeSpec,
  NetworkInfo,
  PhaseSource,
  Runtime,
  RuntimeEvents,
  SurfaceEntrypoint,
} from './runtime/types';
import { DomainError } from './domainErrors';
import type { ActivityInput, ActivityLog } from './store/activity';

/** Terminal instances stay readable this long after they end. */
export const TERMINAL_VISIBLE_MS = 24 * 3600 * 1000;
export const RESTART_MESSAGE = "The platform restarted; this instance's process is gone.";
export const SHUTDOWN_MESSAGE = 'The platform shut down; the instance was stopped.';
const STOP_WAIT_MS = 10_000;

export function newInstanceId(): string {
  return randomBytes(6).toString('hex');
}

export function clampTtl(config: ServerConfig, ttl: number | undefined): number {
  if (ttl === undefined) return config.defaultInstanceTtlS;
  return Math.max(1, Math.min(ttl, config.maxInstanceTtlS));
}

interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class InstanceLifecycle {
  private runtime: Runtime | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly stopping = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly config: ServerConfig,
    private readonly log: Logger,
    /** the team activity log (extension; absent when extensions are off) */
    private readonly activity?: ActivityLog,
  ) {}

  /** Records an activity event of instance `id` (team and challenge from its row). */
  private note(id: string, kind: string, extra: Omit<ActivityInput, 'teamId' | 'kind'> = {}): void {
    if (!this.activity) return;
    try {
      const row = this.store.instance(id);
      if (!row) return;
      this.activity.add({
        teamId: row.team_id,
        kind,
        instanceId: id,
        challengeId: row.challenge_id,
        ...extra,
      });
    } catch (err) {
      this.log.error({ err, instance: id, kind }, 'could not record activity');
    }
  }

  attach(runtime: Runtime): void {
    this.runtime = runtime;
  }

  private get rt(): Runtime {
    if (!this.runtime) throw new Error('runtime not attached');
    return this.runtime;
  }

  // ---------------------------------------------------------------- events

  /**
   * Events can arrive late (a child exiting after shutdown closed the
   * database): a failure to record one is logged, never thrown into the runtime.
   */
  private guard<A extends unknown[]>(name: string, fn: (...args: A) => void) {
    return (...args: A): void => {
      if (!this.store.db.open) return;
      try {
        fn(...args);
      } catch (err) {
        this.log.error({ err, event: name }, 'could not record a runtime event');
      }
    };
  }

  readonly events: RuntimeEvents = {
    onPhase: this.guard('onPhase', (id: string, phase: string, source?: PhaseSource) => {
      this.store.transitionInstance(id, ['pending', 'starting'], {
        status: 'starting',
        phase,
        phase_log: this.phaseLogWith(id, phase, source ?? 'platform'),
        ...this.pgidPatch(id),
      });
    }),
    onReady: this.guard(
      'onReady',
      (id: string, surface: SurfaceEntrypoint[], network: NetworkInfo) => {
        const changed = this.store.transitionInstance(id, ['pending', 'starting'], {
          status: 'running',
          phase: null,
          ready_at: Date.now(),
          surface: JSON.stringify(surface),
          network: JSON.stringify(network),
          ...this.pgidPatch(id),
        });
        if (changed) this.note(id, 'instance_ready');
      },
    ),
    onFailed: this.guard('onFailed', (id: string, message: string) => this.fail(id, message)),
    onExited: this.guard('onExited', (id: string, message: string) => this.fail(id, message)),
  };

  private pgidPatch(id: string): { pgid?: number } {
    const pgid = this.runtime?.processGroupOf(id);
    return pgid === undefined ? {} : { pgid };
  }

  /** The start-up's phases so far plus this one (kept after the start, for the timeline). */
  private phaseLogWith(id: string, phase: string, source: PhaseSource): string {
    const log = parsePhaseLog(this.store.instance(id)?.phase_log);
    log.push({ phase, source, at: new Date().toISOString() });
    return JSON.stringify(log);
  }

  private fail(id: string, message: string): void {
    const changed = this.store.transitionInstance(id, ['pending', 'starting', 'running'], {
      status: 'failed',
      phase: null,
      message,
      ended_at: Date.now(),
      end_reason: 'failed' satisfies EndReason,
    });
    if (changed) {
      this.log.warn({ instance: id, message }, 'instance failed');
      this.note(id, 'instance_failed', { message });
      // The runtime may still hold a proxy or a half-started group: release it.
      void this.rt.stop(id).catch((err: unknown) => this.log.error({ err, instance: id }));
    }
  }

  // ---------------------------------------------------------------- start

  start(input: {
    user: UserRow;
    team: TeamRow;
    challenge: ChallengeSpec;
    ttl: number | undefined;
  }): InstanceRow {
    const { user, team, challenge } = input;
    const ttl = clampTtl(this.config, input.ttl);
    const id = newInstanceId();
    const now = Date.now();
    // SQLite calls are synchronous: in one immediate transaction the checks and the insert are atomic.
    this.store.db
      .transaction(() => {
        const live = this.store.liveInstancesOfTeam(team.id);
        const same = live.find((i) => i.challenge_id === challenge.id);
        if (same) {
          throw new DomainError(
            'already-running',
            `Your team already runs ${challenge.id} as instance ${same.id} (${same.status}). Open it, or stop it before starting another.`,
          );
        }
        if (live.length >= this.config.maxInstancesPerTeam) {
          throw new DomainError(
            'quota-reached',
            `Your team already runs ${live.length} instances, the most allowed (${this.config.maxInstancesPerTeam}). Stop one of them (${live
              .map((i) => `${i.challenge_id} ${i.id}`)
              .join(', ')}) to free a slot.`,
          );
        }
        this.store.insertInstance({
          id,
          challenge_id: challenge.id,
          competition_id: team.competition_id,
          team_id: team.id,
          started_by: user.id,
          status: 'pending',
          phase: 'queued',
          message: null,
          created_at: now,
          ready_at: null,
          expires_at: now + ttl * 1000,
          ended_at: null,
          ttl,
          surface: null,
          network: null,
          pgid: null,
        });
        this.store.updateInstance(id, {
          phase_log: JSON.stringify([
            { phase: 'queued', source: 'platform', at: new Date(now).toISOString() },
          ] satisfies PhaseRecord[]),
        });
      })
      .immediate();
    this.note(id, 'instance_started', { actor: user.name });

    try {
      this.rt.start({
        instanceId: id,
        challenge,
        attachmentContext: {
          competition: { id: team.competition_id, name: team.competition_name },
          team: { id: team.id, name: team.name },
          instance: { id },
          user: { id: user.id, name: user.name },
        },
      });
      const pgid = this.rt.processGroupOf(id);
      if (pgid !== undefined) this.store.updateInstance(id, { pgid });
    } catch (err) {
      this.log.error({ err, instance: id }, 'runtime.start threw');
      this.fail(id, `The instance could not be started: ${(err as Error).message}`);
    }
    const row = this.store.instance(id);
    if (!row) throw new Error('instance vanished after insert');
    return row;
  }

  // ---------------------------------------------------------------- stop

  /**
   * Ends a live instance with `status` (stopped or expired) and kills its
   * processes. Returns false when it was not live (already ended).
   */
  async end(
    id: string,
    status: 'stopped' | 'expired',
    message: string,
    opts: { wait?: boolean; reason?: EndReason; by?: string } = {},
  ): Promise<boolean> {
    const inFlight = this.stopping.get(id);
    if (inFlight) {
      if (opts.wait) await withTimeout(inFlight, STOP_WAIT_MS);
      return true;
    }
    const changed = this.store.transitionInstance(id, ['pending', 'starting', 'running'], {
      status: status === 'expired' ? 'expired' : 'stopping',
      phase: null,
      message,
      end_reason: status === 'expired' ? 'expired' : (opts.reason ?? 'stopped'),
      ended_by: opts.by ?? null,
      ...(status === 'expired' ? { ended_at: Date.now() } : {}),
    });
    if (!changed) return false;
    this.note(id, 'instance_stopped', {
      actor: opts.by ?? null,
      reason:
        status === 'expired'
          ? 'expired'
          : opts.reason === 'solved'
            ? 'solved'
            : opts.by
              ? 'user'
              : (opts.reason ?? null),
      message,
    });
    const done = this.rt
      .stop(id)
      .catch((err: unknown) => this.log.error({ err, instance: id }, 'runtime.stop failed'))
      .then(() => {
        if (status === 'stopped') {
          this.store.transitionInstance(id, ['stopping'], {
            status: 'stopped',
            ended_at: Date.now(),
          });
        }
      })
      .finally(() => this.stopping.delete(id));
    this.stopping.set(id, done);
    if (opts.wait) await withTimeout(done, STOP_WAIT_MS);
    return true;
  }

  isStopping(id: string): boolean {
    return this.stopping.has(id);
  }

  // ---------------------------------------------------------------- expiry

  sweepExpired(now = Date.now()): void {
    for (const row of this.store.instancesDueToExpire(now)) {
      this.log.info({ instance: row.id }, 'instance expired');
      void this.end(
        row.id,
        'expired',
        'The instance reached the end of its time (TTL) and was stopped.',
      );
    }
  }

  /**
   * Stores the process group of live instances that have one by now (the
   * service may spawn between two events), so a crash never leaves an
   * instance whose processes a restart cannot find.
   */
  recordProcessGroups(): void {
    if (!this.runtime) return;
    for (const row of this.store.liveInstances()) {
      if (row.pgid !== null) continue;
      const pgid = this.runtime.processGroupOf(row.id);
      if (pgid !== undefined) this.store.updateInstance(row.id, { pgid });
    }
  }

  startSweeper(): void {
    this.sweeper = setInterval(() => {
      try {
        this.recordProcessGroups();
        this.sweepExpired();
      } catch (err) {
        this.log.error({ err }, 'expiry sweep failed');
      }
    }, this.config.expirySweepMs);
    this.sweeper.unref();
  }

  // ---------------------------------------------------------------- restart, shutdown

  /** Instances a previous run left live: their processes are gone or orphaned. */
  cleanupAfterRestart(): number {
    const left = this.store.liveInstances();
    for (const row of left) {
      if (row.pgid) {
        try {
          this.rt.killProcessGroup(row.pgid);
        } catch (err) {
          this.log.warn({ err, pgid: row.pgid }, 'could not kill a leftover process group');
        }
      }
      this.store.updateInstance(row.id, {
        status: 'failed',
        phase: null,
        message: RESTART_MESSAGE,
        ended_at: Date.now(),
        end_reason: 'platform_restart' satisfies EndReason,
      });
    }
    return left.length;
  }

  stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  async shutdown(): Promise<void> {
    this.stopSweeper();
    const live = this.store.liveInstances();
    if (this.runtime) {
      try {
        await withTimeout(this.runtime.shutdown(), 15_000);
      } catch (err) {
        this.log.error({ err }, 'runtime shutdown failed');
      }
    }
    await Promise.allSettled([...this.stopping.values()]);
    const now = Date.now();
    for (const row of live) {
      this.store.transitionInstance(row.id, LIVE_STATUSES, {
        status: 'stopped',
        phase: null,
        message: SHUTDOWN_MESSAGE,
        ended_at: now,
        end_reason: 'platform_shutdown' satisfies EndReason,
      });
    }
  }
}

function parsePhaseLog(text: string | null | undefined): PhaseRecord[] {
  if (!text) return [];
  try {
    const log: unknown = JSON.parse(text);
    return Array.isArray(log) ? (log as PhaseRecord[]) : [];
  } catch {
    return [];
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(undefined), ms);
    t.unref();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

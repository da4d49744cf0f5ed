/**
 * The runtime half of the local platform: challenge folders, real service
 * processes in their own process groups, readiness probes, traffic capture
 * (built-in recorder or mitmdump), and per-instance PKI for engagement mode.
 * It reports through `RuntimeEvents`; the HTTP half owns the database.
 *
 * This file keeps the instances and answers for them; `launch.ts` starts one
 * (step by step), `probes.ts` waits for readiness, `groupGuard.ts` takes the
 * process groups down if the platform dies without a shutdown.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Attachments, loadOrCreateSecret } from './attachments';
import { loadCatalog } from './catalog';
import { CaptureStore } from './captures';
import { StderrTail } from './exitReason';
import { launch, type LaunchContext, type LiveInstance } from './launch';
import { groupIsOurs, killGroup, reaped } from './process';
import { guardGroups } from './groupGuard';
import type { CreateRuntime, OpenVpnResult, Runtime, RuntimeOptions } from './types';

export { ChallengeLoadError, loadCatalog, loadChallengeFolder } from './catalog';
export { isSafeAttachmentName } from './attachments';
export { MITMDUMP_PATH } from './launch';

export const createRuntime: CreateRuntime = (options: RuntimeOptions): Runtime => {
  const catalog = loadCatalog(options.challengesDir);
  const attachments = new Attachments(loadOrCreateSecret(options.dataDir));
  const captures = new CaptureStore(
    options.dataDir,
    options.maxCapturedBodyBytes,
    options.maxCapturedFlows,
  );
  const logsDir = join(options.dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const live = new Map<string, LiveInstance>();
  const { events } = options;
  const guard = guardGroups(() => [...live.values()].map((inst) => inst.pgid));

  const safe = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      console.error('[runtime] event handler threw', err);
    }
  };

  const launchContext: LaunchContext = {
    options,
    attachments,
    captures,
    logsDir,
    tellReaper: (line) => guard.tell(line),
    stopInstance: (id) => stopInstance(id),
    safe,
  };

  function stopInstance(id: string): Promise<void> {
    const inst = live.get(id);
    if (!inst) return Promise.resolve();
    inst.stopping ??= (async () => {
      inst.state = 'stopping';
      if (inst.pkiTimer) clearTimeout(inst.pkiTimer);
      inst.pki = undefined;
      await Promise.allSettled(inst.recorders.map((r) => r.close()));
      captures.flush(id);
      if (inst.pgid) {
        await killGroup(inst.pgid);
        await reaped(inst.child);
        guard.tell(`-${inst.pgid}`);
      }
      inst.log?.end();
      live.delete(id);
    })();
    return inst.stopping;
  }

  return {
    catalog,
    challengeAttachments: (challenge) => attachments.challengeAttachments(challenge),
    instanceAttachments: (challenge, ctx) => attachments.instanceAttachments(challenge, ctx),

    start(input) {
      const { instanceId: id } = input;
      if (live.has(id)) return;
      const challenge = catalog.getLoaded(input.challenge.id);
      if (!challenge) {
        setImmediate(() => events.onFailed(id, `Unknown challenge "${input.challenge.id}"`));
        return;
      }
      const inst: LiveInstance = {
        id,
        challenge,
        state: 'starting',
        recorders: [],
        stderr: new StderrTail(),
      };
      live.set(id, inst);
      // report asynchronously: start returns at once
      setImmediate(() => {
        launch(launchContext, inst, input).catch((err: unknown) => {
          if (inst.state === 'starting' || inst.state === 'running')
            safe(() =>
              events.onFailed(
                id,
                `The instance could not be started: ${err instanceof Error ? err.message : String(err)}`,
              ),
            );
          void stopInstance(id);
        });
      });
    },

    stop: stopInstance,

    processGroupOf: (id) => live.get(id)?.pgid,

    killProcessGroup(pgid) {
      if (groupIsOurs(pgid)) void killGroup(pgid);
    },

    openVpnConfig(id, challenge): OpenVpnResult {
      if (challenge.network_topology !== 'engagement') return { state: 'not-engagement' };
      const inst = live.get(id);
      if (!inst || inst.state !== 'running') return { state: 'not-running' };
      if (!inst.pki || inst.pki === 'pending') return { state: 'pki-pending' };
      return { state: 'ready', body: inst.pki.profile };
    },

    traffic(id, since, view) {
      // in one turn: queued flows to the file, then the flows still open
      captures.flush(id);
      const inst = live.get(id);
      const open = inst ? inst.recorders.flatMap((r) => r.liveFlows()) : [];
      return captures.answer(id, since, open, view);
    },

    async trafficFlow(id, flowId) {
      captures.flush(id);
      const open = live.get(id)?.recorders.flatMap((r) => r.liveFlows()) ?? [];
      // a finished flow is in the file; one still open only in its recorder
      return (await captures.flow(id, flowId)) ?? open.find((f) => f.id === flowId) ?? null;
    },

    async shutdown() {
      await Promise.allSettled([...live.keys()].map((id) => stopInstance(id)));
      guard.dispose();
    },
  };
};

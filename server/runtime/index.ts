/**
 * The runtime half of the local platform: challenge folders, real service
 * processes in their own process groups, readiness probes, traffic capture
 * (built-in recorder or mitmdump), and per-instance PKI for engagement mode.
 * It reports through `RuntimeEvents`; the HTTP half owns the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Attachments, loadOrCreateSecret } from './attachments';
import { loadCatalog, type LoadedChallenge } from './catalog';
import { CaptureStore } from './captures';
import { makeInstancePki, openVpnProfile, type InstancePki } from './pki';
import { freeTcpPorts, freeUdpPort } from './ports';
import { groupIsOurs, killGroup, MARKER_ENV, resolveCommand, sleep, spawnGroup } from './process';
import { StderrTail } from './exitReason';
import { startRecorder, type Recorder } from './recorder';
import type {
  CreateRuntime,
  NetworkInfo,
  OpenVpnResult,
  Runtime,
  RuntimeOptions,
  StartInstanceInput,
  SurfaceEntrypoint,
} from './types';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

export { ChallengeLoadError, loadCatalog, loadChallengeFolder } from './catalog';
export { isSafeAttachmentName } from './attachments';

const LOOPBACK = '127.0.0.1';
const PROBE_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 1000;
export const MITMDUMP_PATH = '/usr/bin/mitmdump';
const MITMDUMP_START_TIMEOUT_MS = 45_000;
const REAPER_SCRIPT = join(HERE, 'reaper.mjs');
const MITM_FLUSH_ADDON = join(HERE, 'mitm_flush.py');

interface LiveInstance {
  id: string;
  challenge: LoadedChallenge;
  state: 'starting' | 'running' | 'stopping';
  pgid?: number;
  child?: ChildProcess;
  log?: WriteStream;
  recorders: Recorder[];
  pkiTimer?: NodeJS.Timeout;
  pki?: { profile: string } | 'pending';
  stderr: StderrTail;
  stopping?: Promise<void>;
}

function envName(entrypoint: string): string {
  return entrypoint.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function subnetFor(id: string): string {
  const h = createHash('sha256').update(id).digest();
  return `10.${(h[0]! % 200) + 20}.${h[1]!}.0/24`;
}

function probeHttp(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: LOOPBACK, port, path, agent: false, timeout: PROBE_TIMEOUT_MS },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 400) resolve();
        else reject(new Error(`GET ${path} answered ${code}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', (err) => reject(new Error(describeError(err))));
  });
}

function probeTcp(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: LOOPBACK, port, timeout: PROBE_TIMEOUT_MS });
    sock.once('connect', () => {
      sock.destroy();
      resolve();
    });
    sock.once('timeout', () => {
      sock.destroy();
      reject(new Error(`TCP connect to port ${port} timed out`));
    });
    sock.once('error', (err) => reject(new Error(describeError(err))));
  });
}

/** Resolves once Node has reaped the child (its 'exit' fired), or after 2 s. */
function reaped(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function probeSidecar(port: number): Promise<void> {
  try {
    await probeTcp(port);
  } catch {
    throw new Error(`mitmdump on port ${port} is not listening yet`);
  }
}

function describeError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  return err.message || code || 'unknown error';
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}` : s.toFixed(1);
}

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

  // Last resort: if this process exits without a shutdown (a crash, an
  // uncaught error), take the service groups down with it.
  const killAllOnExit = () => {
    for (const inst of live.values())
      if (inst.pgid)
        try {
          process.kill(-inst.pgid, 'SIGKILL');
        } catch {
          // gone
        }
  };
  process.on('exit', killAllOnExit);

  // The reaper kills the service groups if this process dies without a
  // shutdown, even by SIGKILL (then no 'exit' handler runs).
  let reaper: ChildProcess | undefined;
  const tellReaper = (line: string) => {
    try {
      if (!reaper) {
        reaper = spawn(process.execPath, [REAPER_SCRIPT], {
          detached: true,
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        reaper.on('error', () => (reaper = undefined));
        reaper.stdin?.on('error', () => {});
        reaper.unref();
        (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      }
      reaper.stdin?.write(line + '\n');
    } catch {
      // without a reaper, the 'exit' handler and a restart's cleanup remain
    }
  };

  const safe = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      console.error('[runtime] event handler threw', err);
    }
  };

  async function run(inst: LiveInstance, input: StartInstanceInput): Promise<void> {
    const { challenge, id } = inst;
    const alive = () => inst.state === 'starting';
    const mitm = options.captureMode === 'mitmdump';

    safe(() => events.onPhase(id, 'allocating ports'));
    const httpEntrypoints = challenge.entrypoints.filter((e) => e.protocol === 'http');
    const tcpPorts = await freeTcpPorts(
      challenge.entrypoints.length + (mitm ? httpEntrypoints.length : 0),
    );
    const servicePorts = new Map<string, number>();
    for (const [i, e] of challenge.entrypoints.entries())
      servicePorts.set(e.name, e.protocol === 'udp' ? await freeUdpPort() : tcpPorts[i]!);
    if (!alive()) return;
    const mitmPorts = new Map(
      httpEntrypoints.map((e, i) => [e.name, tcpPorts[challenge.entrypoints.length + i]!]),
    );

    safe(() => events.onPhase(id, 'starting service'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LANG: process.env.LANG ?? 'C.UTF-8',
      HOST: LOOPBACK,
      INSTANCE_ID: id,
      [MARKER_ENV]: id,
      CHALLENGE_ID: challenge.id,
      TEAM_ID: input.attachmentContext.team.id,
      TEAM_NAME: input.attachmentContext.team.name,
      TEAM_SECRET: attachments.teamSecret(
        input.attachmentContext.competition.id,
        input.attachmentContext.team.id,
        challenge.id,
      ),
      ...challenge.service.env,
    };
    for (const [name, port] of servicePorts) env[`PORT_${envName(name)}`] = String(port);
    env.PORT = String(servicePorts.get(challenge.entrypoints[0]!.name));

    const log = createWriteStream(join(logsDir, `${id}.log`), { flags: 'a' });
    log.on('error', () => {});
    inst.log = log;
    let { file, args } = resolveCommand(
      challenge.dir,
      challenge.service.command,
      challenge.service.args,
    );
    if (mitm && httpEntrypoints.length > 0) {
      // mitmdump runs in the service's process group: a shell starts each
      // sidecar in the background, then becomes the service with exec.
      const parts: string[] = [];
      const shArgs: string[] = [];
      httpEntrypoints.forEach((e, i) => {
        const base = shArgs.length;
        shArgs.push(
          `reverse:http://${LOOPBACK}:${servicePorts.get(e.name)}`,
          String(mitmPorts.get(e.name)),
          captures.mitmPath(id, i),
          join(logsDir, `${id}.mitmdump.log`),
        );
        parts.push(
          `"${MITMDUMP_PATH}" --mode "$${base + 1}" --listen-host ${LOOPBACK} --listen-port "$${base + 2}" -w "$${base + 3}" -s "${MITM_FLUSH_ADDON}" -q >>"$${base + 4}" 2>&1 &`,
        );
      });
      const script = `${parts.join(' ')} shift ${shArgs.length}; exec "$@"`;
      args = ['-c', script, 'ctfy-service', ...shArgs, file, ...args];
      env.PYTHONDONTWRITEBYTECODE = '1'; // no __pycache__ beside the addon
      file = '/bin/sh';
    }
    log.write(
      `# ${new Date().toISOString()} instance ${id} (${challenge.id}): ${file} ${args.join(' ')}\n`,
    );
    if (!alive()) return;

    const { child, pgid } = spawnGroup(file, args, challenge.dir, env);
    inst.child = child;
    if (pgid > 0) {
      inst.pgid = pgid;
      tellReaper(`+${pgid}`);
    }
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^PHASE:\s*(.+)$/.exec(line.trim());
        if (m && alive()) safe(() => events.onPhase(id, m[1]!.slice(0, 200)));
      });
    if (child.stderr)
      createInterface({ input: child.stderr }).on('line', (line) => inst.stderr.push(line));

    let exited = false;
    child.on('error', (err) => {
      exited = true;
      if (inst.state === 'starting')
        safe(() => events.onFailed(id, `The service could not be started: ${err.message}`));
      void stopInstance(id);
    });
    child.on('exit', (code, signal) => {
      exited = true;
      // give the last stderr lines a moment to arrive
      setTimeout(() => {
        const how = code !== null ? `with code ${code}` : `on signal ${signal}`;
        const reason = inst.stderr.reason();
        const tail = reason ? `: ${reason}` : '';
        if (inst.state === 'starting')
          safe(() => events.onFailed(id, `The service exited ${how} before it was ready${tail}`));
        else if (inst.state === 'running')
          safe(() => events.onExited(id, `The service exited unexpectedly ${how}${tail}`));
        void stopInstance(id);
      }, 50);
    });
    if (pgid <= 0) return;

    safe(() => events.onPhase(id, 'waiting for health check'));
    const readiness = challenge.readiness;
    const target =
      challenge.entrypoints.find((e) => e.name === readiness.entrypoint) ??
      challenge.entrypoints[0]!;
    const targetPort = servicePorts.get(target.name)!;
    const timeoutMs = readiness.timeout_ms ?? options.readinessTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    let lastError = 'no probe finished';
    let passed = false;
    while (alive() && !exited) {
      try {
        if (readiness.type === 'http') await probeHttp(targetPort, readiness.path);
        else await probeTcp(targetPort);
        passed = true;
        break;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() >= deadline) break;
      await sleep(PROBE_INTERVAL_MS);
    }
    if (!alive() || exited) return;
    if (!passed) {
      inst.state = 'stopping'; // the kill that follows is not an "exit"
      safe(() =>
        events.onFailed(
          id,
          `Health check did not pass within ${seconds(timeoutMs)} s (last error: ${lastError})`,
        ),
      );
      await stopInstance(id);
      return;
    }
    if (mitm && mitmPorts.size > 0) {
      // mitmdump (Python) can take several seconds to listen on a busy machine
      safe(() => events.onPhase(id, 'starting mitmdump'));
      const sidecarDeadline = Date.now() + Math.max(timeoutMs, MITMDUMP_START_TIMEOUT_MS);
      let sidecarError: string | undefined = 'not probed';
      while (alive() && !exited && sidecarError !== undefined) {
        sidecarError = undefined;
        for (const p of mitmPorts.values())
          await probeSidecar(p).catch((err: Error) => (sidecarError = err.message));
        if (sidecarError === undefined || Date.now() >= sidecarDeadline) break;
        await sleep(PROBE_INTERVAL_MS);
      }
      if (!alive() || exited) return;
      if (sidecarError !== undefined) {
        inst.state = 'stopping';
        safe(() =>
          events.onFailed(
            id,
            `The traffic capture (mitmdump) did not start within ${seconds(Math.max(timeoutMs, MITMDUMP_START_TIMEOUT_MS))} s (${sidecarError}); see DATA_DIR/logs/${id}.mitmdump.log`,
          ),
        );
        await stopInstance(id);
        return;
      }
    }

    const surface: SurfaceEntrypoint[] = [];
    for (const e of challenge.entrypoints) {
      const port = servicePorts.get(e.name)!;
      if (e.protocol === 'http') {
        let front: number;
        if (mitm) front = mitmPorts.get(e.name)!;
        else {
          const rec = await startRecorder({
            target: { host: LOOPBACK, port },
            listenPort: 0,
            maxBodyBytes: options.maxCapturedBodyBytes,
            onFlow: (flow) => captures.append(id, flow),
          });
          inst.recorders.push(rec);
          if (!alive()) {
            await rec.close();
            return;
          }
          front = rec.port;
        }
        surface.push({
          name: e.name,
          protocol: 'http',
          host: LOOPBACK,
          port: front,
          url: `http://${LOOPBACK}:${front}/`,
        });
      } else if (e.protocol === 'https') {
        surface.push({
          name: e.name,
          protocol: 'https',
          host: LOOPBACK,
          port,
          url: `https://${LOOPBACK}:${port}/`,
        });
      } else {
        surface.push({ name: e.name, protocol: e.protocol, host: LOOPBACK, port });
      }
    }
    if (!mitm && inst.recorders.length > 0) captures.create(id);
    const network: NetworkInfo =
      challenge.network_topology === 'engagement'
        ? { topology: 'engagement', subnet: challenge.subnet ?? subnetFor(id), vpn_available: true }
        : { topology: 'simple' };
    inst.state = 'running';
    safe(() => events.onReady(id, surface, network));

    if (challenge.network_topology === 'engagement') {
      inst.pki = 'pending';
      inst.pkiTimer = setTimeout(() => {
        void (async () => {
          try {
            const [pki, port]: [InstancePki, number] = await Promise.all([
              makeInstancePki(id),
              freeUdpPort(),
            ]);
            if (inst.state === 'running')
              inst.pki = { profile: openVpnProfile(pki, { host: LOOPBACK, port }, id) };
          } catch (err) {
            log.write(`# PKI failed: ${err instanceof Error ? err.message : String(err)}\n`);
          }
        })();
      }, options.pkiDelayMs);
    }
  }

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
        tellReaper(`-${inst.pgid}`);
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
        run(inst, input).catch((err: unknown) => {
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

    traffic(id, since) {
      // in one turn: queued flows to the file, then the flows still open
      captures.flush(id);
      const inst = live.get(id);
      const open = inst ? inst.recorders.flatMap((r) => r.liveFlows()) : [];
      return captures.answer(id, since, open);
    },

    async shutdown() {
      await Promise.allSettled([...live.keys()].map((id) => stopInstance(id)));
      process.off('exit', killAllOnExit);
      reaper?.stdin?.end();
      reaper = undefined;
    },
  };
};

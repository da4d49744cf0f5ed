/**
 * Starting one instance, step by step: ports, the service's environment and
 * command (wrapped with mitmdump sidecars in that capture mode), the process
 * and what it prints, the readiness wait, the capture proxies in front of its
 * HTTP entrypoints, and, for engagement mode, the VPN keys a moment later.
 * Every step checks that the instance is still wanted (a stop may come at
 * any time) and reports through `RuntimeEvents`.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Attachments } from './attachments';
import type { CaptureStore } from './captures';
import type { LoadedChallenge } from './catalog';
import type { StderrTail } from './exitReason';
import { makeInstancePki, openVpnProfile, type InstancePki } from './pki';
import { freeTcpPorts, freeUdpPort } from './ports';
import { LOOPBACK, seconds, waitForSidecars, waitUntilReady } from './probes';
import { MARKER_ENV, resolveCommand, spawnGroup } from './process';
import { startRecorder, type Recorder } from './recorder';
import { flowMark } from './trafficSummary';
import type { NetworkInfo, RuntimeOptions, StartInstanceInput, SurfaceEntrypoint } from './types';

const HERE = dirname(fileURLToPath(import.meta.url));
export const MITMDUMP_PATH = '/usr/bin/mitmdump';
const MITMDUMP_START_TIMEOUT_MS = 45_000;
const MITM_FLUSH_ADDON = join(HERE, 'mitm_flush.py');

export interface LiveInstance {
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

/** What a launch shares with the runtime that runs it. */
export interface LaunchContext {
  options: RuntimeOptions;
  attachments: Attachments;
  captures: CaptureStore;
  logsDir: string;
  /** tells the reaper about a process group (`+pgid`) */
  tellReaper(line: string): void;
  stopInstance(id: string): Promise<void>;
  /** runs an event handler; a handler that throws never breaks the runtime */
  safe: (fn: () => void) => void;
}

interface Ports {
  /** each entrypoint's port on the service */
  service: Map<string, number>;
  /** each HTTP entrypoint's mitmdump port (mitmdump mode only) */
  mitm: Map<string, number>;
}

function envName(entrypoint: string): string {
  return entrypoint.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function subnetFor(id: string): string {
  const h = createHash('sha256').update(id).digest();
  return `10.${(h[0]! % 200) + 20}.${h[1]!}.0/24`;
}

async function allocatePorts(challenge: LoadedChallenge, mitm: boolean): Promise<Ports> {
  const httpEntrypoints = challenge.entrypoints.filter((e) => e.protocol === 'http');
  const tcpPorts = await freeTcpPorts(
    challenge.entrypoints.length + (mitm ? httpEntrypoints.length : 0),
  );
  const service = new Map<string, number>();
  for (const [i, e] of challenge.entrypoints.entries())
    service.set(e.name, e.protocol === 'udp' ? await freeUdpPort() : tcpPorts[i]!);
  const mitmPorts = new Map(
    httpEntrypoints.map((e, i) => [e.name, tcpPorts[challenge.entrypoints.length + i]!]),
  );
  return { service, mitm: mitmPorts };
}

function serviceEnv(
  ctx: LaunchContext,
  inst: LiveInstance,
  input: StartInstanceInput,
  ports: Ports,
): NodeJS.ProcessEnv {
  const { challenge, id } = inst;
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
    TEAM_SECRET: ctx.attachments.teamSecret(
      input.attachmentContext.competition.id,
      input.attachmentContext.team.id,
      challenge.id,
    ),
    ...challenge.service.env,
  };
  for (const [name, port] of ports.service) env[`PORT_${envName(name)}`] = String(port);
  env.PORT = String(ports.service.get(challenge.entrypoints[0]!.name));
  return env;
}

/** The service's command; in mitmdump mode, a shell that starts the sidecars and then becomes it. */
function serviceCommand(
  ctx: LaunchContext,
  inst: LiveInstance,
  env: NodeJS.ProcessEnv,
  ports: Ports,
  mitm: boolean,
): { file: string; args: string[] } {
  const { challenge, id } = inst;
  let { file, args } = resolveCommand(
    challenge.dir,
    challenge.service.command,
    challenge.service.args,
  );
  const httpEntrypoints = challenge.entrypoints.filter((e) => e.protocol === 'http');
  if (mitm && httpEntrypoints.length > 0) {
    // mitmdump runs in the service's process group: a shell starts each
    // sidecar in the background, then becomes the service with exec.
    const parts: string[] = [];
    const shArgs: string[] = [];
    httpEntrypoints.forEach((e, i) => {
      const base = shArgs.length;
      shArgs.push(
        `reverse:http://${LOOPBACK}:${ports.service.get(e.name)}`,
        String(ports.mitm.get(e.name)),
        ctx.captures.mitmPath(id, i),
        join(ctx.logsDir, `${id}.mitmdump.log`),
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
  return { file, args };
}

/**
 * Logs what the service prints, turns `PHASE:` lines into phases, keeps its
 * stderr's tail, and reports an exit; `exited()` says whether it has ended.
 */
function watchService(
  ctx: LaunchContext,
  inst: LiveInstance,
  child: ChildProcess,
  log: WriteStream,
): { exited: () => boolean } {
  const { id } = inst;
  const { events } = ctx.options;
  const { safe } = ctx;
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^PHASE:\s*(.+)$/.exec(line.trim());
      if (m && inst.state === 'starting')
        safe(() => events.onPhase(id, m[1]!.slice(0, 200), 'service'));
    });
  if (child.stderr)
    createInterface({ input: child.stderr }).on('line', (line) => inst.stderr.push(line));

  let exited = false;
  child.on('error', (err) => {
    exited = true;
    if (inst.state === 'starting')
      safe(() => events.onFailed(id, `The service could not be started: ${err.message}`));
    void ctx.stopInstance(id);
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
      void ctx.stopInstance(id);
    }, 50);
  });
  return { exited: () => exited };
}

/** The attack surface: HTTP entrypoints behind a recorder (or mitmdump); undefined if stopped meanwhile. */
async function buildSurface(
  ctx: LaunchContext,
  inst: LiveInstance,
  ports: Ports,
  mitm: boolean,
): Promise<SurfaceEntrypoint[] | undefined> {
  const { challenge, id } = inst;
  const surface: SurfaceEntrypoint[] = [];
  for (const e of challenge.entrypoints) {
    const port = ports.service.get(e.name)!;
    if (e.protocol === 'http') {
      let front: number;
      if (mitm) front = ports.mitm.get(e.name)!;
      else {
        const rec = await startRecorder({
          target: { host: LOOPBACK, port },
          listenPort: 0,
          maxBodyBytes: ctx.options.maxCapturedBodyBytes,
          onFlow: (flow) => {
            ctx.captures.append(id, flow);
            const { events } = ctx.options;
            if (events.onFlow) ctx.safe(() => events.onFlow?.(id, flowMark(flow)));
          },
        });
        inst.recorders.push(rec);
        if (inst.state !== 'starting') {
          await rec.close();
          return undefined;
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
  return surface;
}

/** Engagement mode: the instance's VPN keys, made `pkiDelayMs` after it runs. */
function schedulePki(ctx: LaunchContext, inst: LiveInstance, log: WriteStream): void {
  const { id } = inst;
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
  }, ctx.options.pkiDelayMs);
}

/** Starts `inst` and reports until it runs, fails or is stopped. */
export async function launch(
  ctx: LaunchContext,
  inst: LiveInstance,
  input: StartInstanceInput,
): Promise<void> {
  const { challenge, id } = inst;
  const { options, safe } = ctx;
  const { events } = options;
  const alive = () => inst.state === 'starting';
  const mitm = options.captureMode === 'mitmdump';

  safe(() => events.onPhase(id, 'allocating ports'));
  const ports = await allocatePorts(challenge, mitm);
  if (!alive()) return;

  safe(() => events.onPhase(id, 'starting service'));
  const env = serviceEnv(ctx, inst, input, ports);
  const log = createWriteStream(join(ctx.logsDir, `${id}.log`), { flags: 'a' });
  log.on('error', () => {});
  inst.log = log;
  const { file, args } = serviceCommand(ctx, inst, env, ports, mitm);
  log.write(
    `# ${new Date().toISOString()} instance ${id} (${challenge.id}): ${file} ${args.join(' ')}\n`,
  );
  if (!alive()) return;

  const { child, pgid } = spawnGroup(file, args, challenge.dir, env);
  inst.child = child;
  if (pgid > 0) {
    inst.pgid = pgid;
    ctx.tellReaper(`+${pgid}`);
  }
  const { exited } = watchService(ctx, inst, child, log);
  if (pgid <= 0) return;

  safe(() => events.onPhase(id, 'waiting for health check'));
  const readiness = challenge.readiness;
  const target =
    challenge.entrypoints.find((e) => e.name === readiness.entrypoint) ?? challenge.entrypoints[0]!;
  const timeoutMs = readiness.timeout_ms ?? options.readinessTimeoutMs;
  const wanted = () => alive() && !exited();
  const { passed, lastError } = await waitUntilReady(
    readiness,
    ports.service.get(target.name)!,
    timeoutMs,
    wanted,
  );
  if (!wanted()) return;
  if (!passed) {
    inst.state = 'stopping'; // the kill that follows is not an "exit"
    safe(() =>
      events.onFailed(
        id,
        `Health check did not pass within ${seconds(timeoutMs)} s (last error: ${lastError})`,
      ),
    );
    await ctx.stopInstance(id);
    return;
  }
  if (mitm && ports.mitm.size > 0) {
    // mitmdump (Python) can take several seconds to listen on a busy machine
    safe(() => events.onPhase(id, 'starting mitmdump'));
    const sidecarTimeoutMs = Math.max(timeoutMs, MITMDUMP_START_TIMEOUT_MS);
    const sidecarError = await waitForSidecars(ports.mitm.values(), sidecarTimeoutMs, wanted);
    if (!wanted()) return;
    if (sidecarError !== undefined) {
      inst.state = 'stopping';
      safe(() =>
        events.onFailed(
          id,
          `The traffic capture (mitmdump) did not start within ${seconds(sidecarTimeoutMs)} s (${sidecarError}); see DATA_DIR/logs/${id}.mitmdump.log`,
        ),
      );
      await ctx.stopInstance(id);
      return;
    }
  }

  const surface = await buildSurface(ctx, inst, ports, mitm);
  if (!surface) return;
  if (!mitm && inst.recorders.length > 0) ctx.captures.create(id);
  const network: NetworkInfo =
    challenge.network_topology === 'engagement'
      ? { topology: 'engagement', subnet: challenge.subnet ?? subnetFor(id), vpn_available: true }
      : { topology: 'simple' };
  inst.state = 'running';
  safe(() => events.onReady(id, surface, network));

  if (challenge.network_topology === 'engagement') schedulePki(ctx, inst, log);
}

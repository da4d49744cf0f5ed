/**
 * Readiness probes: an HTTP GET or a TCP connect on loopback, repeated until
 * the service passes, gives up on its deadline, or is no longer wanted; and
 * the same wait for mitmdump sidecars.
 */
import http from 'node:http';
import { connect } from 'node:net';
import type { LoadedChallenge } from './catalog';
import { sleep } from './process';

export const LOOPBACK = '127.0.0.1';
const PROBE_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 1000;

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

/** `20`, `2.5`: milliseconds as seconds for a message. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}` : s.toFixed(1);
}

/**
 * Probes the service's readiness check on `port` until it passes, `wanted()`
 * turns false, or `timeoutMs` has passed; `lastError` says why it did not pass.
 */
export async function waitUntilReady(
  readiness: LoadedChallenge['readiness'],
  port: number,
  timeoutMs: number,
  wanted: () => boolean,
): Promise<{ passed: boolean; lastError: string }> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no probe finished';
  let passed = false;
  while (wanted()) {
    try {
      if (readiness.type === 'http') await probeHttp(port, readiness.path);
      else await probeTcp(port);
      passed = true;
      break;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) break;
    await sleep(PROBE_INTERVAL_MS);
  }
  return { passed, lastError };
}

/**
 * Waits until every mitmdump sidecar listens, `wanted()` turns false, or
 * `timeoutMs` has passed; the error of the last failed probe, or undefined
 * when all listen.
 */
export async function waitForSidecars(
  ports: Iterable<number>,
  timeoutMs: number,
  wanted: () => boolean,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  const list = [...ports]; // probed on every round
  let sidecarError: string | undefined = 'not probed';
  while (wanted() && sidecarError !== undefined) {
    sidecarError = undefined;
    for (const p of list) await probeSidecar(p).catch((err: Error) => (sidecarError = err.message));
    if (sidecarError === undefined || Date.now() >= deadline) break;
    await sleep(PROBE_INTERVAL_MS);
  }
  return sidecarError;
}

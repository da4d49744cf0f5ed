/** Process groups: spawn a service as a group leader, kill the whole group. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * Whether any process of the group can still run. Zombies do not count: a
 * killed grandchild whose parent died waits for init to reap it, which on
 * some machines takes a while, yet it holds no port and runs no code.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const members = groupMembers(pgid);
  return members === null || members.some((m) => m.state !== 'Z');
}

/** The group's processes from /proc, or null where there is no /proc. */
function groupMembers(pgid: number): { pid: number; state: string }[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const out: { pid: number; state: string }[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) out.push({ pid: Number(name), state: fields[0] ?? '?' });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM the group, then SIGKILL after `graceMs`; resolves when it is gone. */
export async function killGroup(pgid: number, graceMs = 2000): Promise<void> {
  if (!Number.isInteger(pgid) || pgid <= 1 || pgid === process.pid) return;
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    const hard = Date.now() + 2000;
    while (groupAlive(pgid) && Date.now() < hard) await sleep(25);
  }
}

/** Set in every service's environment, so leftovers can be told apart from strangers. */
export const MARKER_ENV = 'CTFY_INSTANCE_ID';

/**
 * Whether a process group still holds one of our services (a member has
 * MARKER_ENV in its environment). A restarted platform kills a pgid from its
 * database only if so: after a reboot the number may belong to anyone.
 * Without /proc (not Linux) it cannot tell and says yes.
 */
export function groupIsOurs(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  const needle = Buffer.from(`${MARKER_ENV}=`);
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // state ppid pgrp …
      if (readFileSync(`/proc/${name}/environ`).includes(needle)) return true;
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return false;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How a metadata `service.command` becomes an executable and arguments. */
export function resolveCommand(
  dir: string,
  command: string,
  args: string[],
): { file: string; args: string[] } {
  if (command === 'node') return { file: process.execPath, args };
  if (/\.(mjs|cjs|js)$/.test(command))
    return {
      file: process.execPath,
      args: [isAbsolute(command) ? command : join(dir, command), ...args],
    };
  if (command.startsWith('./')) return { file: join(dir, command), args };
  return { file: command, args };
}

export interface SpawnedGroup {
  child: ChildProcess;
  pgid: number;
}

/** Spawns `file args` detached (its own process group), stdio piped. */
export function spawnGroup(
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): SpawnedGroup {
  const child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    // spawn failed synchronously (ENOENT arrives as an 'error' event): caller handles it
    return { child, pgid: -1 };
  }
  return { child, pgid: child.pid };
}

/** Resolves once Node has reaped the child (its 'exit' fired), or after 2 s. */
export function reaped(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

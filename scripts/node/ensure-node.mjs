#!/usr/bin/env node
/**
 * A supported Node for this project, from the npm registry only.
 *
 * The project needs Node >= 22.19 (node:sqlite unflagged since 22.13; Lighthouse 13
 * needs 22.19; dependencies such
 * as cookie@2 require 22). On an older Node this fetches the official binary
 * the registry ships as a package (`node-<platform>-<arch>`, no install
 * scripts) into a cache folder outside the repository, once.
 *
 *   node scripts/node/ensure-node.mjs            (npm's postinstall) on an old
 *       Node, links node_modules/.bin/node to the cached Node 22, so every npm
 *       script and `npx` command of the project runs on it; on a supported
 *       Node, removes that link if an earlier install made it.
 *   node scripts/node/ensure-node.mjs --bin 24   (.ci/run) fetches that line
 *       (22 or 24) and prints the folder holding its `node`, for PATH.
 *   node scripts/node/ensure-node.mjs --is-supported   exits 0 when this Node is.
 *
 * Cache: $CTFY_NODE_CACHE, else $XDG_CACHE_HOME/ctfy-dashboard/node, else
 * ~/.cache/ctfy-dashboard/node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest release of each supported line the registry had when this was written. */
export const PINNED = { 22: '22.23.5', 24: '24.22.3' };
export const MINIMUM = [22, 19, 0];

export function isSupported(version = process.versions.node) {
  const [major, minor, patch] = version.split('.').map(Number);
  const [m0, m1, m2] = MINIMUM;
  if (major !== m0) return major > m0;
  if (minor !== m1) return minor > m1;
  return patch >= m2;
}

function packageName() {
  const os = { linux: 'linux', darwin: 'darwin' }[process.platform];
  const cpu = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (!os || !cpu) {
    throw new Error(
      `No Node binary package for ${process.platform}-${process.arch}: install Node ${MINIMUM.join('.')} or newer yourself.`,
    );
  }
  return `node-${os}-${cpu}`;
}

function cacheRoot() {
  if (process.env.CTFY_NODE_CACHE) return resolve(process.env.CTFY_NODE_CACHE);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ctfy-dashboard', 'node');
}

/** Fetches (once) and returns the path of the `node` binary of that version. */
export function cachedNode(version) {
  const pkg = packageName();
  const prefix = join(cacheRoot(), `${pkg}-${version}`);
  const bin = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(prefix, { recursive: true });
  process.stderr.write(`Fetching Node ${version} (${pkg}) from the npm registry into ${prefix}\n`);
  const npmCli = process.env.npm_execpath;
  const [command, prefixArgs] =
    npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  execFileSync(
    command,
    [
      ...prefixArgs,
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      `${pkg}@${version}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, npm_config_global: 'false' } },
  );
  if (!existsSync(bin)) throw new Error(`npm installed ${pkg}@${version} but ${bin} is missing`);
  return bin;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const link = join(root, 'node_modules', '.bin', 'node');

function isOurLink() {
  try {
    return lstatSync(link).isSymbolicLink() && readlinkSync(link).startsWith(cacheRoot());
  } catch {
    return false;
  }
}

function postinstall() {
  if (isSupported()) {
    if (isOurLink()) rmSync(link);
    return;
  }
  const bin = cachedNode(PINNED[22]);
  mkdirSync(dirname(link), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(bin, link);
  process.stderr.write(
    `Node ${process.versions.node} is not supported (need ${MINIMUM.join('.')}+): npm scripts and npx in this project run on Node ${PINNED[22]} (${bin}).\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const at = process.argv.indexOf('--bin');
    if (process.argv.includes('--is-supported')) {
      process.exitCode = isSupported() ? 0 : 1;
    } else if (at >= 0) {
      const line = process.argv[at + 1];
      const version = PINNED[line];
      if (!version) throw new Error(`--bin takes one of ${Object.keys(PINNED).join(', ')}`);
      process.stdout.write(`${dirname(cachedNode(version))}\n`);
    } else {
      postinstall();
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

/**
 * Node's built-in SQLite driver, loaded without its ExperimentalWarning
 * (only that warning: every other warning is still printed).
 *
 * node:sqlite is unflagged since Node 22.13; the project requires 22.19+
 * (package.json engines; on an older Node, `npm install` links a Node 22 into
 * node_modules/.bin: scripts/node/ensure-node.mjs).
 */
import type * as NodeSqlite from 'node:sqlite';

export type DatabaseSync = NodeSqlite.DatabaseSync;
export type StatementSync = NodeSqlite.StatementSync & {
  /** Node >= 22.23 / 24.x; older 22s throw on unknown named parameters */
  setAllowUnknownNamedParameters?: (enabled: boolean) => void;
};

let loaded: typeof NodeSqlite | undefined;

/** `node:sqlite`, with its one-time ExperimentalWarning silenced. */
export function loadSqlite(): typeof NodeSqlite {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was below; called with .call(process)
  const original = process.emitWarning;
  process.emitWarning = function emitWarning(this: unknown, warning: string | Error, ...rest) {
    const name =
      typeof warning === 'string'
        ? typeof rest[0] === 'string'
          ? rest[0]
          : (rest[0] as { type?: string } | undefined)?.type
        : warning.name;
    const message = typeof warning === 'string' ? warning : warning.message;
    if (name === 'ExperimentalWarning' && /\bSQLite\b/.test(message)) return;
    return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  try {
    const builtin = process.getBuiltinModule?.('node:sqlite') as typeof NodeSqlite | undefined;
    if (!builtin) {
      throw new Error(
        `node:sqlite is not available in Node ${process.versions.node}: the platform needs Node 22.19 or newer (run it through npm, which uses node_modules/.bin/node on older machines).`,
      );
    }
    loaded = builtin;
    return builtin;
  } finally {
    process.emitWarning = original;
  }
}

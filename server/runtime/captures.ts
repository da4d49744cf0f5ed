/**
 * Captures on disk: `DATA_DIR/captures/<id>.jsonl` (one Flow per line, from
 * the built-in recorder) or `<id>.mitm` (mitmdump's flow file, or one a
 * benchmark dropped there), read with the project's mitmproxy reader. Parses
 * are cached by mtime and size, so a 100,000-flow file is parsed once.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Flow } from '../../src/api/schemas';
import { parseMitmFile } from '../../src/lib/capture/mitm';

interface CacheEntry {
  mtimeMs: number;
  size: number;
  /** bytes parsed so far (a jsonl's unfinished last line is not) */
  consumed: number;
  flows: Flow[];
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export class CaptureStore {
  readonly dir: string;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly parsing = new Map<string, Promise<Flow[]>>();
  private readonly pending = new Map<string, string[]>();

  constructor(
    dataDir: string,
    private readonly maxBodyBytes = Infinity,
  ) {
    this.dir = join(dataDir, 'captures');
    mkdirSync(this.dir, { recursive: true });
  }

  jsonlPath(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  mitmPath(id: string, extra?: number): string {
    return join(this.dir, extra ? `${id}.${extra}.mitm` : `${id}.mitm`);
  }

  /** an empty capture: the API then serves `{flows: []}`, not `{}` */
  create(id: string): void {
    writeFileSync(this.jsonlPath(id), '', { flag: 'a' });
  }

  /** Queues a flow; a burst is written with one append on the next turn. */
  append(id: string, flow: Flow): void {
    const queued = this.pending.get(id);
    if (queued) {
      queued.push(JSON.stringify(flow));
      return;
    }
    this.pending.set(id, [JSON.stringify(flow)]);
    setImmediate(() => this.flush(id));
  }

  /** Writes the queued flows of `id` now (reads and stops call it first). */
  flush(id: string): void {
    const queued = this.pending.get(id);
    if (!queued) return;
    this.pending.delete(id);
    try {
      appendFileSync(this.jsonlPath(id), queued.join('\n') + '\n');
    } catch (err) {
      console.error(`[runtime] could not write the capture of ${id}:`, err);
    }
  }

  /** Every flow of the instance, or null when there is no capture file. */
  async read(id: string): Promise<Flow[] | null> {
    if (!SAFE_ID.test(id)) return null;
    this.flush(id);
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return null;
    }
    const mitm = names
      .filter(
        (n) =>
          n === `${id}.mitm` ||
          (n.startsWith(`${id}.`) && /^\d+\.mitm$/.test(n.slice(id.length + 1))),
      )
      .sort();
    const files = mitm.length > 0 ? mitm : names.filter((n) => n === `${id}.jsonl`);
    if (files.length === 0) return null;
    const parts = await Promise.all(files.map((n) => this.readFile(join(this.dir, n))));
    const present = parts.filter((p): p is Flow[] => p !== null);
    if (present.length === 0) return null;
    if (present.length === 1) return present[0]!;
    return present.flat().sort((a, b) => a.timestamp_created - b.timestamp_created);
  }

  private async readFile(path: string): Promise<Flow[] | null> {
    let st;
    try {
      st = await stat(path);
    } catch {
      return null;
    }
    const hit = this.cache.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.flows;
    const key = `${path}\0${st.mtimeMs}\0${st.size}`;
    let pending = this.parsing.get(key);
    if (!pending) {
      pending = (
        path.endsWith('.mitm') ? this.parseMitm(path, st) : this.readJsonl(path, st, hit)
      ).finally(() => this.parsing.delete(key));
      this.parsing.set(key, pending);
    }
    return pending;
  }

  private async parseMitm(path: string, st: { mtimeMs: number; size: number }): Promise<Flow[]> {
    const bytes = await readFile(path);
    const flows = parseMitmFile(bytes, { maxBodyBytes: this.maxBodyBytes }).flows;
    this.cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, consumed: bytes.length, flows });
    return flows;
  }

  /** The recorder only appends: read what is new since the last read. */
  private async readJsonl(
    path: string,
    st: { mtimeMs: number; size: number },
    hit: CacheEntry | undefined,
  ): Promise<Flow[]> {
    const from = hit && st.size >= hit.consumed ? hit.consumed : 0;
    const known = from > 0 && hit ? hit.flows : [];
    const fh = await open(path, 'r');
    let chunk: Buffer;
    try {
      const length = Math.max(0, st.size - from);
      chunk = Buffer.alloc(length);
      const { bytesRead } = await fh.read(chunk, 0, length, from);
      chunk = chunk.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    const lastNewline = chunk.lastIndexOf(0x0a);
    const complete = lastNewline < 0 ? Buffer.alloc(0) : chunk.subarray(0, lastNewline + 1);
    const fresh = parseJsonl(complete.toString('utf8'));
    // flows are written when they end; keep them in the order they began
    const flows = known.concat(fresh);
    for (let i = Math.max(1, known.length); i < flows.length; i++)
      if (flows[i]!.timestamp_created < flows[i - 1]!.timestamp_created) {
        flows.sort((a, b) => a.timestamp_created - b.timestamp_created);
        break;
      }
    this.cache.set(path, {
      mtimeMs: st.mtimeMs,
      size: st.size,
      consumed: from + complete.length,
      flows,
    });
    return flows;
  }
}

function parseJsonl(text: string): Flow[] {
  const flows: Flow[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      flows.push(JSON.parse(line) as Flow);
    } catch {
      // a line cut by a crash mid-write: skip it
    }
  }
  return flows;
}

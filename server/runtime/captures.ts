/**
 * Captures on disk: `DATA_DIR/captures/<id>.jsonl` (one Flow per line, from
 * the built-in recorder) or `<id>.mitm` (mitmdump's flow file, or one a
 * benchmark dropped there), read with the project's mitmproxy reader. Parses
 * are cached by mtime and size, so a 100,000-flow file is parsed once.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Flow } from '../../src/api/schemas';
import { parseMitmFile } from '../../src/lib/capture/mitm';

interface CacheEntry {
  mtimeMs: number;
  size: number;
  flows: Flow[];
}

export class CaptureStore {
  readonly dir: string;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly parsing = new Map<string, Promise<Flow[]>>();

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

  append(id: string, flow: Flow): void {
    appendFileSync(this.jsonlPath(id), JSON.stringify(flow) + '\n');
  }

  /** Every flow of the instance, or null when there is no capture file. */
  async read(id: string): Promise<Flow[] | null> {
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
      pending = (async () => {
        const bytes = await readFile(path);
        const flows = path.endsWith('.mitm')
          ? parseMitmFile(bytes, { maxBodyBytes: this.maxBodyBytes }).flows
          : parseJsonl(bytes.toString('utf8'));
        this.cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, flows });
        return flows;
      })().finally(() => this.parsing.delete(key));
      this.parsing.set(key, pending);
    }
    return pending;
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

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gzipBytes } from './build/precompress';
import {
  checkBudgets,
  checkSources,
  forbiddenSources,
  pageFiles,
  type Manifest,
  type PageBudget,
} from './size-budget';

// Incompressible bytes, so the gzip sizes are close to the raw sizes.
function noise(bytes: number, seed: number): string {
  let x = seed;
  let out = '';
  while (out.length < bytes) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += String.fromCharCode(33 + (x % 90));
  }
  return out;
}

const FILES: Record<string, number> = {
  'index.js': 10_000,
  'shared.js': 5_000,
  'login.js': 1_000,
  'heavy.js': 2_000,
  'markdown.js': 30_000,
  'worker.js': 20_000,
  'index.css': 3_000,
};
const contentOf = (name: string) => noise(FILES[name] ?? 0, Object.keys(FILES).indexOf(name) + 1);
const gzipSizeOf = (name: string) => gzipBytes(Buffer.from(contentOf(name))).byteLength;

const manifest: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_shared.js'],
    dynamicImports: ['src/app/routes/login.tsx', 'src/app/routes/heavy.tsx'],
    css: ['assets/index.css'],
  },
  '_shared.js': { file: 'assets/shared.js' },
  '_markdown.js': { file: 'assets/markdown.js', name: 'Markdown' },
  'src/app/routes/login.tsx': { file: 'assets/login.js', imports: ['_shared.js'] },
  'src/app/routes/heavy.tsx': {
    file: 'assets/heavy.js',
    imports: ['_markdown.js'],
    assets: ['assets/worker.js'],
  },
};

describe('size budget', () => {
  let root: string;
  let dist: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'size-budget-'));
    dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    mkdirSync(join(root, 'dist-debug'));
    writeFileSync(join(root, 'dist-debug', 'manifest.json'), JSON.stringify(manifest));
    for (const name of Object.keys(FILES))
      writeFileSync(join(dist, 'assets', name), contentOf(name));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('counts the entry, the route and their static imports (and workers), not lazy ones', () => {
    expect(pageFiles(manifest, ['src/app/routes/login.tsx'])).toEqual([
      'assets/index.css',
      'assets/index.js',
      'assets/login.js',
      'assets/shared.js',
    ]);
    expect(pageFiles(manifest, ['src/app/routes/heavy.tsx'])).toEqual(
      expect.arrayContaining(['assets/heavy.js', 'assets/markdown.js', 'assets/worker.js']),
    );
  });

  it('counts the lazy chunks a page loads as it first renders, named in firstRender', () => {
    expect(pageFiles(manifest, ['src/app/routes/login.tsx'], ['Markdown'])).toContain(
      'assets/markdown.js',
    );
    expect(() => pageFiles(manifest, ['src/app/routes/login.tsx'], ['Gone'])).toThrow(
      /no chunk named Gone/,
    );
  });

  it('passes when every page is within its budget and fails when one is over', () => {
    const loginJs = gzipSizeOf('index.js') + gzipSizeOf('shared.js') + gzipSizeOf('login.js');
    const within: PageBudget[] = [
      { page: 'sign-in', routes: ['src/app/routes/login.tsx'], maxJsGzip: loginJs },
    ];
    expect(checkBudgets(dist, within)).toBe(0);

    const over: PageBudget[] = [
      { page: 'sign-in', routes: ['src/app/routes/login.tsx'], maxJsGzip: loginJs - 1 },
    ];
    expect(checkBudgets(dist, over)).toBe(1);
    expect(process.stderr.write).toHaveBeenCalledWith(expect.stringContaining('sign-in by'));
  });

  it('fails a page whose heavy imports leak in (Markdown and a worker)', () => {
    const budgets: PageBudget[] = [
      { page: 'sign-in', routes: ['src/app/routes/login.tsx'], maxJsGzip: 20_000 },
      { page: 'heavy', routes: ['src/app/routes/heavy.tsx'], maxJsGzip: 20_000 },
    ];
    expect(checkBudgets(dist, budgets)).toBe(1);
    expect(process.stdout.write).toHaveBeenCalledWith(expect.stringMatching(/OVER heavy/));
    expect(process.stdout.write).toHaveBeenCalledWith(expect.stringMatching(/ok {3}sign-in/));
  });

  it('says to build first when there is no manifest', () => {
    rmSync(join(root, 'dist-debug'), { recursive: true });
    expect(() => checkBudgets(dist, [])).toThrow(/build first/);
  });
});

describe('forbidden sources (zod classic in a browser bundle)', () => {
  let root: string;
  let dist: string;
  /** A built file and its source map, as Vite writes them (maps moved to dist-debug/). */
  const built = (file: string, sources: string[] | null) => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    mkdirSync(join(root, 'dist-debug', 'assets'), { recursive: true });
    writeFileSync(join(dist, file), 'export{};');
    if (sources) {
      writeFileSync(
        join(root, 'dist-debug', `${file}.map`),
        JSON.stringify({ version: 3, sources, mappings: '' }),
      );
    }
  };
  const MINI = [
    '../../node_modules/zod/v4/mini/schemas.js',
    '../../node_modules/zod/v4/core/api.js',
  ];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'size-budget-'));
    dist = join(root, 'dist');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('passes a build whose pages and worker bundle zod/mini only', () => {
    built('assets/index.js', ['../../src/main.ts', ...MINI]);
    built('assets/worker.js', ['../../src/features/traffic/worker/worker.ts', ...MINI]);
    built('assets/rolldown-runtime.js', null); // no source module, no map
    expect(forbiddenSources(dist)).toEqual([]);
    expect(checkSources(dist)).toBe(0);
  });

  it('fails a build where zod classic comes back, naming the file (a worker too)', () => {
    built('assets/index.js', ['../../src/main.ts', ...MINI]);
    built('assets/worker.js', [
      '../../src/features/traffic/worker/worker.ts',
      '../../node_modules/zod/v4/classic/schemas.js',
      '../../node_modules/zod/v4/core/api.js',
    ]);
    expect(forbiddenSources(dist)).toEqual([
      expect.stringMatching(/^assets\/worker\.js: .*zod\/v4\/classic\/schemas\.js \(zod classic/),
    ]);
    expect(checkSources(dist)).toBe(1);
    expect(process.stderr.write).toHaveBeenCalledWith(expect.stringContaining('assets/worker.js'));
  });

  it('says to build first when there is no source map to read', () => {
    built('assets/index.js', null);
    expect(() => forbiddenSources(dist)).toThrow(/no source maps: build first/);
  });
});

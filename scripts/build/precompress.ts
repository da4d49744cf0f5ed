/**
 * Build-time compression and debug artefacts for `vite build`.
 *
 * - `precompressDir(dir)` writes `<file>.br` (brotli, quality 11) and
 *   `<file>.gz` (gzip, level 9) beside every compressible file of the build,
 *   so the platform (and nginx) send them as they are: nothing is compressed
 *   per request. A variant that would not be smaller is not written (the
 *   server then sends the file itself).
 * - `moveDebugArtefacts(dist, debugDir)` moves the source maps and Vite's
 *   manifest out of what is served (issue 13.27): they stay on disk in
 *   `dist-debug/` for debugging and for the size budget.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.txt',
  '.xml',
  '.wasm',
  '.webmanifest',
]);

/** Every file below `dir`, as paths relative to it ('/'-separated). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function gzipBytes(data: Uint8Array): Buffer {
  return gzipSync(data, { level: 9 });
}

const brotliOptions = (data: Uint8Array) => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
  },
});

export function brotliBytes(data: Uint8Array): Buffer {
  return brotliCompressSync(data, brotliOptions(data));
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export interface PrecompressResult {
  file: string;
  bytes: number;
  gzip: number | null;
  brotli: number | null;
}

/**
 * Writes `.br` and `.gz` beside each compressible file of `dir`. The files
 * are compressed on libuv's thread pool, side by side (gzip level 9 gives the
 * same bytes as `gzipBytes`).
 */
export async function precompressDir(dir: string): Promise<PrecompressResult[]> {
  const files = listFiles(dir).filter((file) => COMPRESSIBLE.has(extname(file)));
  return Promise.all(
    files.map(async (file) => {
      const path = join(dir, file);
      const data = readFileSync(path);
      const [gz, br] = await Promise.all([
        gzipAsync(data, { level: 9 }),
        brotliAsync(data, brotliOptions(data)),
      ]);
      const result: PrecompressResult = { file, bytes: data.byteLength, gzip: null, brotli: null };
      if (gz.byteLength < data.byteLength) {
        writeFileSync(`${path}.gz`, gz);
        result.gzip = gz.byteLength;
      }
      if (br.byteLength < data.byteLength) {
        writeFileSync(`${path}.br`, br);
        result.brotli = br.byteLength;
      }
      return result;
    }),
  );
}

/** Moves `*.map` and `.vite/manifest.json` from `dist` into `debugDir` (same relative paths). */
export function moveDebugArtefacts(dist: string, debugDir: string): string[] {
  rmSync(debugDir, { recursive: true, force: true });
  const moved: string[] = [];
  for (const file of listFiles(dist)) {
    if (!file.endsWith('.map') && file !== '.vite/manifest.json') continue;
    const target = join(debugDir, file === '.vite/manifest.json' ? 'manifest.json' : file);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(dist, file), target);
    moved.push(file);
  }
  rmSync(join(dist, '.vite'), { recursive: true, force: true });
  return moved;
}

/** Where the debug artefacts of a build in `outDir` go: the sibling `<outDir>-debug`. */
export function debugDirOf(outDir: string): string {
  return `${outDir.replace(/[\\/]+$/, '')}-debug`;
}

/**
 * The Vite plugin: after the bundle is written, source maps and the manifest
 * go to `debugDir`, then everything left in `outDir` is precompressed.
 */
export function buildArtefacts(options: { debugDir?: string } = {}): Plugin {
  let outDir = 'dist';
  return {
    name: 'ctfy:build-artefacts',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        moveDebugArtefacts(outDir, options.debugDir ?? debugDirOf(outDir));
        await precompressDir(outDir);
      },
    },
  };
}

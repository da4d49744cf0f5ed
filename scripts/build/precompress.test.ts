import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { debugDirOf, listFiles, moveDebugArtefacts, precompressDir } from './precompress';

let root: string;
let dist: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'precompress-'));
  dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  mkdirSync(join(dist, '.vite'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build artefacts', () => {
  it('writes .br and .gz beside compressible files that decompress to the original', async () => {
    const js = 'export const x = "' + 'abc'.repeat(500) + '";';
    writeFileSync(join(dist, 'assets', 'app-1.js'), js);
    writeFileSync(join(dist, 'logo.png'), Buffer.from([137, 80, 78, 71]));
    await precompressDir(dist);
    expect(brotliDecompressSync(readFileSync(join(dist, 'assets', 'app-1.js.br'))).toString()).toBe(
      js,
    );
    expect(gunzipSync(readFileSync(join(dist, 'assets', 'app-1.js.gz'))).toString()).toBe(js);
    expect(existsSync(join(dist, 'logo.png.gz'))).toBe(false);
  });

  it('skips a variant that would not be smaller', async () => {
    writeFileSync(join(dist, 'config.json'), '{}');
    await precompressDir(dist);
    expect(listFiles(dist)).toEqual(['config.json']);
  });

  it('moves source maps and the manifest out of what is served, keeping them', () => {
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'x');
    writeFileSync(join(dist, 'assets', 'app-1.js.map'), '{"version":3}');
    writeFileSync(join(dist, '.vite', 'manifest.json'), '{}');
    moveDebugArtefacts(dist, debugDirOf(dist));
    expect(listFiles(dist)).toEqual(['assets/app-1.js']);
    expect(listFiles(join(root, 'dist-debug'))).toEqual(['assets/app-1.js.map', 'manifest.json']);
  });
});

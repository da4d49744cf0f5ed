/** The SPA as the build leaves it: precompressed assets, caching, no source maps. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/build/precompress';
import { startTestServer, type TestServer } from '../test/harness';

let t: TestServer;
let staticDir: string;
const script = `export const answer = ${JSON.stringify('forty-two '.repeat(200))};\n`;
const html = `<!doctype html><title>spa</title><div id="root"></div>${'<!-- pad -->'.repeat(50)}`;

/** A GET that does not decompress, so the bytes on the wire can be checked. */
function rawFetch(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'ctfy-spa-precompressed-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), html);
  writeFileSync(join(staticDir, 'assets', 'index-abc123.js'), script);
  await precompressDir(staticDir);
  t = await startTestServer({ STATIC_DIR: staticDir });
});
afterAll(async () => {
  await t.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('precompressed static files', () => {
  it('sends the brotli file to a client that accepts br, with the long cache', async () => {
    const res = await rawFetch(t.url, '/assets/index-abc123.js', {
      'Accept-Encoding': 'gzip, deflate, br',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body.byteLength).toBe(
      readFileSync(join(staticDir, 'assets', 'index-abc123.js.br')).byteLength,
    );
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('sends gzip to a client without br, and the file itself to one without either', async () => {
    const gz = await rawFetch(t.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await rawFetch(t.url, '/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('compresses index.html for app paths too, never cached without revalidation', async () => {
    for (const path of ['/', '/c/ctf-spring/instances']) {
      const res = await rawFetch(t.url, path, { 'Accept-Encoding': 'br' });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-encoding'], path).toBe('br');
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers['content-security-policy'], path).toContain("script-src 'self'");
      expect(brotliDecompressSync(res.body).toString(), path).toBe(html);
    }
  });

  it('answers 404 for a source map (maps are kept out of dist/)', async () => {
    const res = await rawFetch(t.url, '/assets/index-abc123.js.map');
    expect(res.status).toBe(404);
  });
});

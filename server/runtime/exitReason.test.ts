import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StderrTail, usefulError } from './exitReason';

const dir = mkdtempSync(join(tmpdir(), 'ctfy-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a real Node process writes to stderr when `script` (in DEMO-X/service.mjs) dies. */
function stderrOf(script: string): string[] {
  const folder = join(dir, 'DEMO-X');
  rmSync(folder, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', folder]);
  writeFileSync(join(folder, 'service.mjs'), script);
  const out = spawnSync(process.execPath, [join(folder, 'service.mjs')], { encoding: 'utf8' });
  return out.stderr.split('\n');
}

describe('the useful part of a dead service’s stderr', () => {
  it('names the error, its code and the line that threw, not "Node.js v20…"', () => {
    const lines = stderrOf(`const a = 1;\nnew URL('//', 'http://localhost');\n`);
    expect(lines.filter(Boolean).at(-1)).toMatch(/^Node\.js v\d/);
    expect(usefulError(lines)).toBe(
      'TypeError: Invalid URL [ERR_INVALID_URL] (at DEMO-X/service.mjs:2:1)',
    );
  });

  it('keeps a thrown Error’s message and its place', () => {
    const lines = stderrOf(
      `function boot() { throw new Error('config.yaml: no port'); }\nboot();\n`,
    );
    expect(usefulError(lines)).toBe('Error: config.yaml: no port (at DEMO-X/service.mjs:1:25)');
  });

  it('falls back to the last line a service wrote itself', () => {
    const lines = stderrOf(`console.error('fatal: database unreachable'); process.exit(3);`);
    expect(usefulError(lines)).toBe('fatal: database unreachable');
  });

  it('reads a Python traceback by its last line', () => {
    expect(
      usefulError([
        'Traceback (most recent call last):',
        '  File "/srv/app.py", line 3, in <module>',
        'ValueError: bad config',
      ]),
    ).toBe('ValueError: bad config');
  });

  it('keeps only the last lines of a chatty service, and nothing for silence', () => {
    const tail = new StderrTail();
    expect(tail.reason()).toBe('');
    for (let i = 0; i < 10_000; i++) tail.push(`warning ${i}`);
    tail.push('');
    expect(tail.reason()).toBe('warning 9999');
  });
});

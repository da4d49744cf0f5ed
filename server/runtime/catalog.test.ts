import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChallengeLoadError, loadCatalog, loadChallengeFolder } from './catalog';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

const CHALLENGES = resolve(HERE, '../challenges');
const tmp = mkdtempSync(join(tmpdir(), 'ctfy-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GOOD = `
id: T-001
name: Test
network_topology: simple
service: { command: service.mjs }
entrypoints: [{ name: web, protocol: http }]
readiness: { type: http, path: /health }
questions:
  - { id: a, title: A, prompt: first, answers: [x], max_attempts: 2 }
  - { id: b, title: B, prompt: second, answers: [42], requires: [a] }
`;

function folder(name: string, yaml: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'metadata.yaml'), yaml);
  return dir;
}

function loadError(dir: string): ChallengeLoadError {
  try {
    loadChallengeFolder(dir);
  } catch (err) {
    if (err instanceof ChallengeLoadError) return err;
    throw err;
  }
  throw new Error('expected a ChallengeLoadError');
}

describe('challenge catalog', () => {
  it('loads every demo challenge folder', () => {
    const catalog = loadCatalog(CHALLENGES);
    expect(catalog.list().map((c) => c.id)).toEqual([
      'DEMO-001',
      'DEMO-002',
      'DEMO-003',
      'DEMO-004',
      'DEMO-005',
      'DEMO-006',
      'DEMO-007',
    ]);
    const web = catalog.get('DEMO-001')!;
    expect(web.questions.map((q) => [q.id, q.requires, q.max_attempts])).toEqual([
      ['q1', [], 5],
      ['q2', ['q1'], 3],
      ['q3', ['q2'], 3],
    ]);
    expect(web.auto_stop_on_solve).toBe(true);
    expect(web.dir).toBe(join(CHALLENGES, 'DEMO-001'));
    expect(catalog.get('DEMO-002')!.network_topology).toBe('engagement');
    expect(catalog.get('DEMO-006')!.entrypoints).toEqual([{ name: 'tcp', protocol: 'tcp' }]);
    expect(catalog.get('DEMO-007')!.competitions).toEqual(['ctf-autumn']);
    expect(catalog.get('DEMO-001')!.competitions).toEqual([]);
    expect(catalog.get('NOPE')).toBeUndefined();
  });

  it('applies defaults and turns numeric answers into text', () => {
    const c = loadChallengeFolder(folder('good', GOOD));
    expect(c.tags).toEqual([]);
    expect(c.auto_stop_on_solve).toBe(false);
    expect(c.questions[0]!.case_insensitive).toBe(false);
    expect(c.questions[1]!.max_attempts).toBeNull();
    expect(c.questions[1]!.answers).toEqual(['42']);
  });

  it('names the file and the field of a bad value', () => {
    const dir = folder(
      'bad-topology',
      GOOD.replace('network_topology: simple', 'network_topology: mesh'),
    );
    const err = loadError(dir);
    expect(err.file).toBe(join(dir, 'metadata.yaml'));
    expect(err.message).toContain(join(dir, 'metadata.yaml'));
    expect(err.message).toContain('network_topology');
  });

  it('names a missing field', () => {
    const err = loadError(folder('no-entrypoints', GOOD.replace(/^entrypoints:.*$/m, '')));
    expect(err.message).toMatch(/entrypoints: /);
  });

  it('refuses a requires that names no question', () => {
    const err = loadError(folder('bad-requires', GOOD.replace('requires: [a]', 'requires: [zz]')));
    expect(err.message).toContain('questions.1.requires.0');
    expect(err.message).toContain('unknown question "zz"');
  });

  it('refuses a readiness probe on an unknown entrypoint', () => {
    const err = loadError(
      folder('bad-probe', GOOD.replace('type: http, path', 'type: http, entrypoint: api, path')),
    );
    expect(err.message).toContain('readiness.entrypoint');
  });

  it('reports YAML syntax errors with the file name', () => {
    const dir = folder('bad-yaml', 'id: [unclosed\n');
    expect(loadError(dir).message).toContain(join(dir, 'metadata.yaml'));
  });

  it('refuses two folders with the same id', () => {
    const root = join(tmp, 'dupes');
    for (const n of ['one', 'two']) {
      mkdirSync(join(root, n), { recursive: true });
      writeFileSync(join(root, n, 'metadata.yaml'), GOOD);
    }
    expect(() => loadCatalog(root)).toThrow(/"T-001" is also used/);
  });
});

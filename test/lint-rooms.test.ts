/**
 * The room rules catch what they promise: a fixture tree breaks each rule
 * once, and linting it with the repository's own room rules must report each
 * break (and nothing on the files that keep the rules).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { roomRules } from '../eslint.config.js';

const repo = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const fixture = join(repo, 'test/lint-rooms/fixture');

type Found = { rule: string | null; message: string }[];

let found: Map<string, Found>;

beforeAll(async () => {
  const eslint = new ESLint({
    cwd: fixture,
    overrideConfigFile: true,
    overrideConfig: roomRules(fixture) as Linter.Config[],
    ignore: false,
  });
  const results = await eslint.lintFiles(['src', 'server', 'shared']);
  found = new Map(
    results.map((r) => [
      r.filePath.slice(fixture.length + 1),
      r.messages.map((m) => ({ rule: m.ruleId, message: m.message })),
    ]),
  );
}, 120_000);

function problems(file: string): Found {
  const list = found.get(file);
  if (!list) throw new Error(`${file} was not linted`);
  return list;
}

const ZONE = 'import-x/no-restricted-paths';

describe('room rules on a fixture that breaks each one', () => {
  it('a feature importing another feature', () => {
    expect(problems('src/features/alpha/importsFeature.ts')).toEqual([
      { rule: ZONE, message: expect.stringContaining('A feature never imports another feature') },
    ]);
  });

  it('a feature importing src/app', () => {
    expect(problems('src/features/alpha/importsApp.ts')).toEqual([
      { rule: ZONE, message: expect.stringContaining('features never import src/app') },
    ]);
  });

  it('src/lib importing a feature, src/components importing the app', () => {
    const message = expect.stringContaining('they never import a feature or the app');
    expect(problems('src/lib/importsFeature.ts')).toEqual([{ rule: ZONE, message }]);
    expect(problems('src/components/importsApp.ts')).toEqual([{ rule: ZONE, message }]);
  });

  it('server/ importing from src/ outside the shared room', () => {
    expect(problems('server/importsSpa.ts')).toEqual([
      { rule: ZONE, message: expect.stringContaining('server/ imports nothing from src/') },
    ]);
  });

  it('the shared room importing src/ or server/', () => {
    const message = expect.stringContaining('it imports neither src/ nor server/');
    expect(problems('shared/importsSpa.ts')).toEqual([{ rule: ZONE, message }]);
    expect(problems('shared/importsServer.ts')).toEqual([{ rule: ZONE, message }]);
  });

  it('the SPA importing server/', () => {
    expect(problems('src/app/importsServer.ts')).toEqual([
      { rule: ZONE, message: expect.stringContaining('The SPA never imports from server/') },
    ]);
  });

  it('an import cycle, reported on both sides', () => {
    for (const file of ['src/features/alpha/cycleA.ts', 'src/features/alpha/cycleB.ts']) {
      expect(problems(file).map((p) => p.rule)).toEqual(['import-x/no-cycle']);
    }
  });

  it('a floating promise and a promise used as a condition', () => {
    expect(problems('src/features/alpha/floating.ts').map((p) => p.rule)).toEqual([
      '@typescript-eslint/no-floating-promises',
      '@typescript-eslint/no-misused-promises',
    ]);
  });

  it('nothing on files that keep the rules (own files, lib, shared room, pages)', () => {
    for (const file of [
      'src/features/alpha/ownFiles.ts',
      'src/features/alpha/part.ts',
      'src/features/beta/beta.ts',
      'src/lib/format.ts',
      'shared/capture/codec.ts',
      'shared/schemas.ts',
      'src/app/page.ts',
      'server/shared.ts',
    ]) {
      expect(problems(file), file).toEqual([]);
    }
  });
});

describe('the repository lints itself with the same rules', () => {
  it('eslint.config.js applies the room rules to the real tree', async () => {
    const eslint = new ESLint({ cwd: repo });
    const config = (await eslint.calculateConfigForFile(
      join(repo, 'src/features/traffic/session.ts'),
    )) as { rules: Record<string, [number, ...unknown[]]> };
    const expected = roomRules(repo).find((c) => c.rules?.[ZONE])?.rules?.[ZONE] as unknown[];
    expect(config.rules[ZONE]).toEqual([2, expected[1]]);
    expect(config.rules['import-x/no-cycle']?.[0]).toBe(2);
    expect(config.rules['@typescript-eslint/no-floating-promises']?.[0]).toBe(2);
    expect(config.rules['@typescript-eslint/no-misused-promises']?.[0]).toBe(2);
  });
});

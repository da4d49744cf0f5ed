import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Attachments, isSafeAttachmentName, loadOrCreateSecret } from './attachments';
import { loadCatalog } from './catalog';
import type { AttachmentContext, ChallengeSpec } from './types';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

const catalog = loadCatalog(resolve(HERE, '../challenges'));
const demo3 = catalog.get('DEMO-003')!;
const tmp = mkdtempSync(join(tmpdir(), 'ctfy-attachments-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ctx = (team: string, instance = 'inst-1'): AttachmentContext => ({
  competition: { id: 'ctf-spring', name: 'Spring CTF 2026' },
  team: { id: team, name: `Team ${team}` },
  instance: { id: instance },
  user: { id: 'u1', name: 'alice' },
});

describe('attachment names', () => {
  it.each([
    ['notes.txt', true],
    ['field notes – Ünïcode #1?%.txt', true],
    ['../etc/passwd', false],
    ['a/b', false],
    ['a\\b', false],
    ['..', false],
    ['x..y', false],
    ['.env', false],
    ['nul\0byte', false],
    ['', false],
  ])('%j safe = %s', (name, safe) => {
    expect(isSafeAttachmentName(name)).toBe(safe);
  });
});

describe('attachments', () => {
  const secret = loadOrCreateSecret(join(tmp, 'data'));
  const attachments = new Attachments(secret);

  it('keeps the platform secret in DATA_DIR and reuses it', () => {
    const again = loadOrCreateSecret(join(tmp, 'data'));
    expect(again.equals(secret)).toBe(true);
    expect(readFileSync(join(tmp, 'data', 'attachment-secret'), 'utf8').trim()).toBe(
      secret.toString('hex'),
    );
  });

  it('lists static files only for the challenge', async () => {
    const files = await attachments.challengeAttachments(demo3);
    expect(files.map((f) => f.name).sort()).toEqual([
      'field notes – Ünïcode #1?%.txt',
      'firmware.bin',
    ]);
    const fw = files.find((f) => f.name === 'firmware.bin')!;
    const disk = readFileSync(join(demo3.dir, 'attachments', 'firmware.bin'));
    expect(fw.body.equals(disk)).toBe(true);
    expect(fw.size).toBe(disk.length);
    expect(fw.sha256).toBe(createHash('sha256').update(disk).digest('hex'));
    expect(fw.templated).toBe(false);
  });

  it('renders templates per team and instance, served without .tpl', async () => {
    const red = await attachments.instanceAttachments(demo3, ctx('team-red'));
    const blue = await attachments.instanceAttachments(demo3, ctx('team-blue'));
    expect(red.map((f) => [f.name, f.templated])).toEqual([
      ['field notes – Ünïcode #1?%.txt', false],
      ['firmware.bin', false],
      ['notes.txt', true],
      ['team-token.json', true],
    ]);
    const tokenRed = red.find((f) => f.name === 'team-token.json')!;
    const tokenBlue = blue.find((f) => f.name === 'team-token.json')!;
    expect(tokenRed.body.equals(tokenBlue.body)).toBe(false);
    const parsedRed = JSON.parse(tokenRed.body.toString('utf8')) as Record<string, string>;
    const parsedBlue = JSON.parse(tokenBlue.body.toString('utf8')) as Record<string, string>;
    expect(parsedRed).toMatchObject({
      team_id: 'team-red',
      team_name: 'Team team-red',
      instance_id: 'inst-1',
    });
    expect(parsedRed.team_secret).toMatch(/^[0-9a-f]{32}$/);
    expect(parsedRed.team_secret).not.toBe(parsedBlue.team_secret);
    expect(tokenRed.size).toBe(tokenRed.body.length);
    expect(tokenRed.sha256).toBe(createHash('sha256').update(tokenRed.body).digest('hex'));
    // the same team and instance gets the same bytes every time
    const again = await attachments.instanceAttachments(demo3, ctx('team-red'));
    expect(again.find((f) => f.name === 'team-token.json')!.sha256).toBe(tokenRed.sha256);
    const notes = red.find((f) => f.name === 'notes.txt')!.body.toString('utf8');
    expect(notes).toContain('Prepared for team: Team team-red (team-red)');
    expect(notes).not.toContain('{{');
  });

  it('does not escape HTML and cannot include other files', async () => {
    const dir = join(tmp, 'T-TPL');
    mkdirSync(join(dir, 'attachments'), { recursive: true });
    const spec: ChallengeSpec = { ...demo3, id: 'T-TPL', dir };
    writeFileSync(join(dir, 'attachments', 'hello.txt.tpl'), 'Hi {{ team.name }}!');
    const files = await attachments.instanceAttachments(spec, {
      ...ctx('x'),
      team: { id: 'x', name: '<b>&"x"' },
    });
    expect(files[0]!.body.toString()).toBe('Hi <b>&"x"!');

    writeFileSync(join(dir, 'attachments', 'evil.txt.tpl'), '{% include "/etc/passwd" %}');
    await expect(attachments.instanceAttachments(spec, ctx('x'))).rejects.toThrow(/evil\.txt\.tpl/);
  });

  it('skips hidden files, folders and names with ".."', async () => {
    const dir = join(tmp, 'T-NAMES');
    const att = join(dir, 'attachments');
    mkdirSync(join(att, 'sub'), { recursive: true });
    writeFileSync(join(att, '.secret'), 'no');
    writeFileSync(join(att, 'a..b'), 'no');
    writeFileSync(join(att, '.hidden.tpl'), 'no');
    writeFileSync(join(att, 'ok.txt'), 'yes');
    writeFileSync(join(att, 'sub', 'deep.txt'), 'no');
    const spec: ChallengeSpec = { ...demo3, id: 'T-NAMES', dir };
    expect((await attachments.instanceAttachments(spec, ctx('x'))).map((f) => f.name)).toEqual([
      'ok.txt',
    ]);
    expect((await attachments.challengeAttachments(spec)).map((f) => f.name)).toEqual(['ok.txt']);
  });
});

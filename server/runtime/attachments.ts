/**
 * Challenge attachments: `<dir>/attachments/*`. Static files are served as
 * they are; `<name>.tpl` is rendered with nunjucks (Jinja-compatible, no
 * file-system loader, so a template can include nothing) per team and per
 * instance and served as `<name>`. Names are never paths.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import type { AttachmentContext, AttachmentFile, ChallengeSpec } from './types';

/** True when `name` is a plain file name: no separator, NUL, `..` or leading dot. */
export function isSafeAttachmentName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (name.includes('/') || name.includes('\\') || name.includes('\0')) return false;
  if (name.includes('..') || name.startsWith('.')) return false;
  return true;
}

const TEMPLATE_SUFFIX = '.tpl';

// One environment with no loader: `{% include %}`/`{% import %}` fail.
const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });

interface FolderEntry {
  file: string; // name on disk
  served: string; // name served
  templated: boolean;
}

async function listFolder(challenge: ChallengeSpec): Promise<FolderEntry[]> {
  const dir = join(challenge.dir, 'attachments');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: FolderEntry[] = [];
  for (const file of names.sort()) {
    if (!isSafeAttachmentName(file)) continue;
    const st = await lstat(join(dir, file));
    if (!st.isFile()) continue; // no symlinks, no folders
    const templated = file.endsWith(TEMPLATE_SUFFIX);
    const served = templated ? file.slice(0, -TEMPLATE_SUFFIX.length) : file;
    if (!isSafeAttachmentName(served)) continue;
    out.push({ file, served, templated });
  }
  return out;
}

function toFile(name: string, body: Buffer, templated: boolean): AttachmentFile {
  return {
    name,
    body,
    templated,
    size: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
}

/** The platform secret per-team secrets are derived from; kept in DATA_DIR. */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'attachment-secret');
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600 });
  return secret;
}

export class Attachments {
  constructor(private readonly secret: Buffer) {}

  teamSecret(competitionId: string, teamId: string, challengeId: string): string {
    return createHmac('sha256', this.secret)
      .update(`${competitionId}\0${teamId}\0${challengeId}`)
      .digest('hex')
      .slice(0, 32);
  }

  async challengeAttachments(challenge: ChallengeSpec): Promise<AttachmentFile[]> {
    const entries = (await listFolder(challenge)).filter((e) => !e.templated);
    return Promise.all(
      entries.map(async (e) =>
        toFile(e.served, await readFile(join(challenge.dir, 'attachments', e.file)), false),
      ),
    );
  }

  async instanceAttachments(
    challenge: ChallengeSpec,
    ctx: AttachmentContext,
  ): Promise<AttachmentFile[]> {
    const entries = await listFolder(challenge);
    const byName = new Map<string, AttachmentFile>();
    for (const e of entries) {
      const raw = await readFile(join(challenge.dir, 'attachments', e.file));
      if (!e.templated) {
        // a rendered template wins over a static file of the same name
        if (!byName.has(e.served)) byName.set(e.served, toFile(e.served, raw, false));
        continue;
      }
      const text = this.render(raw.toString('utf8'), challenge, ctx, e.file);
      byName.set(e.served, toFile(e.served, Buffer.from(text, 'utf8'), true));
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  render(
    template: string,
    challenge: ChallengeSpec,
    ctx: AttachmentContext,
    file = 'template',
  ): string {
    const context = {
      ...ctx,
      challenge: { id: challenge.id, name: challenge.name },
      team_secret: this.teamSecret(ctx.competition.id, ctx.team.id, challenge.id),
    };
    try {
      return env.renderString(template, context);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(`${challenge.id}/attachments/${file}: ${msg}`);
    }
  }
}

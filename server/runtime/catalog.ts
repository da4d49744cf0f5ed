/**
 * Challenge folders: `<challengesDir>/<ID>/metadata.yaml`, validated with zod.
 * A bad file stops the load with a message naming the file and the field.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ChallengeCatalog, ChallengeSpec } from './types';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const QuestionYaml = z.object({
  id: z.string().regex(idPattern, 'letters, digits, "-" and "_" only'),
  title: z.string().min(1),
  prompt: z.string(),
  requires: z.array(z.string()).default([]),
  max_attempts: z.number().int().positive().nullable().default(null),
  points: z.number().int().nonnegative().optional(),
  answers: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  case_insensitive: z.boolean().default(false),
});

const EntrypointYaml = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and "_" (it becomes PORT_<NAME>)'),
  protocol: z.enum(['http', 'https', 'tcp', 'udp']),
});

const ReadinessYaml = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('http'),
    entrypoint: z.string().optional(),
    path: z.string().startsWith('/').default('/'),
    timeout_ms: z.number().int().positive().optional(),
  }),
  z.object({
    type: z.literal('tcp'),
    entrypoint: z.string().optional(),
    timeout_ms: z.number().int().positive().optional(),
  }),
]);

const ServiceYaml = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
});

export const MetadataSchema = z
  .object({
    id: z.string().regex(idPattern, 'letters, digits, "-" and "_" only'),
    name: z.string().min(1),
    category: z.string().optional(),
    difficulty: z.string().optional(),
    description: z.string().optional(),
    tags: z.array(z.string()).default([]),
    network_topology: z.enum(['simple', 'engagement']).default('simple'),
    competitions: z.array(z.string()).default([]),
    service: ServiceYaml,
    entrypoints: z.array(EntrypointYaml).min(1),
    readiness: ReadinessYaml,
    network: z.object({ subnet: z.string().optional() }).optional(),
    questions: z.array(QuestionYaml).default([]),
    auto_stop_on_solve: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    const names = new Set<string>();
    m.entrypoints.forEach((e, i) => {
      if (names.has(e.name.toUpperCase()))
        ctx.addIssue({
          code: 'custom',
          path: ['entrypoints', i, 'name'],
          message: 'duplicate entrypoint name',
        });
      names.add(e.name.toUpperCase());
    });
    const target = m.readiness.entrypoint;
    if (target !== undefined && !m.entrypoints.some((e) => e.name === target))
      ctx.addIssue({
        code: 'custom',
        path: ['readiness', 'entrypoint'],
        message: `no entrypoint named "${target}"`,
      });
    const qids = new Set(m.questions.map((q) => q.id));
    if (qids.size !== m.questions.length)
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'question ids must be unique' });
    m.questions.forEach((q, i) =>
      q.requires.forEach((r, j) => {
        if (!qids.has(r) || r === q.id)
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'requires', j],
            message: `unknown question "${r}"`,
          });
      }),
    );
  });

export type ChallengeMetadata = z.infer<typeof MetadataSchema>;

/** A ChallengeSpec plus what only the runtime needs. */
export interface LoadedChallenge extends ChallengeSpec {
  service: ChallengeMetadata['service'];
  readiness: ChallengeMetadata['readiness'];
  subnet: string | undefined;
}

export class ChallengeLoadError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ChallengeLoadError';
  }
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export function loadChallengeFolder(dir: string): LoadedChallenge {
  const abs = resolve(dir);
  const file = join(abs, 'metadata.yaml');
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ChallengeLoadError(file, err instanceof Error ? err.message : String(err));
  }
  const parsed = MetadataSchema.safeParse(raw);
  if (!parsed.success) throw new ChallengeLoadError(file, formatIssues(parsed.error));
  const m = parsed.data;
  return {
    id: m.id,
    name: m.name,
    category: m.category,
    difficulty: m.difficulty,
    description: m.description,
    tags: m.tags,
    network_topology: m.network_topology,
    competitions: m.competitions,
    questions: m.questions,
    auto_stop_on_solve: m.auto_stop_on_solve,
    entrypoints: m.entrypoints,
    dir: abs,
    service: m.service,
    readiness: m.readiness,
    subnet: m.network?.subnet,
  };
}

export function loadCatalog(challengesDir: string): ChallengeCatalog & {
  getLoaded(id: string): LoadedChallenge | undefined;
} {
  const root = resolve(challengesDir);
  const byId = new Map<string, LoadedChallenge>();
  const folders = existsSync(root)
    ? readdirSync(root)
        .filter((n) => !n.startsWith('.') && statSync(join(root, n)).isDirectory())
        .filter((n) => existsSync(join(root, n, 'metadata.yaml')))
        .sort()
    : [];
  for (const folder of folders) {
    const c = loadChallengeFolder(join(root, folder));
    const existing = byId.get(c.id);
    if (existing)
      throw new ChallengeLoadError(
        join(root, folder, 'metadata.yaml'),
        `id: "${c.id}" is also used by ${existing.dir}`,
      );
    byId.set(c.id, c);
  }
  const list = [...byId.values()];
  return {
    list: () => list,
    get: (id) => byId.get(id),
    getLoaded: (id) => byId.get(id),
  };
}

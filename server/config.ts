/**
 * The local platform's configuration, read from the environment and checked
 * with zod. A bad value stops the server with a message naming the variable.
 * `CONFIG_VARIABLES` lists every variable with its default and meaning, so
 * the README table can be written from it.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

export interface ConfigVariable {
  name: string;
  default: string;
  meaning: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', default: '8080', meaning: 'TCP port to listen on (0 = any free port)' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'address to listen on' },
  {
    name: 'DATA_DIR',
    default: './.data',
    meaning: 'SQLite database and captures; a fresh folder gets the demo data',
  },
  { name: 'API_PREFIX', default: '/api', meaning: 'path prefix of every API route' },
  {
    name: 'STATIC_DIR',
    default: 'dist',
    meaning: 'built SPA to serve (with a fallback to index.html), when the folder exists',
  },
  { name: 'APP_NAME', default: 'ctfy', meaning: 'product name sent to the SPA in /config.json' },
  {
    name: 'CHALLENGES_DIR',
    default: 'server/challenges',
    meaning: 'folder of challenge folders (<ID>/metadata.yaml)',
  },
  {
    name: 'DEMO_EXTRA_TEAMS',
    default: '0',
    meaning: 'extra seeded teams e2e-01…e2e-NN in ctf-spring (users e2eNNa, e2eNNb)',
  },
  {
    name: 'DEFAULT_INSTANCE_TTL_S',
    default: '86400',
    meaning: 'instance lifetime when a start or renew gives no ttl',
  },
  { name: 'MAX_INSTANCE_TTL_S', default: '172800', meaning: 'explicit ttls are clamped to this' },
  {
    name: 'MAX_INSTANCES_PER_TEAM',
    default: '3',
    meaning: 'live instances a team may run at once',
  },
  {
    name: 'FLAG_PATTERN',
    default: 'ctfy\\{[^}\\n]{1,200}\\}',
    meaning: 'what a flag looks like: /settings sends it as flag_pattern (local extension)',
  },
  {
    name: 'CAPTURE_MODE',
    default: 'recorder',
    meaning: "traffic capture: 'recorder' (built in) or 'mitmdump' (Debian's mitmproxy)",
  },
  {
    name: 'READINESS_TIMEOUT_MS',
    default: '20000',
    meaning: 'how long a readiness probe may fail before the instance fails',
  },
  {
    name: 'PKI_DELAY_MS',
    default: '3000',
    meaning: 'how long the engagement VPN keys take to be made',
  },
  { name: 'MAX_BODY_BYTES', default: '65536', meaning: 'largest request body accepted (else 413)' },
  {
    name: 'MAX_CAPTURED_BODY_BYTES',
    default: '1048576',
    meaning: 'largest body kept per captured flow (larger ones are truncated)',
  },
  {
    name: 'MAX_CAPTURED_FLOWS',
    default: '200000',
    meaning: 'flows kept per capture file (later ones dropped, answer says truncated)',
  },
  {
    name: 'FILTER_BUDGET_MS',
    default: '5000',
    meaning:
      'wall time a traffic filter may take on one batch of flows before it is stopped (a pattern that backtracks without end)',
  },
  {
    name: 'FILTER_THREADS',
    default: '2',
    meaning: 'threads evaluating traffic filters (more answers wait in turn)',
  },
  { name: 'EXPIRY_SWEEP_MS', default: '1000', meaning: 'how often expired instances are stopped' },
  {
    name: 'CTFY_EXTENSIONS',
    default: 'on',
    meaning:
      "'off' serves only the SDK's contract: no activity feed, answered_by/at, challenge progress, traffic summaries or traffic cursors",
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: 'fatal, error, warn, info, debug, trace or silent',
  },
];

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const prefix = z
  .string()
  .regex(/^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/, 'must start with / and not end with /');

export const ConfigSchema = z
  .object({
    PORT: int(0, 65535),
    HOST: z.string().min(1),
    DATA_DIR: z.string().min(1),
    API_PREFIX: prefix,
    STATIC_DIR: z.string(),
    APP_NAME: z.string().min(1).max(100),
    CHALLENGES_DIR: z.string().min(1),
    DEMO_EXTRA_TEAMS: int(0, 99),
    DEFAULT_INSTANCE_TTL_S: int(1),
    MAX_INSTANCE_TTL_S: int(1),
    MAX_INSTANCES_PER_TEAM: int(1, 1000),
    FLAG_PATTERN: z
      .string()
      .max(500, 'must be at most 500 characters')
      .refine((source) => {
        try {
          new RegExp(source, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'must be a regular expression'),
    CAPTURE_MODE: z.enum(['recorder', 'mitmdump']),
    READINESS_TIMEOUT_MS: int(100),
    PKI_DELAY_MS: int(0),
    MAX_BODY_BYTES: int(1024, 100 * 1024 * 1024),
    MAX_CAPTURED_BODY_BYTES: int(0),
    MAX_CAPTURED_FLOWS: int(1),
    EXPIRY_SWEEP_MS: int(50),
    FILTER_BUDGET_MS: int(10),
    FILTER_THREADS: int(1, 16),
    CTFY_EXTENSIONS: z.enum(['on', 'off']),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  })
  .refine((c) => c.DEFAULT_INSTANCE_TTL_S <= c.MAX_INSTANCE_TTL_S, {
    message: 'DEFAULT_INSTANCE_TTL_S must not exceed MAX_INSTANCE_TTL_S',
    path: ['DEFAULT_INSTANCE_TTL_S'],
  });

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  apiPrefix: string;
  staticDir: string;
  appName: string;
  challengesDir: string;
  demoExtraTeams: number;
  defaultInstanceTtlS: number;
  maxInstanceTtlS: number;
  maxInstancesPerTeam: number;
  /** a flag's regular expression, sent by /settings (local extension) */
  flagPattern: string;
  captureMode: 'recorder' | 'mitmdump';
  readinessTimeoutMs: number;
  pkiDelayMs: number;
  maxBodyBytes: number;
  maxCapturedBodyBytes: number;
  maxCapturedFlows: number;
  expirySweepMs: number;
  /** wall time a traffic filter may take per batch (FILTER_BUDGET_MS) */
  filterBudgetMs: number;
  /** threads evaluating traffic filters (FILTER_THREADS) */
  filterThreads: number;
  /** local-platform extensions beyond the SDK's contract (CTFY_EXTENSIONS) */
  extensions: boolean;
  logLevel: RawConfig['LOG_LEVEL'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration; throws a `ConfigError` listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const raw: Record<string, string> = {};
  for (const v of CONFIG_VARIABLES) {
    const value = env[v.name];
    raw[v.name] = value === undefined || value.trim() === '' ? v.default : value.trim();
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'config');
      return `  ${name}=${JSON.stringify(raw[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    apiPrefix: c.API_PREFIX,
    staticDir: c.STATIC_DIR === '' ? '' : resolve(c.STATIC_DIR),
    appName: c.APP_NAME,
    challengesDir: resolve(c.CHALLENGES_DIR),
    demoExtraTeams: c.DEMO_EXTRA_TEAMS,
    defaultInstanceTtlS: c.DEFAULT_INSTANCE_TTL_S,
    maxInstanceTtlS: c.MAX_INSTANCE_TTL_S,
    maxInstancesPerTeam: c.MAX_INSTANCES_PER_TEAM,
    flagPattern: c.FLAG_PATTERN,
    captureMode: c.CAPTURE_MODE,
    readinessTimeoutMs: c.READINESS_TIMEOUT_MS,
    pkiDelayMs: c.PKI_DELAY_MS,
    maxBodyBytes: c.MAX_BODY_BYTES,
    maxCapturedBodyBytes: c.MAX_CAPTURED_BODY_BYTES,
    maxCapturedFlows: c.MAX_CAPTURED_FLOWS,
    expirySweepMs: c.EXPIRY_SWEEP_MS,
    filterBudgetMs: c.FILTER_BUDGET_MS,
    filterThreads: c.FILTER_THREADS,
    extensions: c.CTFY_EXTENSIONS === 'on',
    logLevel: c.LOG_LEVEL,
  };
}

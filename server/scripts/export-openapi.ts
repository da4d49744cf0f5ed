/**
 * Writes docs/openapi.json from the zod schemas (the same document the
 * server serves at `{API_PREFIX}/openapi.json`):
 * `npx tsx server/scripts/export-openapi.ts`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApi } from '../http/openapi';

const out = resolve(process.argv[2] ?? 'docs/openapi.json');
writeFileSync(out, `${JSON.stringify(buildOpenApi('/api'), null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);

/** Capture files for tests: real mitmdump 8.1.1 flows, renamed and replicated. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../../shared/capture/tnetstring';

const HERE = dirname(fileURLToPath(import.meta.url));
export const MITM_FIXTURE = resolve(HERE, '../../e2e/fixtures/mitmproxy-8.1.1.mitm');
const RECORDS = readTnetstrings(new Uint8Array(readFileSync(MITM_FIXTURE))) as TnetDict[];

/** Flows `from`…`from + count - 1` of the fixture's 10, cycled, named `<prefix>-<i>`, as a dump. */
export function mitmFlows(prefix: string, count: number, from = 0): Buffer {
  const parts: Uint8Array[] = [];
  for (let i = from; i < from + count; i++) {
    const record: TnetDict = {
      ...RECORDS[i % RECORDS.length]!,
      id: `${prefix}-${i}`,
      timestamp_created: 1_800_000_000 + i,
    };
    parts.push(encodeTnetstring(record));
  }
  return Buffer.concat(parts);
}

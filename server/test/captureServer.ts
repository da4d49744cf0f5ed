/** A test platform whose runtime serves real capture files (processes are fake). */
import { writeFileSync } from 'node:fs';
import { CaptureStore } from '../runtime/captures';
import type { CreateRuntime } from '../runtime/types';
import { createFakeRuntime } from './fakeRuntime';
import { startTestServer } from './harness';

/**
 * Starts a platform with `env`, starts one instance as `e2e01a` and makes
 * `bytes` (a mitmproxy dump) its capture. `get(path)` calls the instance's
 * routes, e.g. `get('/traffic?view=summary')`.
 */
export async function serverWithCapture(env: Record<string, string>, bytes: Uint8Array) {
  let store!: CaptureStore;
  const withCaptures: CreateRuntime = (options) => {
    const fake = createFakeRuntime(options);
    store = new CaptureStore(options.dataDir);
    return {
      ...fake,
      traffic: (id, since, view) => store.answer(id, since, [], view),
      trafficFlow: (id, flowId) => store.flow(id, flowId),
    };
  };
  const t = await startTestServer(env, withCaptures);
  const token = await t.login('e2e01a');
  const res = await t.call('POST', '/api/instances', { token, body: { challenge_id: 'T-OPEN' } });
  if (res.status !== 201) throw new Error(`start: ${res.status} ${res.text}`);
  const id = res.json.id as string;
  writeFileSync(store.mitmPath(id), bytes);
  return {
    t,
    token,
    id,
    get: (path: string) => t.call('GET', `/api/instances/${id}${path}`, { token }),
  };
}

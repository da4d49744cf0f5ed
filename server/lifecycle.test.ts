/** The lifecycle speaks in domain errors; the HTTP half turns them into status codes. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from './domainErrors';
import { startTestServer, type TestServer } from './test/harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ MAX_INSTANCES_PER_TEAM: '2' });
});
afterAll(() => t.stop());

function startAs(userName: string, challengeId: string) {
  const { store, runtime, lifecycle } = t.server;
  const user = store.userByName(userName)!;
  const team = store.teamsOf(user.id)[0]!;
  return () =>
    lifecycle.start({ user, team, challenge: runtime.catalog.get(challengeId)!, ttl: undefined });
}

describe('InstanceLifecycle refusals', () => {
  it('throws DomainError kinds, not HTTP errors: already-running, then quota-reached', () => {
    startAs('carol', 'T-CHAIN')();
    const again = (() => {
      try {
        startAs('carol', 'T-CHAIN')();
      } catch (err) {
        return err;
      }
    })();
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ kind: 'already-running' });
    expect(Object.keys(again as object)).not.toContain('statusCode');

    startAs('carol', 'T-OPEN')();
    expect(startAs('carol', 'T-VPN')).toThrow(
      expect.objectContaining({ kind: 'quota-reached', name: 'DomainError' }),
    );
  });

  it('imports nothing from the HTTP half (the one arrow that ran up)', () => {
    const source = readFileSync('server/lifecycle.ts', 'utf8');
    expect(source).not.toMatch(/from '\.\/http\//);
  });
});

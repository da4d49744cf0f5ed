/**
 * Shared e2e helpers. Every spec talks to the real local platform started by
 * playwright.config.ts (fresh DATA_DIR, DEMO_EXTRA_TEAMS=30).
 *
 * Isolation: tests run in parallel against one server, and each team has an
 * instance quota, so a spec that starts instances uses its own extra team:
 * `e2eTeam(n)` gives the two team-mates of team `e2e-NN` (users `e2eNNa`
 * and `e2eNNb`, password = user name), all in competition `ctf-spring`.
 * The team numbers are claimed in e2e/TEAMS.md: take a free one.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';

export { expect };

export const DEMO = {
  alice: 'alice',
  bob: 'bob',
  carol: 'carol',
  competition: 'ctf-spring',
  otherCompetition: 'ctf-autumn',
} as const;

export function e2eTeam(n: number) {
  const nn = String(n).padStart(2, '0');
  return { team: `e2e-${nn}`, a: `e2e${nn}a`, b: `e2e${nn}b`, competition: DEMO.competition };
}

/** Logs in through the API and returns the bearer token. */
export async function apiLogin(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { username, password: username } });
  expect(res.ok(), `login ${username}: ${res.status()}`).toBeTruthy();
  const body = (await res.json()) as { token: string };
  return body.token;
}

/** A signed-in page: the token is put in localStorage before the app loads. */
export async function signIn(page: Page, username: string): Promise<string> {
  const token = await apiLogin(page.request, username);
  await page.addInitScript((t) => {
    if (!sessionStorage.getItem('e2e.signedIn')) {
      localStorage.setItem('ctfy.token', t);
      sessionStorage.setItem('e2e.signedIn', '1');
    }
  }, token);
  return token;
}

/** A tiny API client for test set-up and for checking what the server holds. */
export function api(request: APIRequestContext, token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    get: (path: string) => request.get(`/api${path}`, { headers }),
    post: (path: string, data?: unknown) => request.post(`/api${path}`, { headers, data }),
    delete: (path: string) => request.delete(`/api${path}`, { headers }),
    async json<T = unknown>(path: string): Promise<T> {
      const res = await request.get(`/api${path}`, { headers });
      expect(res.ok(), `GET ${path}: ${res.status()}`).toBeTruthy();
      return (await res.json()) as T;
    },
    /** Starts an instance and waits (polling the API) until it is running. */
    async startAndWait(
      challengeId: string,
      competitionId: string = DEMO.competition,
      ttl?: number,
    ) {
      const res = await request.post('/api/instances', {
        headers,
        data: { challenge_id: challengeId, competition_id: competitionId, ...(ttl ? { ttl } : {}) },
      });
      expect(res.ok(), `start ${challengeId}: ${res.status()} ${await res.text()}`).toBeTruthy();
      const { id } = (await res.json()) as { id: string };
      await expect
        .poll(
          async () => {
            const s = await request.get(`/api/instances/${id}/status`, { headers });
            return ((await s.json()) as { status: string }).status;
          },
          { timeout: 30_000, intervals: [250, 500, 1000] },
        )
        .toBe('running');
      return id;
    },
    /** Stops every live instance of the caller's team (test clean-up). */
    async stopAll(competitionId: string = DEMO.competition) {
      const res = await request.get(`/api/instances?competition_id=${competitionId}&limit=500`, {
        headers,
      });
      if (!res.ok()) return;
      const body = (await res.json()) as { items: { id: string }[] } | { id: string }[];
      const items = Array.isArray(body) ? body : body.items;
      for (const i of items) await request.delete(`/api/instances/${i.id}`, { headers });
    },
  };
}

/**
 * axe-core on the page as it is now: zero violations, listed readably when
 * not. `exclude`: selectors left out (a frame showing a captured page is the
 * capture's markup, not ours).
 */
export async function expectNoAxeViolations(page: Page, exclude: string[] = []) {
  let builder = new AxeBuilder({ page });
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const report = results.violations.map(
    (v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(report).toEqual([]);
}

/**
 * A negative assertion ("no second submission", "nothing navigated") needs a
 * window in which the unwanted thing could have happened: this is that
 * window, after the page has shown its answer. Not for waiting on things.
 */
export async function quietWindow(page: Page, ms = 500): Promise<void> {
  // eslint-disable-next-line playwright/no-wait-for-timeout -- see above: nothing to wait for
  await page.waitForTimeout(ms);
}

export const test = base;

/**
 * What every traffic spec needs: a running DEMO-001 instance of one e2e team
 * with its HTTP surface, the recorded flow count, and the viewer's grid.
 */
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { api, apiLogin, expect, signIn } from './fixtures';

export interface TrafficInstance {
  token: string;
  instanceId: string;
  /** the instance's HTTP entrypoint, without a trailing slash */
  surface: string;
}

/** The first http(s) entrypoint of an instance, without a trailing slash. */
export async function surfaceUrl(
  request: APIRequestContext,
  token: string,
  instanceId: string,
): Promise<string> {
  const info = await api(request, token).json<{
    surface?: { entrypoints: { url?: string | null }[] } | null;
  }>(`/instances/${instanceId}`);
  const url = info.surface?.entrypoints.find((e) => e.url?.startsWith('http'))?.url;
  if (!url) throw new Error(`instance ${instanceId} has no http entrypoint`);
  return url.replace(/\/$/, '');
}

/** Signs `user` in through the API, stops the team's instances and starts a fresh DEMO-001. */
export async function startTrafficInstance(
  request: APIRequestContext,
  user: string,
): Promise<TrafficInstance> {
  const token = await apiLogin(request, user);
  const client = api(request, token);
  await client.stopAll();
  const instanceId = await client.startAndWait('DEMO-001');
  return { token, instanceId, surface: await surfaceUrl(request, token, instanceId) };
}

/** How many flows the platform has recorded for the instance. */
export async function flowCount(
  request: APIRequestContext,
  { token, instanceId }: TrafficInstance,
): Promise<number> {
  const body = await api(request, token).json<{ flows?: unknown[] }>(
    `/instances/${instanceId}/traffic`,
  );
  return body.flows?.length ?? 0;
}

/** Waits until the platform has recorded at least `n` flows of the instance. */
export async function waitForFlows(
  request: APIRequestContext,
  instance: TrafficInstance,
  n: number,
): Promise<void> {
  await expect
    .poll(() => flowCount(request, instance), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(n);
}

export function flowGrid(page: Page) {
  return page.getByRole('grid', { name: /Flows of instance/ });
}

export function flowRow(page: Page, path: string | RegExp) {
  return flowGrid(page).getByRole('row').filter({ hasText: path });
}

/** Signs `user` in and opens the instance's Traffic tab, waiting for the grid. */
export async function openInstanceTraffic(
  page: Page,
  user: string,
  competition: string,
  instanceId: string,
): Promise<void> {
  await signIn(page, user);
  await page.goto(`/c/${competition}/instances/${instanceId}/traffic`);
  await expect(flowGrid(page)).toBeVisible({ timeout: 30_000 });
}

/** Selects `text` where it first appears inside `scope`, as a user would with the mouse. */
export async function selectText(scope: Locator, text: string): Promise<void> {
  await scope.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`${wanted} is not on the page`);
  }, text);
}

/** A JWT for `sub` that expires a little over two hours from now (its signature is not real). */
export function testJwt(sub: string): string {
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({
    sub,
    role: 'player',
    exp: Math.floor(Date.now() / 1000) + 2 * 3600 + 600,
  })}.${Buffer.from('not a real signature').toString('base64url')}`;
}

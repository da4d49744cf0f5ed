/**
 * The question checklist of DEMO-001 (q1 → q2 → q3) against the real local
 * platform. Solves and attempts persist per team and challenge, so each
 * scenario that needs a fresh chain has its own team: 15, 16 (e2e/TEAMS.md).
 * Answers: server/challenges/DEMO-001/metadata.yaml.
 */
import type { Page } from '@playwright/test';
import {
  api,
  apiLogin,
  DEMO,
  e2eTeam,
  expect,
  expectNoAxeViolations,
  signIn,
  test,
  quietWindow,
} from './fixtures';

const cid = DEMO.competition;
const team15 = e2eTeam(15);
const team16 = e2eTeam(16);
const team17 = e2eTeam(17);

interface ApiQuestion {
  id: string;
  attempts_remaining: number | null;
  answered_correctly: boolean;
}

const field = (page: Page, title: string) => page.getByLabel(`Your answer for “${title}”`);
const submit = (page: Page, title: string) =>
  page.getByRole('button', { name: `Submit answer for “${title}”` });
const card = (page: Page, title: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });

test.describe('questions', () => {
  test.afterAll(async ({ request }) => {
    for (const t of [team15, team16, team17]) {
      await api(request, await apiLogin(request, t.a)).stopAll();
    }
  });

  test('chain, wrong answers, one attempt per double click, drafts, unlock, exhausted attempts', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const a = api(request, await apiLogin(request, team15.a));
    await a.stopAll();
    const id = await a.startAndWait('DEMO-001', cid);
    const attemptsLeft = async (qid: string) =>
      (await a.json<{ questions: ApiQuestion[] }>(`/instances/${id}`)).questions.find(
        (q) => q.id === qid,
      )?.attempts_remaining;

    await signIn(page, team15.a);
    await page.goto(`/c/${cid}/instances/${id}/questions`);

    // only q1 is open; the others say what unlocks them, with a link
    await expect(field(page, 'Hidden page')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('0 of 3 solved')).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveAttribute('max', '3');
    await expect(field(page, 'Who is in charge')).toHaveCount(0);
    await expect(card(page, '2. Who is in charge')).toContainText("Solve 'Hidden page' first.");
    await expect(card(page, '3. The flag')).toContainText("Solve 'Who is in charge' first.");
    await expect(card(page, '2. Who is in charge').getByRole('link')).toHaveAttribute(
      'href',
      '#question-q1',
    );
    await expect(card(page, '1. Hidden page')).toContainText('Attempts: 5 of 5 left');
    // the prompt is Markdown: its `/something` is code
    await expect(
      card(page, '1. Hidden page').locator('code', { hasText: '/something' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);

    // wrong: the text stays, one attempt fewer
    await field(page, 'Hidden page').fill('/nope');
    await field(page, 'Hidden page').press('Enter');
    await expect(page.getByText('Wrong answer. Attempts: 4 of 5 left.')).toBeVisible();
    await expect(field(page, 'Hidden page')).toHaveValue('/nope');
    await expect(card(page, '1. Hidden page')).toContainText('Attempts: 4 of 5 left');
    expect(await attemptsLeft('q1')).toBe(4);

    // a double click sends one submission: one attempt
    await field(page, 'Hidden page').fill('/still-wrong');
    await submit(page, 'Hidden page').dblclick();
    await expect(page.getByText('Wrong answer. Attempts: 3 of 5 left.')).toBeVisible();
    await quietWindow(page);
    expect(await attemptsLeft('q1')).toBe(3);

    // a draft survives a reload
    await field(page, 'Hidden page').fill('/adm');
    await page.reload();
    await expect(field(page, 'Hidden page')).toHaveValue('/adm', { timeout: 30_000 });

    // the right answer unlocks q2 with its prompt, and focus moves there
    await field(page, 'Hidden page').fill('/admin');
    await field(page, 'Hidden page').press('Enter');
    await expect(field(page, 'Who is in charge')).toBeFocused();
    await expect(page.getByText('What is the user name of the portal')).toBeVisible();
    await expect(card(page, '1. Hidden page')).toContainText('Solved');
    await expect(page.getByText('1 of 3 solved')).toBeVisible();
    await expect(card(page, '3. The flag')).toContainText("Solve 'Who is in charge' first.");

    // exhausting the attempts locks the field
    for (const wrong of ['alice', 'bob', 'eve']) {
      await field(page, 'Who is in charge').fill(wrong);
      await field(page, 'Who is in charge').press('Enter');
      await expect(submit(page, 'Who is in charge')).toHaveText('Submit');
    }
    await expect(field(page, 'Who is in charge')).toBeDisabled();
    await expect(card(page, '2. Who is in charge')).toContainText('no attempts left');
    expect(await attemptsLeft('q2')).toBe(0);
  });

  test("a team-mate's solve appears; the last answer shows solved and stopped", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const a = api(request, await apiLogin(request, team16.a));
    const b = api(request, await apiLogin(request, team16.b));
    await a.stopAll();
    const id = await a.startAndWait('DEMO-001', cid);
    await signIn(page, team16.a);
    await page.goto(`/c/${cid}/instances/${id}/questions`);
    await field(page, 'Hidden page').fill('my draft', { timeout: 30_000 });

    // the team-mate answers q1 through the API: the open page follows
    const res = await b.post('/submissions', {
      instance_id: id,
      question_id: 'q1',
      answer: '/admin',
      competition_id: cid,
    });
    expect(res.ok()).toBeTruthy();
    await expect(card(page, '1. Hidden page')).toContainText('Solved', { timeout: 15_000 });
    await expect(field(page, 'Who is in charge')).toBeVisible();
    await expect(page.getByText('1 of 3 solved')).toBeVisible();

    await field(page, 'Who is in charge').fill('margaret');
    await field(page, 'Who is in charge').press('Enter');
    await expect(field(page, 'The flag')).toBeFocused();
    await field(page, 'The flag').fill('flag{demo-001-cookies-are-not-auth}');
    await field(page, 'The flag').press('Enter');

    await expect(page.getByText('Challenge solved: every question is answered.')).toBeVisible();
    // Said once each: the header says what became of the instance, the tab that it is solved.
    await expect(
      page.getByRole('heading', {
        name: /^Solved: every question was answered, so the platform stopped it/,
      }),
    ).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(/Challenge solved/)).toHaveCount(1);
    await expect(page.getByText(/Solved: every question was answered/)).toHaveCount(1);
    await expect(page.getByText('3 of 3 solved')).toBeVisible();
    await expect(page.getByText(/this instance is gone/i)).toHaveCount(0);
    expect((await a.json<{ status: string }>(`/instances/${id}`)).status).toBe('stopped');
  });

  test('a held Enter sends one answer; Enter does not resend a text already judged wrong', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const a = api(request, await apiLogin(request, team17.a));
    await a.stopAll();
    const id = await a.startAndWait('DEMO-001', cid);
    const attemptsLeft = async () =>
      (await a.json<{ questions: ApiQuestion[] }>(`/instances/${id}`)).questions.find(
        (q) => q.id === 'q1',
      )?.attempts_remaining;
    await signIn(page, team17.a);
    await page.goto(`/c/${cid}/instances/${id}/questions`);
    await field(page, 'Hidden page').fill('/nope', { timeout: 30_000 });

    // hold Enter: the first keydown, then key repeats after the answer came back
    await page.keyboard.down('Enter');
    await expect(page.getByText('Wrong answer. Attempts: 4 of 5 left.')).toBeVisible();
    for (let i = 0; i < 5; i++) await page.keyboard.down('Enter'); // repeat: true
    await page.keyboard.up('Enter');
    await quietWindow(page);
    expect(await attemptsLeft()).toBe(4);

    // a new press with the same text: nothing sent, and the page says why
    await field(page, 'Hidden page').press('Enter');
    await expect(page.getByText(/You already tried this answer/)).toBeVisible();
    await quietWindow(page);
    expect(await attemptsLeft()).toBe(4);
    await expect(card(page, '1. Hidden page')).toContainText('Attempts: 4 of 5 left');

    // Submit on purpose sends it again
    await submit(page, 'Hidden page').click();
    await expect(page.getByText('Wrong answer. Attempts: 3 of 5 left.')).toBeVisible();
    expect(await attemptsLeft()).toBe(3);
  });
});

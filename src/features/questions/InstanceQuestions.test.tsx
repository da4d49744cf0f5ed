import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { Question } from '@shared/schemas';
import { seenRequests, server, setupMswServer } from '../../test/msw';
import { createTestQueryClient, TestProviders } from '../../test/render';
import { InstanceQuestions } from './InstanceQuestions';
import { draftKey } from './drafts';
import { InCompetition } from '../../test/competition';

setupMswServer();

interface Spec {
  id: string;
  title: string;
  prompt: string;
  requires: string[];
  max: number | null;
  answer: string;
}
const SPECS: Spec[] = [
  {
    id: 'q1',
    title: 'Find the admin panel',
    prompt: 'Which **path**?',
    requires: [],
    max: 5,
    answer: '/admin',
  },
  {
    id: 'q2',
    title: 'Who is in charge',
    prompt: 'Which user?',
    requires: ['q1'],
    max: 3,
    answer: 'margaret',
  },
  { id: 'q3', title: 'The flag', prompt: 'The flag.', requires: ['q2'], max: 3, answer: 'flag{x}' },
];

/** A tiny fake platform: the question chain of one instance, with attempts. */
function fakePlatform(opts: { autoStop?: boolean } = {}) {
  const used = new Map<string, number>();
  const solved = new Set<string>();
  let status = 'running';
  // While set, answers wait here: a test holds them to act while one is in flight.
  let held: Promise<void> | null = null;
  const unlocked = (s: Spec) => s.requires.every((r) => solved.has(r));
  const left = (s: Spec) => (s.max === null ? null : s.max - (used.get(s.id) ?? 0));
  const view = (): Question[] =>
    SPECS.map((s) => ({
      id: s.id,
      title: s.title,
      prompt: unlocked(s) ? s.prompt : '',
      unlocked: unlocked(s),
      answered_correctly: solved.has(s.id),
      attempts_remaining: left(s),
      max_attempts: s.max,
      requires: s.requires,
      points: 100,
    }));
  const state = {
    solve: (id: string) => solved.add(id),
    stop: () => {
      status = 'stopped';
    },
    useAttempts: (id: string, n: number) => used.set(id, n),
    get status() {
      return status;
    },
    posts: () => seenRequests.filter((r) => r.method === 'POST'),
    /** Holds every answer until the returned function is called. */
    holdAnswers: () => {
      let release = () => {};
      held = new Promise<void>((resolve) => {
        release = () => {
          held = null;
          resolve();
        };
      });
      return release;
    },
  };
  server.use(
    http.get('/api/instances/:id', () =>
      HttpResponse.json({
        id: 'i-1',
        challenge_id: 'DEMO-001',
        competition_id: 'ctf-spring',
        status,
        message: status === 'stopped' ? 'Solved: every question was answered correctly.' : null,
        created_at: '2026-01-01T00:00:00Z',
        questions: view(),
      }),
    ),
    http.post('/api/submissions', async ({ request }) => {
      const body = (await request.json()) as { question_id: string; answer: string };
      const s = SPECS.find((x) => x.id === body.question_id)!;
      if (solved.has(s.id)) {
        return HttpResponse.json({ detail: 'already answered correctly by bob' }, { status: 409 });
      }
      if (left(s) === 0) return HttpResponse.json({ detail: 'No attempts left' }, { status: 429 });
      if (held) await held;
      used.set(s.id, (used.get(s.id) ?? 0) + 1);
      const before = SPECS.filter((x) => !unlocked(x)).map((x) => x.id);
      const correct = body.answer.trim() === s.answer;
      if (correct) solved.add(s.id);
      const allSolved = SPECS.every((x) => solved.has(x.id));
      if (allSolved && opts.autoStop) status = 'stopped';
      return HttpResponse.json({
        correct,
        question_id: s.id,
        attempts_remaining: left(s),
        answered_correctly: correct,
        unlocked: before.filter((id) => unlocked(SPECS.find((x) => x.id === id)!)),
        instance_stopped: allSolved && !!opts.autoStop,
      });
    }),
  );
  return state;
}

function renderPage() {
  const client = createTestQueryClient();
  return render(
    <TestProviders client={client}>
      <InCompetition>
        <InstanceQuestions instanceId="i-1" />
      </InCompetition>
    </TestProviders>,
  );
}

const field = (title: string) => screen.getByLabelText(`Your answer for “${title}”`);
const submitFor = (title: string) =>
  screen.getByRole('button', { name: new RegExp(`answer for “${title}”`) });

describe('InstanceQuestions', () => {
  it('shows the chain: only the first open, the others say what unlocks them', async () => {
    fakePlatform();
    renderPage();
    expect(await screen.findByText('0 of 3 solved')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: '0 of 3 solved' })).toHaveAttribute('max', '3');
    expect(field('Find the admin panel')).toBeInTheDocument();
    expect(screen.queryByLabelText('Your answer for “Who is in charge”')).toBeNull();
    const link = screen.getByRole('link', { name: "'Find the admin panel'" });
    expect(link).toHaveAttribute('href', '#question-q1');
    expect(screen.getAllByText('Locked')).toHaveLength(2);
    expect(screen.getAllByText('Attempts: 3 of 3 left')).toHaveLength(2);
    // Markdown renders as elements, never as raw HTML
    expect(screen.getByText('path').tagName).toBe('STRONG');
  });

  it('a wrong answer keeps the text and shows one attempt fewer; a double submit sends one', async () => {
    const platform = fakePlatform();
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText(/Your answer for “Find/), '/nope');
    const release = platform.holdAnswers(); // the first answer is in flight meanwhile
    await user.dblClick(submitFor('Find the admin panel'));
    await user.keyboard('{Enter}{Enter}');
    release();
    expect(await screen.findByText('Wrong answer. Attempts: 4 of 5 left.')).toBeInTheDocument();
    expect(field('Find the admin panel')).toHaveValue('/nope');
    expect(platform.posts()).toHaveLength(1);
    await waitFor(() => expect(screen.getByText('Attempts: 4 of 5 left')).toBeInTheDocument());
  });

  it('a double click whose first answer is back before the second click still sends one', async () => {
    const platform = fakePlatform();
    renderPage();
    const input = await screen.findByLabelText(/Your answer for “Find/);
    fireEvent.change(input, { target: { value: '/nope' } });
    const button = submitFor('Find the admin panel');
    fireEvent.click(button, { detail: 1 });
    expect(await screen.findByText('Wrong answer. Attempts: 4 of 5 left.')).toBeInTheDocument();
    // the double click's second click lands after the answer, guard released
    fireEvent.click(submitFor('Find the admin panel'), { detail: 2 });
    // then a new text and a single, deliberate click: that one is sent
    fireEvent.change(input, { target: { value: '/other' } });
    fireEvent.click(submitFor('Find the admin panel'), { detail: 1 });
    expect(await screen.findByText('Wrong answer. Attempts: 3 of 5 left.')).toBeInTheDocument();
    const answers = await Promise.all(
      platform.posts().map(async (r) => ((await r.clone().json()) as { answer: string }).answer),
    );
    expect(answers).toEqual(['/nope', '/other']);
  });

  it('a held Enter is one submission; Enter does not resend a text already judged wrong', async () => {
    const platform = fakePlatform();
    // user-event waits between a held key's repeats through `advanceTimers`:
    // the repeats of this hold come after the server has answered.
    let betweenRepeats: () => Promise<unknown> = () => Promise.resolve();
    const user = userEvent.setup({ advanceTimers: () => betweenRepeats() });
    renderPage();
    const input = await screen.findByLabelText(/Your answer for “Find/);
    await user.type(input, '/nope');
    let enterDowns = 0;
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') enterDowns++;
    });
    betweenRepeats = () =>
      enterDowns === 1
        ? screen.findByText('Wrong answer. Attempts: 4 of 5 left.')
        : Promise.resolve();
    await user.keyboard('{Enter>6/}'); // one press, five repeats, released
    expect(enterDowns).toBe(6);
    expect(platform.posts()).toHaveLength(1);

    // pressed again with the same text: nothing is sent, and the player is told why
    await user.keyboard('{Enter}');
    expect(
      await screen.findByText(/You already tried this answer, so it was not sent again/),
    ).toBeInTheDocument();
    expect(platform.posts()).toHaveLength(1);

    // Submit on purpose sends it again; a changed text goes with Enter
    await user.click(submitFor('Find the admin panel'));
    expect(await screen.findByText('Wrong answer. Attempts: 3 of 5 left.')).toBeInTheDocument();
    expect(platform.posts()).toHaveLength(2);
    await user.type(input, '2{Enter}');
    expect(await screen.findByText('Wrong answer. Attempts: 2 of 5 left.')).toBeInTheDocument();
    expect(platform.posts()).toHaveLength(3);
  });

  it('the right answer unlocks the next with its prompt and moves focus there', async () => {
    fakePlatform();
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText(/Your answer for “Find/), '/admin{Enter}');
    const next = await screen.findByLabelText('Your answer for “Who is in charge”');
    await waitFor(() => expect(next).toHaveFocus());
    expect(await screen.findByText('Which user?')).toBeInTheDocument();
    expect(screen.getByText('1 of 3 solved')).toBeInTheDocument();
    expect(localStorage.getItem(draftKey('i-1', 'q1'))).toBeNull();
  });

  it('keeps a draft in localStorage and picks up one typed in another tab', async () => {
    fakePlatform();
    localStorage.setItem(draftKey('i-1', 'q1'), '/adm');
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByLabelText(/Your answer for “Find/)).toHaveValue('/adm');
    await user.type(field('Find the admin panel'), 'in');
    expect(localStorage.getItem(draftKey('i-1', 'q1'))).toBe('/admin');
    act(() => {
      localStorage.setItem(draftKey('i-1', 'q1'), 'from the other tab');
      window.dispatchEvent(new StorageEvent('storage', { key: draftKey('i-1', 'q1') }));
    });
    expect(field('Find the admin panel')).toHaveValue('from the other tab');
  });

  it('says when a team-mate solved it first (409) and refreshes', async () => {
    const platform = fakePlatform();
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText(/Your answer for “Find/), '/admin');
    platform.solve('q1');
    await user.click(submitFor('Find the admin panel'));
    expect(await screen.findByText(/already answered correctly by bob/)).toBeInTheDocument();
    expect(await screen.findByText('1 of 3 solved')).toBeInTheDocument();
  });

  it('locks the field after the last attempt, and on a 429', async () => {
    const platform = fakePlatform();
    platform.useAttempts('q1', 4);
    const user = userEvent.setup();
    renderPage();
    const input = await screen.findByLabelText(/Your answer for “Find/);
    expect(screen.getByText('Attempts: 1 of 5 left')).toBeInTheDocument();
    await user.type(input, 'wrong{Enter}');
    expect(await screen.findByText(/that was the last attempt/)).toBeInTheDocument();
    expect(input).toBeDisabled();
    expect(input).toHaveValue('wrong');
  });

  it('locks the field with the server message when it answers 429', async () => {
    const platform = fakePlatform();
    platform.useAttempts('q1', 3);
    const user = userEvent.setup();
    renderPage();
    const input = await screen.findByLabelText(/Your answer for “Find/);
    platform.useAttempts('q1', 5); // a team-mate used the rest meanwhile
    await user.type(input, 'mine{Enter}');
    expect(await screen.findByText('No attempts left')).toBeInTheDocument();
    expect(input).toBeDisabled();
    expect(screen.getByText('Attempts: no attempts left')).toBeInTheDocument();
  });

  it('sends one submission for two submits of the same tick (the ref guard)', async () => {
    const platform = fakePlatform();
    const user = userEvent.setup();
    renderPage();
    const input = await screen.findByLabelText(/Your answer for “Find/);
    await user.type(input, '/nope');
    const form = input.closest('form')!;
    act(() => {
      fireEvent.submit(form);
      fireEvent.submit(form);
      fireEvent.submit(form);
    });
    expect(await screen.findByText('Wrong answer. Attempts: 4 of 5 left.')).toBeInTheDocument();
    expect(platform.posts()).toHaveLength(1);
  });

  it('keeps the text on a network failure and offers Retry, which sends it again', async () => {
    const platform = fakePlatform();
    const user = userEvent.setup();
    server.use(http.post('/api/submissions', () => HttpResponse.error(), { once: true }));
    renderPage();
    await user.type(await screen.findByLabelText(/Your answer for “Find/), '/admin{Enter}');
    expect(await screen.findByText(/Your answer is kept/)).toBeInTheDocument();
    expect(field('Find the admin panel')).toHaveValue('/admin');
    expect(platform.posts()).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('1 of 3 solved')).toBeInTheDocument();
    expect(platform.posts()).toHaveLength(2);
  });

  it('says the challenge is solved and the instance stopped after the last answer', async () => {
    const platform = fakePlatform({ autoStop: true });
    platform.solve('q1');
    platform.solve('q2');
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText(/Your answer for “The flag/), 'flag{{x}{Enter}');
    expect(
      await screen.findByText('Challenge solved: every question is answered.'),
    ).toBeInTheDocument();
    // Said once: the tab does not repeat what the instance header says about the stop.
    expect(screen.getAllByText(/Challenge solved/)).toHaveLength(1);
    expect(screen.queryByText(/Solved: every question was answered/)).not.toBeInTheDocument();
    expect(screen.queryByText(/stopped because the challenge is solved/)).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Questions' })).toHaveFocus();
  });

  it('on an ended instance, disables the answer box and says why', async () => {
    const platform = fakePlatform();
    platform.stop();
    renderPage();
    const input = await screen.findByLabelText(/Your answer for “Find the admin panel/);
    expect(input).toBeDisabled();
    expect(input).toHaveAccessibleDescription(
      /This instance is stopped: answers are no longer accepted\./,
    );
    expect(platform.posts()).toHaveLength(0);
  });
});

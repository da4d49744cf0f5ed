import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { focusManager } from '@tanstack/react-query';
import { configureApiClient } from '../../../api/client';
import type { PhaseRecord } from '@shared/schemas';
import { server, seenRequests, setupMswServer } from '../../../test/msw';
import { renderRoutes } from '../../../test/render';
import { instancePageRoutes } from '../testing';
import { forgetPhaseLogs } from './phaseLog';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

const T0 = new Date('2026-11-28T12:00:00Z').getTime();
const at = (ms: number) => new Date(T0 + ms).toISOString();

interface Step {
  status: string;
  phase?: string;
  message?: string;
  phases?: PhaseRecord[];
  ready_at?: string;
  ended_at?: string;
  end_reason?: string;
}

/** A fake platform whose status walks through `script`; the detail tells the same step. */
function scriptStatus(script: Step[], extra: Record<string, unknown> = {}) {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const step = () => script[Math.min(Math.max(seen.calls - 1, 0), script.length - 1)]!;
  const fields = (s: Step) => {
    const running = s.status === 'running';
    return {
      ...s,
      ready: running,
      ready_at: s.ready_at ?? (running ? new Date(Date.now()).toISOString() : null),
      surface: running
        ? { entrypoints: [{ name: 'web', protocol: 'http', host: '127.0.0.1', port: 4100 }] }
        : null,
    };
  };
  server.use(
    http.get('/api/instances/i-1', () =>
      HttpResponse.json({
        id: 'i-1',
        challenge_id: 'DEMO-004',
        competition_id: 'ctf-spring',
        created_at: at(0),
        expires_at: at(86_400_000),
        questions: [],
        ...fields(seen.calls === 0 ? script[0]! : step()),
        ...extra,
      }),
    ),
    http.get('/api/instances/i-1/status', async () => {
      seen.inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      seen.calls++;
      await Promise.resolve();
      seen.inFlight--;
      return HttpResponse.json({ id: 'i-1', ...fields(step()), ...extra });
    }),
  );
  return seen;
}

const calls = (suffix: RegExp) => seenRequests.filter((r) => suffix.test(r.url)).length;
const statusCalls = () => calls(/\/status$/);
const detailCalls = () => calls(/\/instances\/i-1$/);

function renderPage() {
  return renderRoutes(instancePageRoutes(), '/c/ctf-spring/instances/i-1');
}

beforeEach(() => {
  forgetPhaseLogs();
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  vi.setSystemTime(T0 + 1_000);
});
afterEach(() => {
  vi.useRealTimers();
  focusManager.setFocused(undefined);
});

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('the instance page owns readiness', { timeout: 30_000 }, () => {
  it('runs one status poll; the detail is read once while it starts and once when it settles', async () => {
    const seen = scriptStatus([
      { status: 'pending', phase: 'queued' },
      { status: 'pending', phase: 'queued' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'waiting for health check' },
      { status: 'starting', phase: 'waiting for health check' },
      { status: 'running' },
    ]);
    renderPage();
    await advance(10);
    expect(seen.calls).toBe(1);
    await advance(500);
    expect(seen.calls).toBe(2); // ~0.5 s after the first answer
    await advance(750);
    expect(seen.calls).toBe(3);
    await advance(1_125 + 1_688 + 2_000);
    expect(seen.calls).toBe(6);
    // ~6 s of start-up: the detail was not polled beside the status.
    expect(detailCalls()).toBe(1);
    await advance(2_000);
    expect(seen.calls).toBe(7);
    await advance(10);
    // Settled: the detail followed once, and the overview shows the surface.
    expect(detailCalls()).toBe(2);
    expect(screen.getByRole('heading', { name: 'Attack surface' })).toBeInTheDocument();
    expect(seen.maxInFlight).toBe(1);
    // Running: no more status polls, however long we wait.
    await advance(30_000);
    expect(seen.calls).toBe(7);
    expect(document.title).toContain('✓ Ready: DEMO-004');
  });

  it('shows the phases and the total since created_at while starting', async () => {
    scriptStatus([
      { status: 'pending', phase: 'queued' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'waiting for health check' },
    ]);
    renderPage();
    await advance(5_000);
    const phases = screen.getByRole('list', { name: 'Start-up phases' });
    const items = within(phases).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^✓queuedplatform\d/),
      expect.stringMatching(/^✓pulling image\d/),
      expect.stringMatching(/^◐waiting for health checkplatform\d/),
    ]);
    expect(screen.getByText('Current phase:')).toHaveTextContent('waiting for health check');
    expect(screen.getByTestId('launch-elapsed').textContent).toBe('6 seconds');
    await advance(3_000);
    expect(screen.getByTestId('launch-elapsed').textContent).toBe('9 seconds');
  });

  it('keeps the start-up timeline, collapsed, on the overview once ready, platform and service phases told apart', async () => {
    const phases: PhaseRecord[] = [
      { phase: 'queued', source: 'platform', at: at(0) },
      { phase: 'allocating ports', source: 'platform', at: at(200) },
      { phase: 'seeding database', source: 'service', at: at(1_200) },
      { phase: 'waiting for health check', source: 'platform', at: at(4_000) },
    ];
    scriptStatus([{ status: 'running', phases, ready_at: at(6_500) }]);
    vi.setSystemTime(T0 + 60_000);
    renderPage();
    await advance(10);
    expect(screen.getByRole('heading', { name: 'Attack surface' })).toBeInTheDocument();
    const summary = screen.getByText('Start-up timeline');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    const items = within(details).getAllByRole('listitem', { hidden: true });
    expect(items.map((li) => li.textContent)).toEqual([
      '✓queuedplatform200 milliseconds(done)',
      '✓allocating portsplatform1 second(done)',
      '✓seeding databasereported by the service2 seconds(done)',
      '✓waiting for health checkplatform2 seconds(done)',
      '✓ ready',
    ]);
  });

  it('stops a failed start-up’s clock at the platform’s moment, marks it ✕, and says the message once', async () => {
    const phases: PhaseRecord[] = [
      { phase: 'queued', source: 'platform', at: at(0) },
      { phase: 'waiting for health check', source: 'platform', at: at(1_000) },
    ];
    const message = 'Health check did not pass within 20 s: HTTP 500.';
    scriptStatus([
      { status: 'failed', message, phases, ended_at: at(21_000), end_reason: 'failed' },
    ]);
    // Opened twelve minutes later.
    vi.setSystemTime(T0 + 12 * 60_000);
    renderPage();
    await advance(10);
    expect(screen.getByTestId('launch-elapsed')).toHaveTextContent('21 seconds');
    await advance(5_000);
    expect(screen.getByTestId('launch-elapsed')).toHaveTextContent('21 seconds');
    expect(screen.getByRole('heading', { name: /^Failed to start at / })).toBeInTheDocument();
    expect(screen.getAllByText(message)).toHaveLength(1);
    const items = within(screen.getByRole('list', { name: 'Start-up phases' })).getAllByRole(
      'listitem',
    );
    expect(items.at(-2)).toHaveAttribute('data-mark', 'failed');
    expect(items.at(-1)).toHaveTextContent('✕failed: never became ready');
    expect(screen.queryByText(/✓\s*failed/)).not.toBeInTheDocument();
    expect(screen.queryByText(/before this tab was watching/)).not.toBeInTheDocument();
    expect(statusCalls()).toBe(1);
  });

  it('without the platform’s record, a tab opened after a failure shows no running clock and says so', async () => {
    scriptStatus([{ status: 'failed', message: 'boom' }]);
    vi.setSystemTime(T0 + 12 * 60_000);
    renderPage();
    await advance(10);
    expect(screen.getByText(/opened after the start-up had ended/)).toBeInTheDocument();
    expect(screen.queryByTestId('launch-elapsed')).not.toBeInTheDocument();
    expect(screen.getAllByText('boom')).toHaveLength(1);
  });

  it('says an instance stopped because the platform restarted, not that it failed to start', async () => {
    scriptStatus([
      {
        status: 'failed',
        message: "The platform restarted; this instance's process is gone.",
        ready_at: at(5_000),
        ended_at: at(600_000),
        end_reason: 'platform_restart',
      },
    ]);
    vi.setSystemTime(T0 + 700_000);
    renderPage();
    await advance(10);
    expect(
      screen.getByRole('heading', {
        name: /^Stopped because the platform restarted while it was running at /,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/failed to start/i)).not.toBeInTheDocument();
    // Its tabs stay, read-only.
    expect(screen.getByRole('navigation', { name: 'Instance sections' })).toBeInTheDocument();
  });

  it('does not poll while the tab is hidden, and resumes on focus', async () => {
    scriptStatus([{ status: 'starting', phase: 'booting' }]);
    renderPage();
    await advance(10);
    expect(statusCalls()).toBe(1);
    act(() => focusManager.setFocused(false));
    await advance(20_000);
    expect(statusCalls()).toBe(1);
    act(() => focusManager.setFocused(true));
    await advance(2_100);
    expect(statusCalls()).toBeGreaterThan(1);
  });

  it('says it is reconnecting while the platform does not answer, then recovers', async () => {
    let down = false;
    scriptStatus([{ status: 'starting', phase: 'booting' }]);
    server.use(
      http.get('/api/instances/i-1/status', () => {
        if (down) return HttpResponse.error();
        return undefined; // fall through to the scripted handler
      }),
    );
    renderPage();
    await advance(10);
    expect(screen.getByRole('heading', { name: 'Starting' })).toBeInTheDocument();
    down = true;
    await advance(8_000);
    expect(screen.getByRole('heading', { name: 'Reconnecting…' })).toBeInTheDocument();
    const during = statusCalls();
    await advance(10_000);
    expect(statusCalls()).toBeGreaterThan(during); // still trying by itself
    down = false;
    await advance(6_000);
    expect(screen.getByRole('heading', { name: 'Starting' })).toBeInTheDocument();
    expect(seenRequests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});

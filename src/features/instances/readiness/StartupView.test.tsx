import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { focusManager } from '@tanstack/react-query';
import { server, seenRequests, setupMswServer } from '../../../test/msw';
import { configureTestApi, renderInCompetition } from '../testing';
import { LaunchProgress } from './LaunchProgress';
import { forgetPhaseLogs } from './phaseLog';

setupMswServer();
configureTestApi();

const T0 = new Date('2026-11-28T12:00:00Z').getTime();

function detail(status: string) {
  return {
    id: 'i-1',
    challenge_id: 'DEMO-004',
    competition_id: 'ctf-spring',
    status,
    created_at: new Date(T0).toISOString(),
    questions: [],
  };
}

/** A fake platform whose status walks through `script`, counting concurrent requests. */
function scriptStatus(script: { status: string; phase?: string; message?: string }[]) {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0 };
  server.use(
    http.get('/api/instances/i-1', () => HttpResponse.json(detail('starting'))),
    http.get('/api/instances/i-1/status', async () => {
      seen.inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      const step = script[Math.min(seen.calls, script.length - 1)]!;
      seen.calls++;
      await Promise.resolve();
      seen.inFlight--;
      const running = step.status === 'running';
      return HttpResponse.json({
        id: 'i-1',
        ...step,
        ready: running,
        ready_at: running ? new Date(Date.now()).toISOString() : null,
        surface: running
          ? { entrypoints: [{ name: 'web', protocol: 'http', host: '127.0.0.1', port: 4100 }] }
          : null,
      });
    }),
  );
  return seen;
}

const statusCalls = () => seenRequests.filter((r) => r.url.endsWith('/status')).length;

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

describe('LaunchProgress', { timeout: 30_000 }, () => {
  it('polls fast then slower, one request at a time, and stops once ready', async () => {
    const seen = scriptStatus([
      { status: 'pending', phase: 'queued' },
      { status: 'pending', phase: 'queued' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'waiting for health check' },
      { status: 'starting', phase: 'waiting for health check' },
      { status: 'running', phase: 'ready' },
    ]);
    // Two views of the same instance share one poll.
    renderInCompetition(
      <>
        <LaunchProgress instanceId="i-1" />
        <LaunchProgress instanceId="i-1" />
      </>,
      '/progress',
    );
    await advance(10);
    expect(seen.calls).toBe(1);
    await advance(500);
    expect(seen.calls).toBe(2); // ~0.5 s after the first answer
    await advance(750);
    expect(seen.calls).toBe(3);
    await advance(1_125 + 1_688 + 2_000 + 2_000);
    expect(seen.calls).toBe(7);
    expect(screen.getAllByRole('heading', { name: 'Ready' })).toHaveLength(2);
    expect(screen.getAllByRole('link', { name: 'http://127.0.0.1:4100/' })).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Copy web address' })).toHaveLength(2);
    expect(seen.maxInFlight).toBe(1);
    // Ready is terminal for the poll: nothing more, however long we wait.
    await advance(30_000);
    expect(seen.calls).toBe(7);
    expect(document.title).toContain('✓ Ready: DEMO-004');
  });

  it('shows the phases seen, each with its elapsed time, and the total since created_at', async () => {
    scriptStatus([
      { status: 'pending', phase: 'queued' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'pulling image' },
      { status: 'starting', phase: 'waiting for health check' },
    ]);
    renderInCompetition(<LaunchProgress instanceId="i-1" />, '/progress');
    await advance(5_000);
    const phases = screen.getByRole('list', { name: 'Phases seen' });
    const items = Array.from(phases.querySelectorAll('li')).map((li) => li.textContent);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/queued\s*\d+ ms|queued\s*\d+s/);
    expect(items[1]).toContain('pulling image');
    expect(items[2]).toContain('waiting for health check');
    expect(screen.getByText('Current phase:')).toHaveTextContent('waiting for health check');
    const before = screen.getByTestId('launch-elapsed').textContent;
    expect(before).toBe('6s'); // created 1 s before the page opened, 5 s since
    await advance(3_000);
    expect(screen.getByTestId('launch-elapsed').textContent).toBe('9s');
  });

  it('does not poll while the tab is hidden, and resumes on focus', async () => {
    scriptStatus([{ status: 'starting', phase: 'booting' }]);
    renderInCompetition(<LaunchProgress instanceId="i-1" />, '/progress');
    await advance(10);
    expect(statusCalls()).toBe(1);
    act(() => focusManager.setFocused(false));
    await advance(20_000);
    expect(statusCalls()).toBe(1);
    act(() => focusManager.setFocused(true));
    await advance(2_100);
    expect(statusCalls()).toBeGreaterThan(1);
  });

  it('shows the failure message with Launch again', async () => {
    scriptStatus([{ status: 'failed', phase: 'health check', message: 'Service crashed: exit 3' }]);
    renderInCompetition(<LaunchProgress instanceId="i-1" />, '/progress');
    await advance(10);
    expect(screen.getByText('Service crashed: exit 3')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Launch again' })).toBeEnabled();
    await advance(20_000);
    expect(statusCalls()).toBe(1);
  });

  it('says it is reconnecting while the platform does not answer, then recovers', async () => {
    let down = false;
    scriptStatus([{ status: 'starting', phase: 'booting' }]);
    server.use(
      http.get('/api/instances/i-1/status', () => {
        if (down) return HttpResponse.error();
        return undefined as never; // fall through to the scripted handler
      }),
    );
    renderInCompetition(<LaunchProgress instanceId="i-1" />, '/progress');
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

import { afterEach, describe, expect, it } from 'vitest';
import { focusManager, QueryClient } from '@tanstack/react-query';
import {
  BACKGROUND_POLL_INTERVAL_MS,
  readinessPollDelay,
  reconnectPollDelay,
  SDK_POLL_INTERVAL_MS,
  statusPollInterval,
} from './polling';
import { instanceQueries } from './instances';
import { ApiError } from './client';
import type { InstanceStatusResponse } from '@shared/schemas';

describe('readinessPollDelay', () => {
  it('starts at about 0.5 s and eases off to the SDK 2 s, never beyond', () => {
    const schedule = Array.from({ length: 10 }, (_, n) => readinessPollDelay(n));
    expect(schedule[0]).toBe(500);
    expect(schedule[1]).toBe(500);
    expect(schedule.slice(1, 6)).toEqual([500, 750, 1125, 1688, 2000]);
    for (let i = 1; i < schedule.length; i++) {
      expect(schedule[i]).toBeGreaterThanOrEqual(schedule[i - 1]!);
    }
    expect(readinessPollDelay(1_000)).toBe(SDK_POLL_INTERVAL_MS);
  });

  it('makes fewer than 15 polls in the first 20 s (the SDK makes 10)', () => {
    let t = 0;
    let polls = 0;
    while (t < 20_000) {
      polls++;
      t += readinessPollDelay(polls);
    }
    expect(polls).toBeLessThan(15);
    expect(polls).toBeGreaterThan(10);
  });
});

describe('statusPollInterval', () => {
  const base = { pollsDone: 3, failing: false, outageMs: 0, gone: false };

  it('polls while pending, starting, an unknown status, or before the first answer', () => {
    for (const status of ['pending', 'starting', 'warming-up', undefined]) {
      expect(statusPollInterval({ ...base, status })).toBe(readinessPollDelay(3));
    }
  });

  it('stops once running or terminal', () => {
    for (const status of ['running', 'failed', 'stopped', 'expired']) {
      expect(statusPollInterval({ ...base, status })).toBe(false);
    }
  });

  it('stops when the instance is gone (404)', () => {
    expect(statusPollInterval({ ...base, status: 'starting', gone: true })).toBe(false);
  });

  it('keeps polling while failing, backing off with the outage up to 5 s', () => {
    expect(statusPollInterval({ ...base, status: 'running', failing: true, outageMs: 0 })).toBe(
      2_000,
    );
    expect(reconnectPollDelay(10_000)).toBe(3_000);
    expect(reconnectPollDelay(600_000)).toBe(5_000);
    expect(
      statusPollInterval({ ...base, status: 'starting', failing: true, outageMs: 60_000 }),
    ).toBe(5_000);
  });

  it('polls a hidden tab (only when a page opted in) at a gentle pace', () => {
    expect(statusPollInterval({ ...base, status: 'starting', background: true })).toBe(
      BACKGROUND_POLL_INTERVAL_MS,
    );
    expect(statusPollInterval({ ...base, status: 'running', background: true })).toBe(false);
  });
});

describe('instanceQueries.status refetchInterval', () => {
  const scope = { competitionId: 'ctf-spring', scoped: false };
  afterEach(() => focusManager.setFocused(undefined));

  function intervalAfter(updates: (InstanceStatusResponse | Error)[]) {
    const qc = new QueryClient();
    const options = instanceQueries.status(scope, 'i-1');
    const query = qc.getQueryCache().build(qc, options as never);
    for (const u of updates) {
      if (u instanceof Error)
        query.setState({
          ...query.state,
          status: 'error',
          error: u,
          errorUpdateCount: query.state.errorUpdateCount + 1,
          errorUpdatedAt: Date.now(),
        });
      else query.setData(u);
    }
    const fn = options.refetchInterval;
    if (typeof fn !== 'function') throw new Error('refetchInterval is not a function');
    expect(options.refetchIntervalInBackground).toBe(false);
    return fn(query as never);
  }

  it('is fast at first, then the SDK 2 s, while the instance settles', () => {
    expect(intervalAfter([{ id: 'i-1', status: 'pending' }])).toBe(500);
    const many = Array.from({ length: 8 }, () => ({ id: 'i-1', status: 'starting' }));
    expect(intervalAfter(many)).toBe(2_000);
  });

  it('is off once running or failed', () => {
    expect(
      intervalAfter([
        { id: 'i-1', status: 'starting' },
        { id: 'i-1', status: 'running' },
      ]),
    ).toBe(false);
    expect(intervalAfter([{ id: 'i-1', status: 'failed', message: 'boom' }])).toBe(false);
  });

  it('keeps polling through a network error, and stops on 404', () => {
    const network = new ApiError('network', 'Failed to fetch');
    expect(intervalAfter([{ id: 'i-1', status: 'starting' }, network])).toBeGreaterThanOrEqual(
      2_000,
    );
    const gone = new ApiError('http', 'Not Found', {
      status: 404,
      detail: 'Instance i-1 not found.',
    });
    expect(intervalAfter([{ id: 'i-1', status: 'starting' }, gone])).toBe(false);
  });

  it('slows to the background pace when the window is not focused', () => {
    focusManager.setFocused(false);
    expect(intervalAfter([{ id: 'i-1', status: 'starting' }])).toBe(BACKGROUND_POLL_INTERVAL_MS);
  });
});

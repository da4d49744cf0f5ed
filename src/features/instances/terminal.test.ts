import { describe, expect, it } from 'vitest';
import { endReasonOf, endedWording } from './terminal';

const base = { message: null, questions: [], ready_at: null };
const q = (answered_correctly: boolean) => ({
  id: 'q',
  prompt: 'p',
  unlocked: true,
  answered_correctly,
  attempts_remaining: null,
});

describe('endedWording', () => {
  it('says an expired instance ran out of time, at the moment the platform gave', () => {
    const w = endedWording({ ...base, status: 'expired', ended_at: '2026-01-01T10:00:00Z' });
    expect(w?.title).toBe('Expired: its time ran out');
    expect(w?.at?.toISOString()).toBe('2026-01-01T10:00:00.000Z');
  });

  it('tells solved from stopped by someone, with or without the extension fields', () => {
    expect(endedWording({ ...base, status: 'stopped', questions: [q(true), q(true)] })?.title).toBe(
      'Solved: every question was answered, so the platform stopped it',
    );
    expect(
      endedWording({ ...base, status: 'stopped', end_reason: 'stopped', ended_by: 'bob' })?.title,
    ).toBe('Stopped by bob');
    expect(
      endedWording({
        ...base,
        status: 'stopped',
        questions: [q(true), q(false)],
        message: 'Stopped by bob.',
      })?.title,
    ).toBe('Stopped by bob');
    expect(endedWording({ ...base, status: 'stopped' })?.title).toBe('Stopped');
  });

  it('gives a failure its message once, as the detail (the title does not repeat it)', () => {
    expect(endedWording({ ...base, status: 'failed', message: 'boom' })).toMatchObject({
      reason: 'failed',
      title: 'Failed to start',
      detail: 'boom',
    });
  });

  it('says an instance stopped because the platform restarted, not that it failed to start', () => {
    const restarted = {
      ...base,
      status: 'failed',
      ready_at: '2026-01-01T09:00:00Z',
      message: "The platform restarted; this instance's process is gone.",
    };
    // From the extension field, and from the message when the field is absent.
    expect(endReasonOf({ ...restarted, end_reason: 'platform_restart' })).toBe('platform_restart');
    expect(endReasonOf(restarted)).toBe('platform_restart');
    const w = endedWording(restarted);
    expect(w?.title).toBe('Stopped because the platform restarted while it was running');
    expect(w?.title).not.toMatch(/failed/i);
    expect(w?.detail).toBeUndefined();
  });

  it('has nothing to say for a live instance', () => {
    expect(endedWording({ ...base, status: 'running' })).toBeUndefined();
    expect(endedWording({ ...base, status: 'stopping' })).toBeUndefined();
  });
});

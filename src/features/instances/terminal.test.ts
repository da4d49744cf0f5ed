import { describe, expect, it } from 'vitest';
import { endedWording } from './terminal';

const base = { message: null, expires_at: '2026-01-01T10:00:00Z', questions: [] };
const q = (answered_correctly: boolean) => ({
  id: 'q',
  prompt: 'p',
  unlocked: true,
  answered_correctly,
  attempts_remaining: null,
});

describe('endedWording', () => {
  it('says when an instance expired', () => {
    expect(endedWording({ ...base, status: 'expired' })?.title).toMatch(
      /^This instance expired at /,
    );
  });
  it('tells solved from stopped by someone', () => {
    expect(endedWording({ ...base, status: 'stopped', questions: [q(true), q(true)] })?.title).toBe(
      'Solved and stopped.',
    );
    expect(
      endedWording({
        ...base,
        status: 'stopped',
        questions: [q(true), q(false)],
        message: 'Stopped by bob.',
      })?.title,
    ).toBe('Stopped by bob.');
    expect(endedWording({ ...base, status: 'stopped' })?.title).toBe('This instance was stopped.');
  });
  it('gives the failure message', () => {
    expect(endedWording({ ...base, status: 'failed', message: 'boom' })).toEqual({
      title: 'This instance failed.',
      detail: 'boom',
    });
  });
  it('has nothing to say for a live instance', () => {
    expect(endedWording({ ...base, status: 'running' })).toBeUndefined();
  });
});

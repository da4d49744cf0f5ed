import { describe, expect, it } from 'vitest';
import { activityText } from './activityText';
import { deriveEvents } from './derivedFeed';
import { NOW, instance, question } from './testing';

const texts = (events: ReturnType<typeof deriveEvents>) => events.map(activityText);

describe('the feed derived from successive lists', () => {
  it('says nothing for the first list: nothing was seen changing yet', () => {
    expect(deriveEvents(undefined, [instance('a')], NOW)).toEqual([]);
  });

  it('sees a launch (by its starter), readiness, a failure', () => {
    const before = [instance('b', { status: 'starting' })];
    const after = [
      instance('a', { status: 'pending', started_by: 'bob' }),
      instance('b', { status: 'running' }),
    ];
    expect(texts(deriveEvents(before, after, NOW))).toEqual([
      'bob started Challenge a',
      'Challenge b is ready',
    ]);
    const failed = [instance('b', { status: 'failed', message: 'probe never passed' })];
    expect(texts(deriveEvents(after.slice(1), failed, NOW))).toEqual([
      'Challenge b failed: probe never passed',
    ]);
  });

  it('reads who stopped it, or why, from the message', () => {
    const before = [instance('a'), instance('b'), instance('c')];
    const after = [
      instance('a', { status: 'stopped', message: 'Stopped by bob.' }),
      instance('b', {
        status: 'stopped',
        message: 'Solved: every question was answered correctly, so the instance was stopped.',
      }),
      instance('c', { status: 'expired' }),
    ];
    expect(texts(deriveEvents(before, after, NOW))).toEqual([
      'bob stopped Challenge a',
      'Challenge b was solved and stopped',
      'Challenge c expired (end of its time)',
    ]);
  });

  it('sees answers (naming who when the platform says), attempts used up and renewals', () => {
    const before = [instance('a', { questions: [question('q1'), question('q2')] })];
    const after = [
      instance('a', {
        expires_at: new Date(NOW + 7200_000).toISOString(),
        questions: [
          question('q1', { answered_correctly: true, answered_by: 'alice' }),
          question('q2', { attempts_remaining: 0 }),
        ],
      }),
    ];
    const events = deriveEvents(before, after, NOW);
    expect(texts(events)).toEqual([
      'Challenge a was renewed',
      'alice answered Q1 of Challenge a (+100 pts)',
      'No attempts left for Q2 of Challenge a',
    ]);
    expect(events.every((e) => e.at === new Date(NOW).toISOString())).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('says nothing when nothing changed', () => {
    const list = [instance('a'), instance('b', { status: 'starting' })];
    expect(
      deriveEvents(
        list,
        list.map((i) => ({ ...i })),
        NOW,
      ),
    ).toEqual([]);
  });
});

describe('unseen events (the tab title count)', () => {
  it('counts events newer than when the tab was hidden, none while it shows', async () => {
    const { unseenCount } = await import('./useTeamOverview');
    const events = deriveEvents(
      [instance('a', { status: 'starting' })],
      [instance('a'), instance('b')],
      NOW,
    );
    expect(unseenCount(events, null)).toBe(0);
    expect(unseenCount(events, NOW - 1)).toBe(events.length);
    expect(unseenCount(events, NOW)).toBe(0);
  });
});

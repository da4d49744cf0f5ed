import { describe, expect, it } from 'vitest';
import {
  AttachmentListSchema,
  ChallengeListResponseSchema,
  InstanceInfoSchema,
  InstanceListResponseSchema,
  InstanceStatusResponseSchema,
  isTerminalStatus,
  MeSchema,
  SettingsSchema,
  TrafficResponseSchema,
} from '@shared/schemas';

/** Only what the SDK fixes: every field we added is absent. */
const minimalInstance = {
  id: 'i-1',
  challenge_id: 'XBOW-047',
  competition_id: 'ctf-spring',
  status: 'running',
  created_at: '2026-11-28T12:00:00Z',
  questions: [
    {
      id: 'q1',
      prompt: 'What is the flag?',
      unlocked: true,
      answered_correctly: false,
      attempts_remaining: null,
    },
    { id: 'q2', prompt: '', unlocked: false, answered_correctly: false, attempts_remaining: 3 },
  ],
};

describe('schema tolerance', () => {
  it('accepts an instance with only the SDK fields', () => {
    const parsed = InstanceInfoSchema.parse(minimalInstance);
    expect(parsed.surface).toBeUndefined();
    expect(parsed.expires_at).toBeUndefined();
    expect(parsed.questions[0]?.attempts_remaining).toBeNull(); // null = unlimited
    expect(parsed.questions[1]?.prompt).toBe(''); // locked: no prompt
  });

  it('accepts unknown fields (a newer server) and drops them', () => {
    const parsed = InstanceInfoSchema.parse({
      ...minimalInstance,
      gpu_quota: 3,
      surface: { entrypoints: [], load_balancer: 'x' },
    });
    expect(parsed).not.toHaveProperty('gpu_quota');
    expect(parsed.surface).toEqual({ entrypoints: [] });
  });

  it('accepts null for optional fields', () => {
    const parsed = InstanceInfoSchema.parse({
      ...minimalInstance,
      ready_at: null,
      expires_at: null,
      surface: null,
      network: null,
      phase: null,
    });
    expect(parsed.network).toBeNull();
  });

  it('accepts an unknown status, which is not terminal', () => {
    const parsed = InstanceStatusResponseSchema.parse({ id: 'i-1', status: 'hibernating' });
    expect(parsed.status).toBe('hibernating');
    expect(isTerminalStatus(parsed.status)).toBe(false);
    expect(isTerminalStatus('expired')).toBe(true);
  });

  it('defaults a missing questions list to empty', () => {
    const { questions: _q, ...rest } = minimalInstance;
    expect(InstanceInfoSchema.parse(rest).questions).toEqual([]);
  });

  it('rejects what the SDK requires when it is missing or mistyped', () => {
    const { status: _s, ...noStatus } = minimalInstance;
    expect(InstanceInfoSchema.safeParse(noStatus).success).toBe(false);
    expect(InstanceInfoSchema.safeParse({ ...minimalInstance, id: 42 }).success).toBe(false);
  });

  it('reads /auth/me and /settings with their optional fields absent', () => {
    expect(
      MeSchema.parse({
        user: { id: 'u1', name: 'alice' },
        teams: [{ id: 't1', name: 'team-red', competition_id: 'ctf-spring', extra: 1 }],
      }).teams[0]?.competition_name,
    ).toBeUndefined();
    expect(
      SettingsSchema.parse({ default_instance_ttl_s: 86400, max_instance_ttl_s: 172800 })
        .max_instances_per_team,
    ).toBeUndefined();
  });
});

describe('list shapes', () => {
  it('accepts {items, total} and a bare array of instances alike', () => {
    const page = InstanceListResponseSchema.parse({ items: [minimalInstance], total: 1 });
    const bare = InstanceListResponseSchema.parse([minimalInstance]);
    expect(page.items).toHaveLength(1);
    expect(bare.items).toHaveLength(1);
    expect(bare.items[0]?.id).toBe('i-1');
    expect(page.total).toBe(1);
  });

  it('accepts {items} and a bare array of challenges, defaulting the topology', () => {
    const c = { id: 'DEMO-001', name: 'Web' };
    expect(ChallengeListResponseSchema.parse({ items: [c] })).toEqual([
      { ...c, network_topology: 'simple' },
    ]);
    expect(ChallengeListResponseSchema.parse([c])[0]?.network_topology).toBe('simple');
  });

  it('accepts attachments as {items} or a bare array', () => {
    const a = { name: 'notes.txt', size: 12 };
    expect(AttachmentListSchema.parse([a])).toEqual({ items: [a] });
    expect(AttachmentListSchema.parse({ items: [a] })).toEqual({ items: [a] });
  });

  it('rejects a list that is neither shape', () => {
    expect(InstanceListResponseSchema.safeParse({ results: [] }).success).toBe(false);
    expect(InstanceListResponseSchema.safeParse([{ id: 1 }]).success).toBe(false);
  });
});

describe('traffic', () => {
  it('reads {} as "no capture"', () => {
    expect(TrafficResponseSchema.parse({})).toBeNull();
  });
  it('rejects an object that is neither {} nor a capture', () => {
    expect(TrafficResponseSchema.safeParse({ flows: [] }).success).toBe(false);
  });
});

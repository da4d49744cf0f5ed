import { describe, expect, it } from 'vitest';
import type { InstanceInfo, Question } from '@shared/schemas';
import { applySubmission, withNoAttemptsLeft } from '../../api/submissions';
import {
  attemptsText,
  blockingQuestions,
  nextOpenQuestion,
  progressOf,
  questionAnchor,
  questionState,
} from './model';

const q = (id: string, over: Partial<Question> = {}): Question => ({
  id,
  title: `Title ${id}`,
  prompt: over.unlocked === false ? '' : `Prompt ${id}`,
  unlocked: true,
  answered_correctly: false,
  attempts_remaining: 5,
  max_attempts: 5,
  requires: [],
  ...over,
});

const chain = [
  q('q1'),
  q('q2', { unlocked: false, requires: ['q1'], attempts_remaining: 3, max_attempts: 3 }),
  q('q3', { unlocked: false, requires: ['q2'] }),
];

describe('question wording', () => {
  it('says attempts as "3 of 5 left", "unlimited" and "no attempts left"', () => {
    expect(attemptsText({ attempts_remaining: 3, max_attempts: 5 })).toBe('3 of 5 left');
    expect(attemptsText({ attempts_remaining: 2, max_attempts: undefined })).toBe('2 left');
    expect(attemptsText({ attempts_remaining: null, max_attempts: null })).toBe('unlimited');
    expect(attemptsText({ attempts_remaining: 0, max_attempts: 5 })).toBe('no attempts left');
  });

  it('derives solved, open and locked', () => {
    expect(questionState(q('a', { answered_correctly: true }))).toBe('solved');
    expect(questionState(q('a'))).toBe('open');
    expect(questionState(q('a', { unlocked: false }))).toBe('locked');
  });

  it('names only the unsolved prerequisites of a locked question', () => {
    const all = [q('a', { answered_correctly: true }), q('b'), q('c', { requires: ['a', 'b'] })];
    expect(blockingQuestions(all[2]!, all).map((x) => x.id)).toEqual(['b']);
  });

  it('makes a safe anchor from any id', () => {
    expect(questionAnchor('q 1"><x')).toBe('question-q_1___x');
  });

  it('counts progress and finds the next open question, wrapping round', () => {
    const qs = [q('a', { answered_correctly: true }), q('b'), q('c', { unlocked: false }), q('d')];
    expect(progressOf(qs)).toEqual({ solved: 1, total: 4 });
    expect(nextOpenQuestion(qs, 'b')?.id).toBe('d');
    expect(nextOpenQuestion(qs, 'd')?.id).toBe('b');
    expect(nextOpenQuestion([q('x', { answered_correctly: true })], 'x')).toBeUndefined();
  });
});

describe('cache updates after an answer', () => {
  const instance = {
    id: 'i-1',
    challenge_id: 'DEMO-001',
    competition_id: 'ctf-spring',
    status: 'running',
    created_at: '2026-01-01T00:00:00Z',
    questions: chain,
  } as InstanceInfo;

  it('solves the question and unlocks what the response names', () => {
    const next = applySubmission(instance, {
      correct: true,
      question_id: 'q1',
      attempts_remaining: 4,
      answered_correctly: true,
      unlocked: ['q2'],
    });
    expect(next.questions.map(questionState)).toEqual(['solved', 'open', 'locked']);
    expect(next.questions[0]!.attempts_remaining).toBe(4);
    expect(next.status).toBe('running');
  });

  it('marks the instance stopped when the answer stopped it, and never un-solves', () => {
    const solved = { ...instance, questions: [q('q1', { answered_correctly: true })] };
    const next = applySubmission(solved, {
      correct: false,
      question_id: 'q1',
      attempts_remaining: 3,
      answered_correctly: false,
      instance_stopped: true,
    });
    expect(next.status).toBe('stopped');
    expect(next.questions[0]!.answered_correctly).toBe(true);
  });

  it('sets no attempts left after a 429', () => {
    expect(withNoAttemptsLeft(instance, 'q1').questions[0]!.attempts_remaining).toBe(0);
  });
});

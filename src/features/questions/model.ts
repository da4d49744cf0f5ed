/** Pure rules of the question checklist: state, wording, unlock chain, cache updates. */
import type { Question } from '@shared/schemas';

export type QuestionState = 'solved' | 'open' | 'locked';

export function questionState(q: Question): QuestionState {
  if (q.answered_correctly) return 'solved';
  return q.unlocked ? 'open' : 'locked';
}

/** "3 of 5 left", "2 left", "unlimited", "no attempts left". */
export function attemptsText(q: Pick<Question, 'attempts_remaining' | 'max_attempts'>): string {
  const left = q.attempts_remaining;
  if (left === null) return 'unlimited';
  if (left <= 0) return 'no attempts left';
  return q.max_attempts != null ? `${left} of ${q.max_attempts} left` : `${left} left`;
}

export function questionLabel(q: Pick<Question, 'id' | 'title'>): string {
  return q.title?.trim() || `Question ${q.id}`;
}

/** The element id of a question's card, for in-page links. */
export function questionAnchor(questionId: string): string {
  return `question-${questionId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The unsolved prerequisites of a locked question, in checklist order. */
export function blockingQuestions(q: Question, all: readonly Question[]): Question[] {
  const requires = q.requires ?? [];
  return all.filter((other) => requires.includes(other.id) && !other.answered_correctly);
}

export function progressOf(questions: readonly Question[]): { solved: number; total: number } {
  return {
    solved: questions.filter((q) => q.answered_correctly).length,
    total: questions.length,
  };
}

/** The next open question after `afterId` in order, wrapping round; undefined when none. */
export function nextOpenQuestion(
  questions: readonly Question[],
  afterId: string,
): Question | undefined {
  const at = questions.findIndex((q) => q.id === afterId);
  const ordered = [...questions.slice(at + 1), ...questions.slice(0, Math.max(at, 0))];
  return ordered.find((q) => questionState(q) === 'open');
}

import { useEffect, useId } from 'react';
import type { Question } from '@shared/schemas';
import { AnswerForm } from './AnswerForm';
import { draftKey, writeDraft } from './drafts';
import { PromptText } from './PromptText';
import {
  attemptsText,
  blockingQuestions,
  questionAnchor,
  questionLabel,
  questionState,
  type QuestionState,
} from './model';

const stateBadge: Record<QuestionState, { icon: string; text: string; style: string }> = {
  solved: {
    icon: '✓',
    text: 'Solved',
    style: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  },
  open: {
    icon: '○',
    text: 'Open',
    style: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100',
  },
  locked: {
    icon: '🔒',
    text: 'Locked',
    style: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100',
  },
};

function LockReason({ question, all }: { question: Question; all: readonly Question[] }) {
  const blocking = blockingQuestions(question, all);
  if (blocking.length === 0) {
    return <p className="mt-2 text-sm">Locked: solve the earlier questions first.</p>;
  }
  return (
    <p className="mt-2 text-sm">
      Solve{' '}
      {blocking.map((b, n) => (
        <span key={b.id}>
          {n > 0 && (n === blocking.length - 1 ? ' and ' : ', ')}
          <a
            href={`#${questionAnchor(b.id)}`}
            onClick={() => document.getElementById(questionAnchor(b.id))?.focus()}
            className="font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
          >
            &apos;{questionLabel(b)}&apos;
          </a>
        </span>
      ))}{' '}
      first.
    </p>
  );
}

/** One question of the checklist: title, state, points, attempts, prompt or lock, answer field. */
export function QuestionItem({
  instanceId,
  question,
  position,
  all,
  blockedReason,
  closed = false,
  focusToken,
  onSolved,
}: {
  instanceId: string;
  question: Question;
  position: number;
  all: readonly Question[];
  blockedReason: string | undefined;
  /** The instance ended: the answer box stays, disabled, with the reason. */
  closed?: boolean;
  focusToken: number;
  onSolved: (questionId: string, message: string) => void;
}) {
  const titleId = useId();
  const state = questionState(question);
  const badge = stateBadge[state];
  const solved = state === 'solved';

  // A solved question needs no draft, in this tab or any other.
  useEffect(() => {
    if (solved) writeDraft(draftKey(instanceId, question.id), '');
  }, [solved, instanceId, question.id]);

  return (
    <li
      id={questionAnchor(question.id)}
      tabIndex={-1}
      aria-labelledby={titleId}
      data-state={state}
      className="rounded-md border border-slate-300 p-4 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-600"
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 id={titleId} className="font-semibold">
          {position}. {questionLabel(question)}
        </h3>
        <span
          className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ${badge.style}`}
        >
          <span aria-hidden="true">{badge.icon}</span>
          <span>{badge.text}</span>
        </span>
        {question.points != null && <span className="text-sm">{question.points} points</span>}
        {!solved && (
          <span className="text-sm text-slate-700 dark:text-slate-300">
            Attempts: {attemptsText(question)}
          </span>
        )}
      </div>
      {state === 'locked' ? (
        <LockReason question={question} all={all} />
      ) : question.prompt ? (
        <div className="mt-2 text-sm">
          <PromptText>{question.prompt}</PromptText>
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">Loading the prompt…</p>
      )}
      {state === 'open' && (
        <AnswerForm
          instanceId={instanceId}
          question={question}
          blockedReason={blockedReason}
          closed={closed}
          focusToken={focusToken}
          onSolved={onSolved}
        />
      )}
    </li>
  );
}

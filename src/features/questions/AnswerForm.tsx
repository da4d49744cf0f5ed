import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useSubmitAnswer } from '../../api/submissions';
import type { Question } from '@shared/schemas';
import { useScope } from '../../lib/competition';
import { Button } from '../../components/ui/Button';
import { useDraft } from './drafts';
import {
  outcomeOfError,
  outcomeOfResult,
  repeatedOutcome,
  type AnswerOutcome,
} from './answerOutcome';
import { questionLabel } from './model';

const outcomeStyle: Record<AnswerOutcome['kind'], string> = {
  correct: 'text-emerald-800 dark:text-emerald-200',
  wrong: 'text-red-800 dark:text-red-200',
  already: 'text-slate-800 dark:text-slate-200',
  exhausted: 'text-red-800 dark:text-red-200',
  unsent: 'text-amber-900 dark:text-amber-100',
  repeated: 'text-amber-900 dark:text-amber-100',
  refused: 'text-red-800 dark:text-red-200',
};

/**
 * The answer field of one open question. Enter submits; a ref guard makes a
 * double click send one submission. A held Enter is one press (its repeats
 * are ignored), and Enter does not send again a text the server already
 * judged wrong: the player changes it, or presses Submit on purpose. The
 * typed text is a draft shared by the player's tabs until it is solved.
 */
export interface AnswerFormProps {
  instanceId: string;
  question: Question;
  /** Why answers cannot be sent now (the instance is not running), if so. */
  blockedReason: string | undefined;
  /** The instance ended: the field is disabled (the reason says why). */
  closed?: boolean;
  /** Changes when the page wants this field focused. */
  focusToken: number;
  /** The question turned solved here (`message` says how): the page announces it and moves on. */
  onSolved: (questionId: string, message: string) => void;
}

export function AnswerForm({
  instanceId,
  question,
  blockedReason,
  closed = false,
  focusToken,
  onSolved,
}: AnswerFormProps) {
  const scope = useScope();
  const submit = useSubmitAnswer(scope);
  const [draft, setDraft] = useDraft(instanceId, question.id);
  const [outcome, setOutcome] = useState<AnswerOutcome | null>(null);
  const inFlight = useRef(false);
  /** The last text the server judged wrong: Enter does not send it again. */
  const triedWrong = useRef<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const messageId = useId();
  const label = questionLabel(question);
  const exhausted = question.attempts_remaining === 0;

  useEffect(() => {
    if (focusToken > 0) inputRef.current?.focus();
  }, [focusToken]);

  /** `byEnter`: from the field's Enter key, not from a deliberate Submit or Retry. */
  function send(byEnter = false) {
    const answer = draft;
    if (inFlight.current || exhausted || blockedReason || answer.trim() === '') return;
    if (byEnter && triedWrong.current === answer) {
      setOutcome(repeatedOutcome);
      return;
    }
    inFlight.current = true;
    setOutcome(null);
    // mutateAsync, not mutate's callbacks: those are skipped once this form
    // unmounts, and a right answer unmounts it (the question turns solved).
    submit
      .mutateAsync({ instanceId, questionId: question.id, answer })
      .then(
        (result) => {
          const next = outcomeOfResult(result, question.max_attempts);
          setOutcome(next);
          triedWrong.current = result.correct ? null : answer;
          if (result.correct) {
            setDraft('');
            onSolved(question.id, `“${label}”: ${next.text}`);
          }
        },
        (error: unknown) => {
          const next = outcomeOfError(error);
          setOutcome(next);
          if (next.kind === 'already') onSolved(question.id, `“${label}”: ${next.text}`);
        },
      )
      .finally(() => {
        inFlight.current = false;
      });
  }

  /**
   * The second click of a double click is not a second, deliberate press: on
   * a fast platform the first answer can be back before it lands, when the
   * in-flight guard has already let go.
   */
  function ignoreRepeatClick(e: MouseEvent<HTMLButtonElement>) {
    if (e.detail > 1) e.preventDefault();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    send();
  }

  // Enter in the field is handled here, not by the form's implicit
  // submission, so that a key repeat and a text already tried are told
  // apart from a press of Submit.
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    if (!e.repeat) send(true);
  }

  const pending = submit.isPending;
  const locked = exhausted || outcome?.kind === 'exhausted';
  return (
    <form onSubmit={onSubmit} className="mt-3 space-y-2" aria-busy={pending}>
      <label htmlFor={inputId} className="block text-sm font-medium">
        Your answer<span className="sr-only"> for “{label}”</span>
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          name="answer"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          disabled={locked || closed}
          aria-describedby={messageId}
          aria-invalid={
            outcome?.kind === 'wrong' || outcome?.kind === 'repeated' ? true : undefined
          }
          className="min-w-0 flex-1 rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:bg-slate-100 dark:border-slate-500 dark:bg-slate-900 dark:disabled:bg-slate-800"
        />
        <Button
          type="submit"
          variant="primary"
          onClick={ignoreRepeatClick}
          aria-label={`${pending ? 'Checking' : 'Submit'} answer for “${label}”`}
          disabled={pending || locked || Boolean(blockedReason) || draft.trim() === ''}
        >
          {pending ? 'Checking…' : 'Submit'}
        </Button>
      </div>
      <div id={messageId} className="space-y-1 text-sm">
        <p aria-live="polite" role="status" className={outcome ? outcomeStyle[outcome.kind] : ''}>
          {outcome?.text ??
            (locked ? 'No attempts left: this question can no longer be answered.' : '')}
        </p>
        {blockedReason && <p className="text-slate-700 dark:text-slate-300">{blockedReason}</p>}
        {outcome?.kind === 'unsent' && (
          <Button
            size="sm"
            onClick={(e) => {
              if (e.detail <= 1) send();
            }}
            disabled={pending}
          >
            Retry
          </Button>
        )}
      </div>
    </form>
  );
}

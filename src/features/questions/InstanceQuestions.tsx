import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { instanceQueries } from '../../api/instances';
import { isTerminalStatus } from '@shared/schemas';
import { useScope } from '../../lib/competition';
import { nextOpenQuestion, progressOf, questionLabel } from './model';
import { QuestionItem } from './QuestionItem';
import { QuestionsProgress } from './QuestionsProgress';
import { SolvedBanner } from './SolvedBanner';

function blockedReasonFor(status: string): string | undefined {
  if (status === 'running') return undefined;
  if (isTerminalStatus(status) || status === 'stopping')
    return `This instance is ${status}: answers are no longer accepted.`;
  return `Answers are accepted once the instance runs (it is ${status}). You can type now.`;
}

/**
 * The Questions tab: every question in order, the progress, and an answer
 * field per open one. The instance query is polled while the page is open,
 * so a team-mate's solve appears here on its own.
 */
export function InstanceQuestions({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const qc = useQueryClient();
  const detailQuery = instanceQueries.detail(scope, instanceId);
  const { data: instance } = useQuery(detailQuery);
  const [focus, setFocus] = useState<{ id: string; token: number }>({ id: '', token: 0 });
  const [announcement, setAnnouncement] = useState('');
  const summaryRef = useRef<HTMLHeadingElement>(null);

  if (!instance) return null; // the instance frame shows loading, gone and error states
  const { questions } = instance;

  function onSolved(questionId: string, message: string) {
    const latest = qc.getQueryData(detailQuery.queryKey) ?? instance;
    const solvedNow = latest?.questions.find((q) => q.id === questionId)?.answered_correctly;
    const next = latest ? nextOpenQuestion(latest.questions, questionId) : undefined;
    setAnnouncement(next ? `${message} Next: “${questionLabel(next)}”.` : message);
    if (!solvedNow) return; // e.g. a 409 before the refetch: nothing to move on to yet
    if (next) setFocus((f) => ({ id: next.id, token: f.token + 1 }));
    else summaryRef.current?.focus();
  }

  const { solved, total } = progressOf(questions);
  return (
    <section aria-labelledby="questions-title" className="space-y-4">
      <h2
        id="questions-title"
        ref={summaryRef}
        tabIndex={-1}
        className="text-lg font-semibold focus-visible:outline-2 focus-visible:outline-indigo-500"
      >
        Questions
      </h2>
      {total === 0 ? (
        <p>This challenge asks no questions.</p>
      ) : (
        <>
          <QuestionsProgress questions={questions} />
          {solved === total && <SolvedBanner status={instance.status} />}
          <p aria-live="polite" className="sr-only">
            {announcement}
          </p>
          <ol className="space-y-3">
            {questions.map((q, n) => (
              <QuestionItem
                key={q.id}
                instanceId={instance.id}
                question={q}
                position={n + 1}
                all={questions}
                blockedReason={blockedReasonFor(instance.status)}
                closed={isTerminalStatus(instance.status) || instance.status === 'stopping'}
                focusToken={focus.id === q.id ? focus.token : 0}
                onSolved={onSolved}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { challengeQueries } from '../../../api';
import { QueryState } from '../../../components/ui/QueryState';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { useDocumentTitle } from '../../../lib/documentTitle';
import { useScope } from '../../../lib/competition';
import { paths, searchKeys } from '../../../lib/paths';
import { TopologyLabel } from '../catalogue/ChallengeCard';
import { useRunningByChallenge } from '../catalogue/useRunningByChallenge';
import { LaunchButton } from '../launch-form/LaunchButton';
import { LazyMarkdown } from '../../../components/ui/LazyMarkdown';
import { formatCount } from '@shared/format';

/**
 * One challenge: its facts, description (safe Markdown), static attachments
 * (the `attachments` slot, composed by the route) and Launch.
 */
export function ChallengePage({
  challengeId,
  attachments,
}: {
  challengeId: string;
  attachments?: ReactNode;
}) {
  const scope = useScope();
  const challenges = useQuery(challengeQueries.list(scope.competitionId));
  const running = useRunningByChallenge().get(challengeId);
  // "Launch again" (from an ended instance) opens the launch form at once.
  const [searchParams] = useSearchParams();
  const launchAgain = searchParams.get(searchKeys.launch) === '1';
  const challenge = challenges.data?.find((c) => c.id === challengeId);
  useDocumentTitle(challenge?.name ?? null);

  if (challenges.data === undefined) {
    return (
      <QueryState
        query={challenges}
        loading="Loading the challenge…"
        errorTitle="Could not load the challenge"
      />
    );
  }
  if (!challenge) {
    return (
      <div className="space-y-2">
        <h1 className="text-xl font-semibold">Challenge not found</h1>
        <p>
          There is no challenge <code className="font-mono">{challengeId}</code> in this
          competition.
        </p>
        <Link
          to={paths.challenges(scope.competitionId)}
          className="text-indigo-700 underline dark:text-indigo-300"
        >
          Back to the challenges
        </Link>
      </div>
    );
  }
  return (
    <article className="space-y-5">
      <header className="space-y-2">
        <Link
          to={paths.challenges(scope.competitionId)}
          className="text-sm text-indigo-700 underline dark:text-indigo-300"
        >
          ← All challenges
        </Link>
        <h1 className="text-2xl font-semibold break-words">{challenge.name}</h1>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <span className="font-mono">{challenge.id}</span>
          {challenge.category && <span>{challenge.category}</span>}
          {challenge.difficulty && <span>Difficulty: {challenge.difficulty}</span>}
          <TopologyLabel topology={challenge.network_topology} />
          {challenge.questions_count != null && (
            <span>{formatCount(challenge.questions_count, 'question')}</span>
          )}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          {running ? (
            <>
              <StatusBadge status={running.status} />
              <Link
                to={paths.instance(scope.competitionId, running.id).overview}
                className="font-medium text-indigo-700 underline dark:text-indigo-300"
              >
                Open your team&apos;s instance
              </Link>
            </>
          ) : null}
          <LaunchButton
            challengeId={challenge.id}
            challengeName={challenge.name}
            hideTrigger={running !== undefined}
            initiallyOpen={launchAgain && running === undefined}
          />
        </div>
      </header>
      <section aria-labelledby="challenge-description" className="space-y-2">
        <h2 id="challenge-description" className="text-lg font-semibold">
          Description
        </h2>
        {challenge.description ? (
          <LazyMarkdown>{challenge.description}</LazyMarkdown>
        ) : (
          <p className="text-slate-600 dark:text-slate-300">No description.</p>
        )}
      </section>
      {attachments && (
        <section aria-labelledby="challenge-attachments" className="space-y-2">
          <h2 id="challenge-attachments" className="text-lg font-semibold">
            Attachments
          </h2>
          {attachments}
        </section>
      )}
    </article>
  );
}

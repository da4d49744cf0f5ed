import { useParams } from 'react-router';
import { ChallengeAttachments } from '../../features/downloads';
import { ChallengePage, runningInstancesQuery } from '../../features/launch';
import { preloadMarkdown } from '../../components/ui/LazyMarkdown';
import { challengeQueries } from '../../api';
import type { PagePrefetchContext } from '../RouteError';

// The description is Markdown: its parser loads with the page, not after it renders.
preloadMarkdown();

/** /c/:competitionId/challenges/:challengeId — description, static attachments, Launch. */
export function Component() {
  const { challengeId = '' } = useParams();
  return (
    <ChallengePage
      challengeId={challengeId}
      attachments={<ChallengeAttachments challengeId={challengeId} />}
    />
  );
}

/** The challenge (its description is the page), its attachments and what runs. */
export function prefetch({ queryClient, params, competitionId, scope }: PagePrefetchContext) {
  void queryClient.prefetchQuery(challengeQueries.list(competitionId));
  if (params.challengeId)
    void queryClient.prefetchQuery(challengeQueries.attachments(competitionId, params.challengeId));
  if (scope) void queryClient.prefetchQuery(runningInstancesQuery(scope));
}

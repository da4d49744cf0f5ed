import { useParams } from 'react-router';
import { ChallengeAttachments } from '../../features/downloads';
import { ChallengePage } from '../../features/launch';
import { preloadMarkdown } from '../../components/ui/LazyMarkdown';

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

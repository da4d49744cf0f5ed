import { useParams } from 'react-router';
import { ChallengePage } from '../../features/launch';
import { ChallengeAttachments } from '../../features/downloads';

/** /c/:competitionId/challenges/:challengeId — description, attachments, Launch. */
export function Component() {
  const { challengeId = '' } = useParams();
  return (
    <ChallengePage
      challengeId={challengeId}
      attachments={<ChallengeAttachments challengeId={challengeId} />}
    />
  );
}

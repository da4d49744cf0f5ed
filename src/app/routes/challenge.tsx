import { useParams } from 'react-router';
import { ChallengeAttachments } from '../../features/downloads';
import { ChallengePage } from '../../features/launch';

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

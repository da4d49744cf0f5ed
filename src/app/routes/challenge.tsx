import { useParams } from 'react-router';
import { ChallengePage } from '../../features/launch';

/** /c/:competitionId/challenges/:challengeId — description, attachments, Launch. */
export function Component() {
  const { challengeId = '' } = useParams();
  return (
    <ChallengePage
      challengeId={challengeId}
      // SLOT: the static attachments, <ChallengeAttachments challengeId={challengeId} />
      // from src/features/downloads, once "downloads" exports it.
      attachments={undefined}
    />
  );
}

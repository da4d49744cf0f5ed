import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { challengeQueries, fetchChallengeAttachment } from '../../api/challenges';
import { useScope } from '../../lib/competition';
import { AttachmentFiles } from './AttachmentTable';

/** A challenge's static files, for the challenge page (the page gives the heading). */
export function ChallengeAttachments({ challengeId }: { challengeId: string }) {
  const { competitionId } = useScope();
  const files = useQuery(challengeQueries.attachments(competitionId, challengeId));
  const fetchAttachment = useCallback(
    (name: string, signal: AbortSignal) =>
      fetchChallengeAttachment(competitionId, challengeId, name, signal),
    [competitionId, challengeId],
  );
  return (
    <AttachmentFiles
      files={files}
      fetchAttachment={fetchAttachment}
      caption={`Files of ${challengeId}`}
      empty="No files come with this challenge."
    />
  );
}

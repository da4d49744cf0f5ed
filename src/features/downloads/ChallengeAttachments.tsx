import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { challengeQueries, fetchChallengeAttachment } from '../../api/challenges';
import { useScope } from '../../lib/competition';
import { QueryState } from '../../components/ui/QueryState';
import { AttachmentTable } from './AttachmentTable';

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
    <QueryState
      query={files}
      loading="Loading the files…"
      rows={2}
      errorTitle="Cannot list the files"
      isEmpty={(data) => data.items.length === 0}
      empty={<p className="text-sm">No files come with this challenge.</p>}
    >
      {(data) => (
        <AttachmentTable
          items={data.items}
          fetchAttachment={fetchAttachment}
          caption={`Files of ${challengeId}`}
        />
      )}
    </QueryState>
  );
}

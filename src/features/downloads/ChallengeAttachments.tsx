import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { challengeQueries, fetchChallengeAttachment } from '../../api/challenges';
import { useScope } from '../../lib/competition';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingRows } from '../../components/ui/Skeleton';
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
  if (files.isPending) return <LoadingRows rows={2} label="Loading the files…" />;
  if (files.isError) {
    return (
      <ErrorState
        title="Cannot list the files"
        error={files.error}
        onRetry={() => void files.refetch()}
      />
    );
  }
  if (files.data.items.length === 0) {
    return <p className="text-sm">No files come with this challenge.</p>;
  }
  return (
    <AttachmentTable
      items={files.data.items}
      fetchAttachment={fetchAttachment}
      caption={`Files of ${challengeId}`}
    />
  );
}

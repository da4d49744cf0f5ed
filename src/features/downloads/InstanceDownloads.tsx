import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { fetchInstanceAttachment, instanceQueries } from '../../api/instances';
import { useScope } from '../../lib/competition';
import { QueryState } from '../../components/ui/QueryState';
import { AttachmentTable } from './AttachmentTable';
import { isEngagement } from '../../api/vpn';
import { VpnProfile } from './VpnProfile';

/** The Downloads tab: the instance's files (templated ones rendered for the team) and its VPN profile. */
export function InstanceDownloads({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const detail = useQuery(instanceQueries.detail(scope, instanceId));
  const files = useQuery(instanceQueries.attachments(scope, instanceId));
  const fetchAttachment = useCallback(
    (name: string, signal: AbortSignal) => fetchInstanceAttachment(scope, instanceId, name, signal),
    [scope, instanceId],
  );
  const instance = detail.data;
  if (!instance) return null; // the instance frame shows loading, gone and error states

  return (
    <div className="space-y-6">
      <section aria-labelledby="files-title" className="space-y-2">
        <h2 id="files-title" className="text-lg font-semibold">
          Files
        </h2>
        <QueryState
          query={files}
          loading="Loading the files…"
          rows={2}
          errorTitle="Cannot list the files"
          isEmpty={(data) => data.items.length === 0}
          empty={<p className="text-sm">This instance has no files to download.</p>}
        >
          {(data) => (
            <AttachmentTable
              items={data.items}
              fetchAttachment={fetchAttachment}
              caption="Files of this instance"
            />
          )}
        </QueryState>
      </section>
      {isEngagement(instance) && <VpnProfile instance={instance} />}
    </div>
  );
}

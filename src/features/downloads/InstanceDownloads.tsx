import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { fetchInstanceAttachment, instanceQueries } from '../../api/instances';
import { useScope } from '../../lib/competition';
import { AttachmentFiles } from './AttachmentTable';
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
        <AttachmentFiles
          files={files}
          fetchAttachment={fetchAttachment}
          caption="Files of this instance"
          empty="This instance has no files to download."
        />
      </section>
      {isEngagement(instance) && <VpnProfile instance={instance} />}
    </div>
  );
}

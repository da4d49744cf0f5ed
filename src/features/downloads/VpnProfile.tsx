import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import type { InstanceInfo } from '../../api/schemas';
import { useScope } from '../../lib/competition';
import { saveBlob } from '../../lib/saveBlob';
import { openVpnCommand, vpnProfileFileName } from '../../lib/vpnProfile';
import { Button } from '../../components/ui/Button';
import { CopyButton } from '../../components/ui/CopyButton';
import { isProfileNotReady, vpnProfileQuery } from './vpnProfileQuery';

export function isEngagement(i: Pick<InstanceInfo, 'network_topology' | 'network'>): boolean {
  return i.network_topology === 'engagement' || i.network?.topology === 'engagement';
}

function waitingReason(status: string): string {
  if (status === 'stopped' || status === 'expired' || status === 'failed') {
    return `The instance is ${status}: there is no VPN profile to download.`;
  }
  return `The VPN profile is available once the instance runs (it is ${status}). The button enables itself then.`;
}

/** "Download VPN profile" for an engagement-mode instance, with the command to use it. */
export function VpnProfile({ instance }: { instance: InstanceInfo }) {
  const scope = useScope();
  const running = instance.status === 'running';
  const profile = useQuery({ ...vpnProfileQuery(scope, instance.id), enabled: running });
  const fileName = vpnProfileFileName(instance.challenge_id, instance.id);
  const command = openVpnCommand(fileName);
  const ready = running && profile.data !== undefined;
  const preparing = running && profile.isFetching && !ready;

  let note: string;
  if (!running) note = waitingReason(instance.status);
  else if (ready) note = `Ready: saves as ${fileName}.`;
  else if (preparing)
    note =
      profile.failureCount > 0
        ? `The VPN keys for this instance are still being made; trying again (attempt ${profile.failureCount + 1})…`
        : 'Fetching the VPN profile…';
  else if (isProfileNotReady(profile.error))
    note = 'The VPN keys for this instance are still being made. Try again in a few seconds.';
  else note = `The VPN profile could not be fetched: ${errorMessage(profile.error)}`;

  return (
    <section aria-labelledby="vpn-title" className="space-y-3">
      <h3 id="vpn-title" className="text-base font-semibold">
        VPN profile
      </h3>
      <p className="text-sm">
        This challenge runs on its own lab network: connect with OpenVPN to reach it. The profile
        belongs to this instance only; a new instance needs a new profile.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="primary"
          disabled={!ready}
          aria-describedby="vpn-note"
          onClick={() => {
            if (profile.data === undefined) return;
            saveBlob(new Blob([profile.data], { type: 'application/x-openvpn-profile' }), fileName);
          }}
        >
          Download VPN profile
        </Button>
        {running && !ready && !preparing && (
          <Button size="sm" onClick={() => void profile.refetch()}>
            Retry
          </Button>
        )}
      </div>
      <p
        id="vpn-note"
        role={profile.isError && !preparing ? 'alert' : 'status'}
        className="text-sm break-words"
      >
        {note}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all dark:bg-slate-800">
          {command}
        </code>
        <CopyButton value={command} label="Copy the OpenVPN command" />
      </div>
    </section>
  );
}

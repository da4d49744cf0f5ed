import { errorMessage } from '../../api/client';
import type { InstanceInfo } from '@shared/schemas';
import { useVpnState, type VpnState } from '../../api/vpn';
import { useScope } from '../../lib/competition';
import { Button } from '../../components/ui/Button';
import { CopyButton } from '../../components/ui/CopyButton';
import { saveBlob } from '../../lib/saveBlob';
import { openVpnCommand, vpnProfileFileName } from '../../lib/vpnProfile';

function noteOf(state: VpnState, fileName: string): string {
  switch (state.kind) {
    case 'none':
      return '';
    case 'not-running':
      return state.status === 'stopped' || state.status === 'expired' || state.status === 'failed'
        ? `The instance is ${state.status}: there is no VPN profile to download.`
        : `The VPN profile is available once the instance runs (it is ${state.status}). The button enables itself then.`;
    case 'ready':
      return `Ready: saves as ${fileName}.`;
    case 'preparing':
      if (state.fetching && state.attempt === 1) return 'Fetching the VPN profile…';
      return state.fetching
        ? `The VPN keys for this instance are still being made; trying again (attempt ${state.attempt})…`
        : 'The VPN keys for this instance are still being made. Try again in a few seconds.';
    case 'error':
      return `The VPN profile could not be fetched: ${errorMessage(state.error)}`;
  }
}

/** "Download VPN profile" for an engagement-mode instance, with the command to use it. */
export function VpnProfile({ instance }: { instance: InstanceInfo }) {
  const scope = useScope();
  const { state, refetch } = useVpnState(scope, instance);
  const fileName = vpnProfileFileName(instance.challenge_id, instance.id);
  const command = openVpnCommand(fileName);
  const canRetry = state.kind === 'error' || (state.kind === 'preparing' && !state.fetching);

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
          disabled={state.kind !== 'ready'}
          aria-describedby="vpn-note"
          onClick={() => {
            if (state.kind !== 'ready') return;
            saveBlob(
              new Blob([state.profile], { type: 'application/x-openvpn-profile' }),
              fileName,
            );
          }}
        >
          Download VPN profile
        </Button>
        {canRetry && (
          <Button size="sm" onClick={refetch}>
            Retry
          </Button>
        )}
      </div>
      <p
        id="vpn-note"
        role={state.kind === 'error' ? 'alert' : 'status'}
        className="text-sm break-words"
      >
        {noteOf(state, fileName)}
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

import { useCallback } from 'react';
import { fetchOpenVpnConfig } from '../../api/instances';
import { checkOpenVpnProfile } from '../../api/vpn';
import type { InstanceInfo } from '@shared/schemas';
import { useScope } from '../../lib/competition';
import { Button } from '../../components/ui/Button';
import { vpnProfileFileName } from '../../lib/vpnProfile';
import { useDownload } from './useDownload';

/**
 * A compact "Download .ovpn" for a card: fetched on click (not before), checked,
 * then saved; a failure (keys still being made) is said next to the button.
 */
export function VpnDownloadButton({ instance }: { instance: InstanceInfo }) {
  const scope = useScope();
  const fileName = vpnProfileFileName(instance.challenge_id, instance.id);
  const fetchFile = useCallback(
    (signal: AbortSignal) => fetchOpenVpnConfig(scope, instance.id, signal),
    [scope, instance.id],
  );
  const check = useCallback(async (blob: Blob) => {
    const result = checkOpenVpnProfile(await blob.text());
    return result.ok ? undefined : result.problem;
  }, []);
  const { state, start } = useDownload(fetchFile, fileName, check);
  const name = instance.challenge_name ?? instance.challenge_id;
  return (
    <>
      <Button
        size="sm"
        disabled={instance.status !== 'running' || state.phase === 'downloading'}
        aria-label={`Download the VPN profile of ${name} (.ovpn)`}
        onClick={() => void start()}
      >
        Download .ovpn
      </Button>
      {state.phase === 'failed' && (
        <span role="alert" className="basis-full text-xs text-red-700 dark:text-red-300">
          {state.message}
        </span>
      )}
    </>
  );
}

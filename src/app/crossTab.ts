import type { QueryClient } from '@tanstack/react-query';
import { instanceQueries } from '../api/instances';

/**
 * Multi-tab sync: when a mutation (start, stop, renew, answer) succeeds in
 * one tab, the other tabs refetch what it touched. Only an "invalidate"
 * message crosses tabs, never cached data (a traffic capture can be large).
 */
export function syncAcrossTabs(
  queryClient: QueryClient,
  channelName = 'ctfy-dashboard',
): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown } | null;
    if (data?.type === 'invalidate-instances') {
      void queryClient.invalidateQueries({ queryKey: instanceQueries.all() });
    }
  };
  const unsubscribe = queryClient.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'success') {
      channel.postMessage({ type: 'invalidate-instances' });
    }
  });
  return () => {
    unsubscribe();
    channel.close();
  };
}

import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { waitFor } from '@testing-library/react';
import { instanceQueries } from '../api/instances';
import { syncAcrossTabs } from './crossTab';

describe('syncAcrossTabs', () => {
  it('a mutation that succeeds in one tab makes the other tabs refetch instances', async () => {
    const channel = `test-${Math.random()}`;
    const tabA = new QueryClient();
    const tabB = new QueryClient();
    const stopA = syncAcrossTabs(tabA, channel);
    const stopB = syncAcrossTabs(tabB, channel);
    const key = instanceQueries.lists('ctf-spring');
    tabB.setQueryData(key, { items: [] });
    tabB.setQueryData(['challenges', 'ctf-spring', 'list'], []);
    expect(tabB.getQueryState(key)?.isInvalidated).toBe(false);

    await tabA
      .getMutationCache()
      .build(tabA, { mutationFn: () => Promise.resolve('stopped') })
      .execute(undefined);

    await waitFor(() => expect(tabB.getQueryState(key)?.isInvalidated).toBe(true));
    // Only instances: other caches are left alone, and no data crosses.
    expect(tabB.getQueryState(['challenges', 'ctf-spring', 'list'])?.isInvalidated).toBe(false);
    stopA();
    stopB();
  });

  it('a failed mutation tells nobody', async () => {
    const channel = `test-${Math.random()}`;
    const tabA = new QueryClient();
    const stopA = syncAcrossTabs(tabA, channel);
    // Another tab's view of the channel: what tab A says, in the order it says it.
    const heard: unknown[] = [];
    const listener = new BroadcastChannel(channel);
    listener.onmessage = (e: MessageEvent<unknown>) => heard.push(e.data);
    const run = (mutationFn: () => Promise<unknown>) =>
      tabA
        .getMutationCache()
        .build(tabA, { mutationFn })
        .execute(undefined)
        .catch(() => undefined);

    await run(() => Promise.reject(new Error('no')));
    // A success after it is heard: messages from one sender arrive in order, so
    // had the failure said anything, it would be heard first.
    await run(() => Promise.resolve('stopped'));
    await waitFor(() => expect(heard.length).toBeGreaterThan(0));
    expect(heard).toEqual([{ type: 'invalidate-instances' }]);
    listener.close();
    stopA();
  });
});

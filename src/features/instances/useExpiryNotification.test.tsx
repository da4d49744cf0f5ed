import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ExpiryLevel } from './countdown';
import { useExpiryNotification } from './useExpiryNotification';

/** The browser's Notification API (not the code under test) is replaced by a recorder. */
function installFakeNotification(permissionAfterAsk: NotificationPermission) {
  const shown: string[] = [];
  class FakeNotification {
    static permission: NotificationPermission = 'default';
    static requestPermission = vi.fn(async () => {
      FakeNotification.permission = permissionAfterAsk;
      return permissionAfterAsk;
    });
    constructor(title: string) {
      shown.push(title);
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, FakeNotification };
}

afterEach(() => vi.unstubAllGlobals());

const expiresAt = '2026-01-01T10:00:00Z';

describe('useExpiryNotification', () => {
  it('asks only when enabled, then notifies once per threshold and expiry', async () => {
    const { shown, FakeNotification } = installFakeNotification('granted');
    const { result, rerender } = renderHook(
      ({ level }: { level: ExpiryLevel }) =>
        useExpiryNotification({ instanceId: 'i-1', name: 'Cookie Jar', level, expiresAt }),
      { initialProps: { level: 'warning' } },
    );
    expect(result.current.support).toBe('off');
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    expect(shown).toEqual([]);

    await act(() => result.current.enable());
    expect(result.current.support).toBe('on');
    expect(shown).toEqual(['Cookie Jar expires in less than 10 minutes']);

    rerender({ level: 'warning' });
    rerender({ level: 'urgent' });
    rerender({ level: 'urgent' });
    expect(shown).toEqual([
      'Cookie Jar expires in less than 10 minutes',
      'Cookie Jar expires in less than 2 minutes',
    ]);
  });

  it('remembers a refusal and never notifies', async () => {
    const { shown } = installFakeNotification('denied');
    const { result } = renderHook(() =>
      useExpiryNotification({ instanceId: 'i-2', name: 'X', level: 'urgent', expiresAt }),
    );
    await act(() => result.current.enable());
    expect(result.current.support).toBe('denied');
    expect(shown).toEqual([]);
  });
});

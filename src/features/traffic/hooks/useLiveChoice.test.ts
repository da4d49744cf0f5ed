import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLiveChoice } from './useLiveChoice';

afterEach(() => sessionStorage.clear());

describe('useLiveChoice', () => {
  it('is on by default when the instance can be live', () => {
    const { result } = renderHook(() => useLiveChoice(true));
    expect(result.current.live).toBe(true);
  });

  it('is off when the instance cannot be live (ended, TCP only), whatever the choice', () => {
    const { result, rerender } = renderHook(({ can }) => useLiveChoice(can), {
      initialProps: { can: false },
    });
    expect(result.current.live).toBe(false);
    rerender({ can: true });
    expect(result.current.live).toBe(true);
    rerender({ can: false });
    expect(result.current.live).toBe(false);
  });

  it("keeps the user's choice to turn it off for the tab (another page, another mount)", () => {
    const first = renderHook(() => useLiveChoice(true));
    act(() => first.result.current.toggle());
    expect(first.result.current.live).toBe(false);
    first.unmount();

    const again = renderHook(() => useLiveChoice(true));
    expect(again.result.current.live).toBe(false);
    act(() => again.result.current.toggle());
    expect(again.result.current.live).toBe(true);
    again.unmount();
    expect(renderHook(() => useLiveChoice(true)).result.current.live).toBe(true);
  });
});

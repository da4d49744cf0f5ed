import { describe, expect, it, vi } from 'vitest';

// React 19 holds back what a Suspense boundary reveals after its fallback on
// a 300 ms timer (not under act(), which flushes fallbacks at once). Timers
// are frozen before React loads, so the timer it keeps for that never fires:
// only a module whose arrival does not wait for it shows.
vi.hoisted(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

import { Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { act } from '@testing-library/react';
import { lazyWithPreload } from './lazyWithPreload';

/** Event-loop turns (not time): the scheduler's tasks and the promises run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function mount(children: React.ReactNode) {
  const container = document.createElement('div');
  const root = createRoot(container);
  act(() => root.render(<Suspense fallback={<p>suspended</p>}>{children}</Suspense>));
  return { container, root };
}

describe('lazyWithPreload', () => {
  it('renders a module that arrives after the first render at once, with no Suspense reveal timer', async () => {
    const load = deferred<{ Text: () => React.ReactElement }>();
    const lazyText = lazyWithPreload(() => load.promise);
    function View() {
      const module = lazyText.useModule();
      return module ? <module.Text /> : <p>loading</p>;
    }
    const { container, root } = mount(<View />);
    expect(container.textContent).toBe('loading');
    // outside act(): as in the browser, where act() does not flush fallbacks
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    try {
      load.resolve({ Text: () => <p>arrived</p> });
      await settle();
      expect(container.textContent).toBe('arrived');
    } finally {
      (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
      act(() => root.unmount());
    }
  });

  it('renders a preloaded module without a fallback, and loads it once', async () => {
    const load = vi.fn(() => Promise.resolve({ value: 'ready' }));
    const lazyValue = lazyWithPreload(load);
    await lazyValue.preload();
    function View() {
      return <p>{lazyValue.useModule()?.value ?? 'loading'}</p>;
    }
    const { container, root } = mount(<View />);
    expect(container.textContent).toBe('ready');
    expect(load).toHaveBeenCalledTimes(1);
    act(() => root.unmount());
  });

  it('loads again after a failed load (a failure is not kept)', async () => {
    const load = vi
      .fn<() => Promise<{ value: string }>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue({ value: 'second try' });
    const lazyValue = lazyWithPreload(load);
    await expect(lazyValue.preload()).rejects.toThrow('Failed to fetch');
    await expect(lazyValue.preload()).resolves.toEqual({ value: 'second try' });
    expect(load).toHaveBeenCalledTimes(2);
  });
});

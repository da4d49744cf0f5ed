import { useEffect, useState } from 'react';

/** A module loaded on demand: start it early (`preload`), render from it (`useModule`). */
export interface LazyModule<M> {
  /** Starts loading (at most once while it succeeds or is pending; after a failure, again). */
  preload: () => Promise<M>;
  /**
   * The module, or `undefined` while it loads (render a fallback then): the
   * component renders again when it arrives. A module already here is
   * returned at once. A failed load is thrown, for the nearest error boundary
   * (which, on retry, mounts the component anew and so loads again).
   */
  useModule: () => M | undefined;
}

/**
 * A module loaded on demand, without Suspense: React 19 holds back what a
 * Suspense boundary reveals after its fallback by up to 300 ms (the
 * "throttled reveal"), which every first visit would pay for a page or the
 * Markdown parser that arrives a moment after it is first rendered. Here the
 * module's arrival is an ordinary state update, rendered at once; a module
 * already loaded (e.g. preloaded) renders without a fallback at all.
 */
export function lazyWithPreload<M>(load: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let pending: Promise<M> | undefined;
  const preload = () => {
    pending ??= load().then(
      (module) => {
        loaded = module;
        return module;
      },
      (cause: unknown) => {
        pending = undefined;
        throw cause;
      },
    );
    return pending;
  };

  function useModule(): M | undefined {
    const [state, setState] = useState<{ module?: M; failed?: { error: unknown } }>(() => ({
      module: loaded,
    }));
    const arrived = state.module !== undefined || state.failed !== undefined;
    useEffect(() => {
      if (arrived) return;
      let live = true;
      preload().then(
        (module) => {
          if (live) setState({ module });
        },
        (error: unknown) => {
          if (live) setState({ failed: { error } });
        },
      );
      return () => {
        live = false;
      };
    }, [arrived]);
    if (state.failed) throw state.failed.error;
    return state.module;
  }

  return { preload, useModule };
}

import { useCallback, useEffect, useState } from 'react';
import { configureApiClient } from '../api/client';
import type { RuntimeConfig } from '@shared/schemas';
import { loadRuntimeConfig } from '../config/runtime';
import { setAppName } from '../lib/documentTitle';
import { getToken } from '../lib/session';
import { App } from './App';
import { applyTheme } from './theme';

// Before the first paint, so a dark system never flashes white.
if (typeof document !== 'undefined') applyTheme();

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; config: RuntimeConfig }
  | { kind: 'error'; message: string };

/** Loads `/config.json`, configures the API client, then renders the app. */
export function Bootstrap({ load = loadRuntimeConfig }: { load?: () => Promise<RuntimeConfig> }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  useEffect(() => {
    let cancelled = false;
    load().then(
      (config) => {
        if (cancelled) return;
        configureApiClient({ baseUrl: config.apiBaseUrl, getToken });
        setAppName(config.appName);
        setState({ kind: 'ready', config });
      },
      (e: unknown) => {
        if (!cancelled)
          setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load, attempt]);

  if (state.kind === 'loading') {
    return (
      <p role="status" className="p-8 text-slate-700 dark:text-slate-300">
        Loading…
      </p>
    );
  }
  if (state.kind === 'error') {
    return (
      <main className="mx-auto max-w-xl p-8">
        <h1 className="text-xl font-semibold">The dashboard cannot start</h1>
        <p role="alert" className="mt-2 text-red-800 dark:text-red-300">
          {state.message}
        </p>
        <p className="mt-2 text-sm">
          Ask whoever runs this dashboard to check its configuration (<code>/config.json</code>),
          then try again.
        </p>
        <button
          type="button"
          onClick={retry}
          className="mt-4 rounded-md border border-slate-400 px-3 py-2 text-sm font-medium"
        >
          Try again
        </button>
      </main>
    );
  }
  return <App config={state.config} />;
}

import { useEffect, useState } from 'react';
import { configureApiClient } from '../api/client';
import type { RuntimeConfig } from '../api/schemas';
import { loadRuntimeConfig } from '../config/runtime';
import { getToken } from '../lib/session';
import { App } from './App';

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; config: RuntimeConfig }
  | { kind: 'error'; message: string };

/** Loads `/config.json`, configures the API client, then renders the app. */
export function Bootstrap() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    loadRuntimeConfig().then(
      (config) => {
        if (cancelled) return;
        configureApiClient({ baseUrl: config.apiBaseUrl, getToken });
        document.title = config.appName;
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
  }, []);

  if (state.kind === 'loading') {
    return (
      <p role="status" className="p-8 text-slate-600 dark:text-slate-300">
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
          Ask whoever runs this dashboard to check its configuration, then reload.
        </p>
      </main>
    );
  }
  return <App config={state.config} />;
}

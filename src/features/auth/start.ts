/**
 * What `/login` runs (chosen by src/main.ts): the theme, the runtime
 * config, then the framework-free sign-in page. Already signed in (e.g. in
 * another tab): straight on to where the user was heading.
 */
import { configureApiClient } from '../../api/client';
import { loadRuntimeConfig } from '../../config/runtime';
import { joinTitle } from '../../lib/titleFormat';
import { loadPage } from '../../lib/pageLoad';
import { searchKeys } from '../../lib/paths';
import { getToken } from '../../lib/session';
import { keepThemeCurrent } from '../../lib/theme';
import { el } from './dom';
import { safeNextPath } from './safeNext';
import { renderSignInPage } from './signInPage';

/** Starts the page in `root`; resolves to the way to stop its timers and listeners. */
export async function startSignInPage(root: HTMLElement): Promise<() => void> {
  keepThemeCurrent();
  const next = safeNextPath(new URLSearchParams(window.location.search).get(searchKeys.next));
  if (getToken()) {
    loadPage(next);
    return () => {};
  }
  return showSignInPage(root, next);
}

async function showSignInPage(root: HTMLElement, next: string): Promise<() => void> {
  root.replaceChildren(
    el('p', { role: 'status', class: 'p-8 text-slate-700 dark:text-slate-300' }, 'Loading…'),
  );
  try {
    const config = await loadRuntimeConfig();
    configureApiClient({ baseUrl: config.apiBaseUrl, getToken });
    document.title = joinTitle(['Sign in'], config.appName);
    return renderSignInPage(root, { appName: config.appName, next, navigate: loadPage });
  } catch (error) {
    showStartError(root, error instanceof Error ? error.message : String(error), () => {
      void showSignInPage(root, next);
    });
    return () => {};
  }
}

/** The config could not be loaded: say so, with a way to try again. */
function showStartError(root: HTMLElement, message: string, retryStart: () => void) {
  const retry = el(
    'button',
    {
      type: 'button',
      class: 'mt-4 rounded-md border border-slate-400 px-3 py-2 text-sm font-medium',
    },
    'Try again',
  );
  retry.addEventListener('click', retryStart);
  root.replaceChildren(
    el(
      'main',
      { class: 'mx-auto max-w-xl p-8' },
      el('h1', { class: 'text-xl font-semibold' }, 'The dashboard cannot start'),
      el('p', { role: 'alert', class: 'mt-2 text-red-800 dark:text-red-300' }, message),
      el(
        'p',
        { class: 'mt-2 text-sm' },
        'Ask whoever runs this dashboard to check its configuration (',
        el('code', {}, '/config.json'),
        '), then try again.',
      ),
      retry,
    ),
  );
}

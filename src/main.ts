/**
 * The entry. `/login` is rendered without React (src/features/auth/start.ts),
 * so a first visit of the sign-in page downloads a few KB of JavaScript
 * rather than React DOM (issue 18); every other address starts the React app.
 * Going between the two is a page load (src/lib/pageLoad.ts).
 */
import '@shared/zod';
import './index.css';
import { paths } from './lib/paths';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

const start: Promise<unknown> =
  window.location.pathname === paths.login()
    ? import('./features/auth/start').then(({ startSignInPage }) => startSignInPage(root))
    : import('./app/start').then(({ startApp }) => startApp(root));

start.catch((error: unknown) => {
  // e.g. a new version was deployed and this page's modules are gone
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.className = 'p-8 text-red-800 dark:text-red-300';
  message.textContent = `The dashboard cannot start: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`;
  root.replaceChildren(message);
});

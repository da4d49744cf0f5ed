/**
 * A full page load of `url`, replacing this page in the history. The entry
 * (src/main.ts) serves `/login` without React and every other page with the
 * app, so going from one to the other is always a page load.
 */
export function loadPage(url: string): void {
  window.location.replace(url);
}

/** Loads this page again (e.g. to get the current build after a deployment). */
export function reloadPage(): void {
  window.location.reload();
}

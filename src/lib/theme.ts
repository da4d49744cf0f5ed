/**
 * The colour theme, without React: the app's hooks (src/app/theme.ts) and
 * the framework-free sign-in page both use it.
 */

/** The user's choice; `system` follows the operating system's setting. */
export type ThemePreference = 'system' | 'light' | 'dark';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

const KEY = 'ctfy.theme';
const listeners = new Set<() => void>();

function isPreference(v: unknown): v is ThemePreference {
  return v === 'system' || v === 'light' || v === 'dark';
}

export function getThemePreference(): ThemePreference {
  try {
    const v = localStorage.getItem(KEY);
    return isPreference(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

export function setThemePreference(pref: ThemePreference): void {
  try {
    if (pref === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, pref);
  } catch {
    // not remembered, but applied for this tab
  }
  applyTheme(pref);
  listeners.forEach((l) => l());
}

function systemPrefersDark(): boolean {
  return Boolean(window.matchMedia?.('(prefers-color-scheme: dark)').matches);
}

/** Puts `.dark` on <html> (Tailwind's dark variant) and sets the native color-scheme. */
export function applyTheme(pref: ThemePreference = getThemePreference()): void {
  const dark = pref === 'dark' || (pref === 'system' && systemPrefersDark());
  const root = document.documentElement;
  root.classList.toggle('dark', dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
}

/** Calls `listener` when the preference changes, here or in another tab (applied first). */
export function subscribeThemePreference(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) {
      applyTheme();
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** While `pref` is `system`, follows the operating system's setting; returns the way to stop. */
export function followSystemTheme(pref: ThemePreference): () => void {
  applyTheme(pref);
  if (pref !== 'system') return () => {};
  const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
  const onChange = () => applyTheme('system');
  mq?.addEventListener('change', onChange);
  return () => mq?.removeEventListener('change', onChange);
}

/** Applies the theme and keeps it current (system setting, other tabs) without React. */
export function keepThemeCurrent(): () => void {
  let stopSystem = followSystemTheme(getThemePreference());
  const stopPreference = subscribeThemePreference(() => {
    stopSystem();
    stopSystem = followSystemTheme(getThemePreference());
  });
  return () => {
    stopSystem();
    stopPreference();
  };
}

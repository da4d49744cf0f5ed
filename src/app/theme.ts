import { useEffect, useSyncExternalStore } from 'react';
import {
  followSystemTheme,
  getThemePreference,
  subscribeThemePreference,
  type ThemePreference,
} from '../lib/theme';

export {
  applyTheme,
  getThemePreference,
  setThemePreference,
  THEME_PREFERENCES,
  type ThemePreference,
} from '../lib/theme';

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(subscribeThemePreference, getThemePreference, () => 'system');
}

/** Applies the theme and follows changes of the system setting (and of other tabs). */
export function useSystemTheme(): void {
  const pref = useThemePreference();
  useEffect(() => followSystemTheme(pref), [pref]);
}

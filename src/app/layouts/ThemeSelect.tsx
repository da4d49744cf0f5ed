import { useId } from 'react';
import {
  setThemePreference,
  THEME_PREFERENCES,
  useThemePreference,
  type ThemePreference,
} from '../theme';

const labels: Record<ThemePreference, string> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

/** Light, Dark, or follow the system (the default); remembered. */
export function ThemeSelect() {
  const id = useId();
  const pref = useThemePreference();
  return (
    <div className="flex items-center gap-1 text-sm">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        className="rounded-md border border-slate-400 bg-white px-2 py-1 text-slate-900 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
        value={pref}
        onChange={(e) => setThemePreference(e.target.value as ThemePreference)}
      >
        {THEME_PREFERENCES.map((p) => (
          <option key={p} value={p}>
            {labels[p]}
          </option>
        ))}
      </select>
    </div>
  );
}

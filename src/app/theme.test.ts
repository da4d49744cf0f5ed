import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyTheme, getThemePreference, setThemePreference } from './theme';

function fakeSystem(dark: boolean) {
  vi.stubGlobal(
    'matchMedia',
    vi.fn((query: string) => ({
      matches: dark && query === '(prefers-color-scheme: dark)',
      media: query,
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
    })),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.documentElement.className = '';
});

describe('theme', () => {
  it('follows the system by default', () => {
    fakeSystem(true);
    applyTheme();
    expect(getThemePreference()).toBe('system');
    expect(document.documentElement).toHaveClass('dark');
    expect(document.documentElement.style.colorScheme).toBe('dark');
    fakeSystem(false);
    applyTheme();
    expect(document.documentElement).not.toHaveClass('dark');
  });

  it('remembers a manual choice over the system setting', () => {
    fakeSystem(true);
    setThemePreference('light');
    expect(document.documentElement).not.toHaveClass('dark');
    expect(localStorage.getItem('ctfy.theme')).toBe('light');
    expect(getThemePreference()).toBe('light');
    setThemePreference('system');
    expect(localStorage.getItem('ctfy.theme')).toBeNull();
    expect(document.documentElement).toHaveClass('dark');
  });

  it('ignores a garbage stored value', () => {
    localStorage.setItem('ctfy.theme', '<script>');
    expect(getThemePreference()).toBe('system');
  });
});

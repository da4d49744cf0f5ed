import { useEffect } from 'react';

/** Dark or light, following the system setting (and its changes). */
export function useSystemTheme(): void {
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    const apply = () => document.documentElement.classList.toggle('dark', Boolean(mq?.matches));
    apply();
    mq?.addEventListener('change', apply);
    return () => mq?.removeEventListener('change', apply);
  }, []);
}

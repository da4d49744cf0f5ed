/**
 * Opt-in browser notifications, per activity kind, remembered in
 * localStorage. The text is plain (notifications never render markup).
 */
import { useCallback, useState } from 'react';
import { z } from '@shared/zod';

const KEY = 'ctfy.overview.notify';
const KindsSchema = z.catch(z.array(z.string().check(z.maxLength(50))).check(z.maxLength(20)), []);

function readKinds(): string[] {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? KindsSchema.parse(JSON.parse(raw)) : [];
  } catch {
    return [];
  }
}

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function useNotificationKinds() {
  const [kinds, setKinds] = useState<string[]>(readKinds);
  const [permission, setPermission] = useState<string>(() =>
    notificationsSupported() ? Notification.permission : 'unsupported',
  );
  const toggle = useCallback((kind: string, on: boolean) => {
    setKinds((current) => {
      const next = on ? [...new Set([...current, kind])] : current.filter((k) => k !== kind);
      try {
        localStorage.setItem(KEY, JSON.stringify(next));
      } catch {
        /* not remembered */
      }
      return next;
    });
    if (on && notificationsSupported() && Notification.permission === 'default') {
      void Notification.requestPermission().then(setPermission);
    }
  }, []);
  return { kinds, toggle, permission };
}

export function notify(title: string, body: string): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body });
  } catch {
    /* some browsers only allow notifications from a service worker */
  }
}

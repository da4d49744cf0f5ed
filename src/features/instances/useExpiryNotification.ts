import { useCallback, useEffect, useState } from 'react';
import { formatDuration } from '@shared/format';
import { URGENT_MS, WARN_MS, type ExpiryLevel } from './countdown';

const PREF_KEY = 'ctfy.notifyBeforeExpiry';

type Support = 'unsupported' | 'denied' | 'off' | 'on';

function notificationApi(): typeof Notification | undefined {
  return typeof window !== 'undefined' && 'Notification' in window
    ? window.Notification
    : undefined;
}

function readSupport(): Support {
  const api = notificationApi();
  if (!api) return 'unsupported';
  if (api.permission === 'denied') return 'denied';
  let pref: string | null = null;
  try {
    pref = localStorage.getItem(PREF_KEY);
  } catch {
    /* storage unavailable */
  }
  return api.permission === 'granted' && pref === 'on' ? 'on' : 'off';
}

/**
 * Browser notifications before expiry, opt-in: permission is asked only
 * from the user's click, and the choice is remembered (all tabs share it).
 * Each threshold notifies once per expiry time, across tabs.
 */
export function useExpiryNotification(opts: {
  instanceId: string;
  name: string;
  level: ExpiryLevel;
  expiresAt: string | null | undefined;
}) {
  const [support, setSupport] = useState<Support>(readSupport);

  const enable = useCallback(async () => {
    const api = notificationApi();
    if (!api) return;
    const permission = await api.requestPermission();
    if (permission === 'granted') {
      try {
        localStorage.setItem(PREF_KEY, 'on');
      } catch {
        /* remembered for this page only */
      }
    }
    setSupport(readSupport());
  }, []);

  const disable = useCallback(() => {
    try {
      localStorage.setItem(PREF_KEY, 'off');
    } catch {
      /* ignore */
    }
    setSupport(readSupport());
  }, []);

  const { instanceId, name, level, expiresAt } = opts;
  useEffect(() => {
    if (support !== 'on' || (level !== 'warning' && level !== 'urgent') || !expiresAt) return;
    const key = `ctfy.expiryNotified.${instanceId}.${level}.${expiresAt}`;
    try {
      if (localStorage.getItem(key)) return;
      localStorage.setItem(key, '1');
    } catch {
      /* notify anyway */
    }
    const api = notificationApi();
    if (!api) return;
    const within = formatDuration(level === 'urgent' ? URGENT_MS : WARN_MS);
    new api(`${name} expires in less than ${within}`, {
      body: 'Renew it from its page to keep it running.',
      tag: `ctfy-expiry-${instanceId}`,
    });
  }, [support, level, expiresAt, instanceId, name]);

  return { support, enable, disable };
}

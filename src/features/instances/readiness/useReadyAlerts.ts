import { useEffect, useRef } from 'react';
import { useDocumentTitle } from '../../../lib/documentTitle';
import type { ReadinessView } from './useInstanceReadiness';

const TITLES: Partial<Record<ReadinessView, string>> = {
  settling: '◐ Starting',
  slow: '◐ Still starting',
  reconnecting: '… Reconnecting',
  ready: '✓ Ready',
  failed: '✕ Failed',
};

/** True when the browser can show notifications and the user allowed them. */
export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

/**
 * Tells a background tab: the page title follows the start-up ("✓ Ready:
 * DEMO-001"), and when the instance turns ready or fails while the tab is
 * hidden, a browser notification (only if the user allowed them).
 */
export function useReadyAlerts(view: ReadinessView, challengeId: string | undefined) {
  const prefix = TITLES[view];
  useDocumentTitle(prefix ? `${prefix}: ${challengeId ?? 'instance'}` : null);

  const previous = useRef<ReadinessView>(view);
  useEffect(() => {
    const was = previous.current;
    previous.current = view;
    const wasWaiting = was === 'settling' || was === 'slow' || was === 'reconnecting';
    if (!wasWaiting || (view !== 'ready' && view !== 'failed')) return;
    if (typeof document === 'undefined' || !document.hidden || !notificationsAllowed()) return;
    const name = challengeId ?? 'Your instance';
    try {
      new Notification(view === 'ready' ? `${name} is ready` : `${name} failed to start`, {
        body: view === 'ready' ? 'The attack surface is up.' : 'Open the tab to see why.',
        tag: `ctfy-launch-${challengeId ?? ''}`,
      });
    } catch {
      /* some browsers only allow notifications from a service worker */
    }
  }, [view, challengeId]);
}

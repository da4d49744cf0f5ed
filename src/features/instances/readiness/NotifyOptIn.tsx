import { useState } from 'react';
import { Button } from '../../../components/ui/Button';

export type NotifyPermission = NotificationPermission | 'unsupported';

function currentPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The browser's notification permission, and a way to ask (only from a click). */
export function useNotificationPermission() {
  const [permission, setPermission] = useState<NotifyPermission>(currentPermission);
  const ask = () => {
    void Notification.requestPermission().then(setPermission, () => setPermission('denied'));
  };
  return { permission, ask };
}

/** "Notify me" while waiting; says what will happen once allowed. */
export function NotifyOptIn({
  permission,
  onAsk,
}: {
  permission: NotifyPermission;
  onAsk: () => void;
}) {
  if (permission === 'unsupported' || permission === 'denied') return null;
  if (permission === 'granted') {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        If you switch to another tab, you will get a notification when it is ready.
      </p>
    );
  }
  return (
    <Button size="sm" variant="ghost" onClick={onAsk}>
      Notify me when it is ready
    </Button>
  );
}

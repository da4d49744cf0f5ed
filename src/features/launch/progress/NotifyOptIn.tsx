import { useState } from 'react';
import { Button } from '../../../components/ui/Button';

/** Asks for notification permission, only from this click. */
export function NotifyOptIn() {
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  if (permission === 'unsupported' || permission === 'denied') return null;
  if (permission === 'granted') {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        You will get a notification when it is ready, if this tab is in the background.
      </p>
    );
  }
  return (
    <Button
      size="sm"
      variant="ghost"
      onClick={() => {
        void Notification.requestPermission().then(setPermission);
      }}
    >
      Notify me when it is ready
    </Button>
  );
}

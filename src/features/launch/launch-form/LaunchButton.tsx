import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { Dialog } from '../../../components/ui/Dialog';
import { LaunchForm } from './LaunchForm';

/** "Launch" opens a small form (TTL), which starts the instance. */
export function LaunchButton({
  challengeId,
  challengeName,
  size = 'md',
  hideTrigger = false,
  initiallyOpen = false,
}: {
  challengeId: string;
  challengeName?: string;
  size?: 'sm' | 'md';
  /** Hide the button (e.g. the team runs it already) but keep an open form open. */
  hideTrigger?: boolean;
  /** Open the form at once ("Launch again" on an ended instance links here so). */
  initiallyOpen?: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  const name = challengeName ?? challengeId;
  return (
    <>
      {!hideTrigger && (
        <Button
          variant="primary"
          size={size}
          onClick={() => setOpen(true)}
          aria-haspopup="dialog"
          aria-label={size === 'sm' ? `Launch ${name}` : undefined}
        >
          Launch
        </Button>
      )}
      <Dialog open={open} onClose={() => setOpen(false)} title={`Launch ${name}`}>
        <LaunchForm
          challengeId={challengeId}
          onCancel={() => setOpen(false)}
          onStarted={() => setOpen(false)}
        />
      </Dialog>
    </>
  );
}

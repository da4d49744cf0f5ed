import { lazy, Suspense, useState, type ComponentProps } from 'react';

const RenewDialogModule = lazy(() =>
  import('./RenewDialog').then((m) => ({ default: m.RenewDialog })),
);
const StopDialogModule = lazy(() =>
  import('./StopDialog').then((m) => ({ default: m.StopDialog })),
);

/** True from the first time `open` is: the dialog then stays mounted (its close, its focus return). */
function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}

/**
 * The Renew dialog, loaded the first time it opens: no page's first visit
 * pays for a dialog it does not show (issue 18). While it loads, focus stays
 * on the button that opened it.
 */
export function RenewDialog(props: ComponentProps<typeof RenewDialogModule>) {
  const opened = useOpenedOnce(props.target !== null);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <RenewDialogModule {...props} />
    </Suspense>
  );
}

/** The Stop dialog, loaded the first time it opens (see `RenewDialog`). */
export function StopDialog(props: ComponentProps<typeof StopDialogModule>) {
  const opened = useOpenedOnce(props.target !== null);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <StopDialogModule {...props} />
    </Suspense>
  );
}

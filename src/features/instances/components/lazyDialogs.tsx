import { useState, type ComponentType } from 'react';
import { lazyWithPreload } from '../../../lib/lazyWithPreload';
import type { RenewDialog as RenewDialogType } from './RenewDialog';
import type { StopDialog as StopDialogType } from './StopDialog';

/**
 * A dialog loaded the first time it opens (its `target` is set): no page's
 * first visit pays for a dialog it does not show (issue 18). While it loads,
 * focus stays on the button that opened it. Once opened it stays mounted
 * (its close, its focus return).
 */
function lazyDialog<P extends { target: unknown }>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  const dialog = lazyWithPreload(load);
  function Loaded(props: P) {
    const Dialog = dialog.useModule();
    return Dialog ? <Dialog {...props} /> : null;
  }
  return function LazyDialog(props: P) {
    const [opened, setOpened] = useState(props.target !== null);
    if (props.target !== null && !opened) setOpened(true);
    return opened || props.target !== null ? <Loaded {...props} /> : null;
  };
}

/** The Renew dialog, loaded the first time it opens. */
export const RenewDialog = lazyDialog<Parameters<typeof RenewDialogType>[0]>(() =>
  import('./RenewDialog').then((m) => m.RenewDialog),
);

/** The Stop dialog, loaded the first time it opens. */
export const StopDialog = lazyDialog<Parameters<typeof StopDialogType>[0]>(() =>
  import('./StopDialog').then((m) => m.StopDialog),
);

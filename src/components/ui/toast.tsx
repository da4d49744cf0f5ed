import { useSyncExternalStore } from 'react';
import { Button } from './Button';

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  text: string;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

function push(kind: Toast['kind'], text: string, ttlMs = 6000) {
  // The same message twice in a row is shown once.
  if (toasts.some((t) => t.text === text && t.kind === kind)) return;
  const id = nextId++;
  toasts = [...toasts, { id, kind, text }].slice(-4);
  emit();
  setTimeout(() => dismiss(id), ttlMs);
}

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export const toast = {
  error: (text: string) => push('error', text, 8000),
  info: (text: string) => push('info', text),
  success: (text: string) => push('success', text),
  dismiss,
};

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const kindStyle: Record<Toast['kind'], string> = {
  error:
    'border-red-400 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50',
  info: 'border-slate-300 bg-white text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-50',
  success:
    'border-emerald-400 bg-emerald-50 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50',
};

/** The toast area for background errors and confirmations. */
export function Toaster() {
  const list = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => toasts,
  );
  return (
    <section
      aria-label="Notifications"
      className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2"
    >
      <div role="status" aria-live="polite" className="flex flex-col gap-2">
        {list.map((t) => (
          <div
            key={t.id}
            className={`pointer-events-auto flex items-start gap-2 rounded-md border p-3 text-sm shadow ${kindStyle[t.kind]}`}
          >
            <p className="flex-1 break-words">{t.text}</p>
            <Button
              size="sm"
              variant="ghost"
              aria-label="Dismiss notification"
              onClick={() => dismiss(t.id)}
            >
              ×
            </Button>
          </div>
        ))}
      </div>
    </section>
  );
}

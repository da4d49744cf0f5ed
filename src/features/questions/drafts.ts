/**
 * Unsubmitted answers, kept in localStorage (keyed by instance and question)
 * so they survive a reload and are shared by every tab of the player.
 */
import { useCallback, useSyncExternalStore } from 'react';

const PREFIX = 'ctfy.draft.';
const listeners = new Set<() => void>();
// Fallback when storage is unavailable (private mode, quota): this tab only.
const memory = new Map<string, string>();

export function draftKey(instanceId: string, questionId: string): string {
  return `${PREFIX}${encodeURIComponent(instanceId)}.${encodeURIComponent(questionId)}`;
}

export function readDraft(key: string): string {
  try {
    return localStorage.getItem(key) ?? memory.get(key) ?? '';
  } catch {
    return memory.get(key) ?? '';
  }
}

export function writeDraft(key: string, value: string): void {
  memory.delete(key);
  try {
    if (value === '') localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    if (value !== '') memory.set(key, value);
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Other tabs: the browser fires `storage` there when this tab writes.
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The draft of one question and its setter; `''` clears it. */
export function useDraft(instanceId: string, questionId: string): [string, (v: string) => void] {
  const key = draftKey(instanceId, questionId);
  const value = useSyncExternalStore(
    subscribe,
    () => readDraft(key),
    () => '',
  );
  const set = useCallback((v: string) => writeDraft(key, v), [key]);
  return [value, set];
}

/**
 * The one way the dashboard puts a file on the user's disk: a temporary
 * object URL behind `<a download>` (no navigation, nothing leaves the tab).
 * The name always goes through `safeFileName`, whoever chose it.
 */
import { safeFileName } from './fileName';

/** How long the object URL lives after the click: the browser copies the blob once it starts. */
export const REVOKE_AFTER_MS = 60_000;

/** Saves `blob` as `fileName` (made safe here; `fallback` when nothing of it is left). */
export function saveBlob(blob: Blob, fileName: string, fallback = 'download'): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(fileName, fallback);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Saves bytes or text (text as UTF-8) as a file of the given content type. */
export function saveData(data: Uint8Array | string, fileName: string, type: string): void {
  // a copy: the Blob must not share (or be shared as) a transferable buffer
  const part = typeof data === 'string' ? data : new Uint8Array(data);
  saveBlob(new Blob([part], { type }), fileName);
}

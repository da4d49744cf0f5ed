/** Saves bytes or text as a file through a temporary object URL (no navigation). */
export function saveFile(data: Uint8Array | string, filename: string, type: string) {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name made only of safe characters. */
export function safeFileName(name: string, fallback: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80);
  return cleaned || fallback;
}

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json',
  'text/html': 'html.txt',
  'text/plain': 'txt',
  'text/css': 'css',
  'application/javascript': 'js.txt',
  'text/javascript': 'js.txt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg.txt',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

export function extensionFor(mime: string): string {
  return EXTENSIONS[mime] ?? 'bin';
}

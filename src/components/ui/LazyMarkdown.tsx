import { lazyWithPreload } from '../../lib/lazyWithPreload';

// The Markdown parser (marked, ~15 KB gzip) is loaded on first use by pages
// that show Markdown only sometimes.
const safeMarkdown = lazyWithPreload(() => import('./SafeMarkdown'));

/** Starts loading the parser now, for a page that always shows Markdown. */
export function preloadMarkdown(): void {
  safeMarkdown.preload().catch(() => undefined);
}

/**
 * `SafeMarkdown` loaded on demand. Until it arrives the source is shown as
 * plain text (never markup), so the content is readable at once; once it is
 * here (preloaded, or shown before) the Markdown renders without that first
 * plain-text paint.
 */
export function LazyMarkdown({ children }: { children: string }) {
  const module = safeMarkdown.useModule();
  if (!module) return <p className="whitespace-pre-wrap break-words">{children}</p>;
  return <module.SafeMarkdown>{children}</module.SafeMarkdown>;
}

import { lazy, Suspense, useState } from 'react';

// The Markdown parser (marked, ~15 KB gzip) is loaded on first use by pages
// that show Markdown only sometimes.
type SafeMarkdownModule = typeof import('./SafeMarkdown');
let loaded: SafeMarkdownModule | undefined;
const loadSafeMarkdown = () =>
  import('./SafeMarkdown').then((module) => {
    loaded = module;
    return module;
  });
const SafeMarkdown = lazy(() => loadSafeMarkdown().then((m) => ({ default: m.SafeMarkdown })));

/** Starts loading the parser now, for a page that always shows Markdown. */
export function preloadMarkdown(): void {
  loadSafeMarkdown().catch(() => undefined);
}

/**
 * `SafeMarkdown` loaded on demand. Until it arrives the source is shown as
 * plain text (never markup), so the content is readable at once.
 */
export function LazyMarkdown({ children }: { children: string }) {
  // Once the parser is here (preloaded, or shown before), render it without
  // suspending: React would hold back the reveal after the fallback (by up to
  // 300 ms), and the plain text would show first. Chosen once per mount.
  const [Loaded] = useState(() => loaded?.SafeMarkdown);
  if (Loaded) return <Loaded>{children}</Loaded>;
  return (
    <Suspense fallback={<p className="whitespace-pre-wrap break-words">{children}</p>}>
      <SafeMarkdown>{children}</SafeMarkdown>
    </Suspense>
  );
}

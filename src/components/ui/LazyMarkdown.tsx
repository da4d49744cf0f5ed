import { lazy, Suspense } from 'react';

// The Markdown parser (marked, ~15 KB gzip) is loaded on first use by pages
// that show Markdown only sometimes.
const SafeMarkdown = lazy(() =>
  import('./SafeMarkdown').then((m) => ({ default: m.SafeMarkdown })),
);

/**
 * `SafeMarkdown` loaded on demand. Until it arrives the source is shown as
 * plain text (never markup), so the content is readable at once.
 */
export function LazyMarkdown({ children }: { children: string }) {
  return (
    <Suspense fallback={<p className="whitespace-pre-wrap break-words">{children}</p>}>
      <SafeMarkdown>{children}</SafeMarkdown>
    </Suspense>
  );
}

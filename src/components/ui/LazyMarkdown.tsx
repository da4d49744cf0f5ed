import { lazy, Suspense } from 'react';

// react-markdown and its parser are the largest library of the app: pages
// that show Markdown only sometimes load it on first use.
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

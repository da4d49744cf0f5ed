import { useMemo, type ReactNode } from 'react';
import { Lexer } from 'marked';
import { renderTokens } from './markdownElements';

/**
 * CommonMark as before (no GFM: no tables, strikethrough or bare-URL links).
 * Only marked's lexer is used: it makes tokens, `renderTokens` React elements.
 */
function markdownToReact(source: string): ReactNode {
  try {
    return renderTokens(Lexer.lex(source, { gfm: false }));
  } catch {
    // nesting deeper than the parser's stack: shown as written, as text
    return <p className="whitespace-pre-wrap">{source}</p>;
  }
}

/**
 * Attacker-controlled Markdown (challenge descriptions, question prompts)
 * with no raw HTML (it is dropped, never parsed), links only for http(s)
 * URLs, and no images loaded.
 */
export function SafeMarkdown({ children }: { children: string }) {
  const content = useMemo(() => markdownToReact(children), [children]);
  return (
    <div className="prose-sm max-w-none space-y-2 break-words dark:prose-invert [&_code]:font-mono [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 dark:[&_pre]:bg-slate-800 [&_ul]:list-disc [&_ul]:pl-5">
      {content}
    </div>
  );
}

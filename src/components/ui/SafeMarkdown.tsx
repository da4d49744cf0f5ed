import Markdown, { type Components } from 'react-markdown';
import { safeHttpUrl } from '../../lib/safeUrl';

/** Only http(s) URLs survive; everything else becomes "" and renders as text. */
export function safeUrlTransform(url: string): string {
  return safeHttpUrl(url) ?? '';
}

const components: Components = {
  a({ href, children }) {
    const safe = safeHttpUrl(href);
    if (!safe) return <span>{children}</span>;
    return (
      <a
        href={safe}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-indigo-700 underline dark:text-indigo-300"
      >
        {children}
      </a>
    );
  },
  // Images are never loaded (tracking pixels, huge files): their alt text is shown.
  img({ alt }) {
    return <span className="italic">[image{alt ? `: ${alt}` : ''}]</span>;
  },
};

/**
 * Attacker-controlled Markdown (challenge descriptions, question prompts)
 * with no raw HTML (it is dropped, never parsed), links only for http(s)
 * URLs, and no images loaded.
 */
export function SafeMarkdown({ children }: { children: string }) {
  return (
    <div className="prose-sm max-w-none space-y-2 break-words dark:prose-invert [&_code]:font-mono [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 dark:[&_pre]:bg-slate-800 [&_ul]:list-disc [&_ul]:pl-5">
      <Markdown skipHtml urlTransform={safeUrlTransform} components={components}>
        {children}
      </Markdown>
    </div>
  );
}

import Markdown, { type Components } from 'react-markdown';

/** Only http(s) URLs become links; anything else stays text. */
export function safeHttpUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
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
  // Never loaded (tracking pixels): the alt text stands in.
  img({ alt }) {
    return <span className="italic">[image{alt ? `: ${alt}` : ''}]</span>;
  },
};

/** A question's prompt: safe Markdown (raw HTML dropped, only http(s) links, no images). */
export function PromptText({ children }: { children: string }) {
  return (
    <div className="space-y-2 break-words [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono dark:[&_code]:bg-slate-800 [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_ul]:list-disc [&_ul]:pl-5">
      <Markdown skipHtml urlTransform={(url) => safeHttpUrl(url) ?? ''} components={components}>
        {children}
      </Markdown>
    </div>
  );
}

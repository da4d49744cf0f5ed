import { Fragment, type ReactNode } from 'react';
import type { MarkedToken, Token } from 'marked';
import { decodeHtmlEntities } from '../../lib/htmlEntities';
import { safeHttpUrl } from '../../lib/safeUrl';

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

/** A link only for an http(s) URL, opened safely; any other target is plain text. */
function SafeLink({ href, children }: { href: string; children: ReactNode }) {
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
}

/** Images are never loaded (tracking pixels, huge files): their alt text is shown. */
function ImagePlaceholder({ alt }: { alt: string }) {
  return <span className="italic">[image{alt ? `: ${alt}` : ''}]</span>;
}

/** The words of inline tokens without their markup (an image's alt text). */
function plainText(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      const t = token as MarkedToken;
      if (t.type === 'text') return t.tokens ? plainText(t.tokens) : decodeHtmlEntities(t.text);
      if (t.type === 'escape' || t.type === 'codespan') return t.text;
      return 'tokens' in t ? plainText(t.tokens) : '';
    })
    .join('');
}

/**
 * React elements for marked's tokens (its lexer only: no HTML string is
 * made). Text is React text; raw HTML is dropped, never parsed; links only
 * for http(s) URLs; images are never loaded. Token text is as marked keeps
 * it for HTML output, so character references are decoded here, except in
 * code and autolinks, where Markdown keeps them as written.
 */
export function renderTokens(tokens: readonly Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map((token, key) => renderToken(token as MarkedToken, key));
}

function renderToken(token: MarkedToken, key: number): ReactNode {
  switch (token.type) {
    case 'paragraph':
      return <p key={key}>{renderTokens(token.tokens)}</p>;
    case 'heading': {
      const Heading = headings[token.depth - 1] ?? 'h6';
      return <Heading key={key}>{renderTokens(token.tokens)}</Heading>;
    }
    case 'code':
      return (
        <pre key={key}>
          <code>{token.text}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote key={key}>{renderTokens(token.tokens)}</blockquote>;
    case 'list': {
      const items = token.items.map((item, i) => <li key={i}>{renderTokens(item.tokens)}</li>);
      if (!token.ordered) return <ul key={key}>{items}</ul>;
      const start = token.start === '' || token.start === 1 ? undefined : token.start;
      return (
        <ol key={key} start={start}>
          {items}
        </ol>
      );
    }
    case 'hr':
      return <hr key={key} />;
    case 'text':
      // a tight list item's text holds inline tokens; inline text is text
      return token.tokens ? (
        <Fragment key={key}>{renderTokens(token.tokens)}</Fragment>
      ) : (
        decodeHtmlEntities(token.text)
      );
    case 'escape':
      return token.text;
    case 'strong':
      return <strong key={key}>{renderTokens(token.tokens)}</strong>;
    case 'em':
      return <em key={key}>{renderTokens(token.tokens)}</em>;
    case 'del':
      return <del key={key}>{renderTokens(token.tokens)}</del>;
    case 'codespan':
      return <code key={key}>{token.text}</code>;
    case 'br':
      return <br key={key} />;
    case 'link':
      return token.autolink ? (
        <SafeLink key={key} href={token.href}>
          {token.text}
        </SafeLink>
      ) : (
        <SafeLink key={key} href={decodeHtmlEntities(token.href)}>
          {renderTokens(token.tokens)}
        </SafeLink>
      );
    case 'image':
      return <ImagePlaceholder key={key} alt={plainText(token.tokens)} />;
    default:
      // raw HTML (dropped: the text between tags stays, as text), link
      // definitions and blank lines; tables and task boxes need GFM (off)
      return null;
  }
}

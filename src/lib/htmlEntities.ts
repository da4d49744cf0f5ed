/** One HTML character reference: `&copy;`, `&#169;`, `&#xA9;` (the semicolon is required). */
const characterReference = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/g;

const decoded = new Map<string, string>();
let parser: DOMParser | undefined;

function decodeReference(reference: string): string {
  let text = decoded.get(reference);
  if (text === undefined) {
    // The browser knows every HTML5 name, so no table ships with the app.
    // The input is one validated character reference and nothing else,
    // parsed into an inert document (no scripts run, nothing loads).
    parser ??= new DOMParser();
    text = parser.parseFromString(reference, 'text/html').body.textContent ?? reference;
    // HTML also reads a legacy prefix (`&notit;` as `¬it;`); Markdown only
    // whole names, so a result still ending in `;` was not one.
    if (!reference.startsWith('&#') && reference !== '&semi;' && text.endsWith(';')) {
      text = reference;
    }
    decoded.set(reference, text);
  }
  return text;
}

/**
 * The text HTML character references in `text` stand for, in one pass
 * (`&amp;lt;` is `&lt;`, not `<`); an unknown name stays as written.
 */
export function decodeHtmlEntities(text: string): string {
  return text.includes('&') ? text.replace(characterReference, decodeReference) : text;
}

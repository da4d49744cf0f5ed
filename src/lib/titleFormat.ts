/**
 * How a document title reads, most specific first: "Questions · Instance
 * 3f2a · ctfy". Without React, for the sign-in page; the app's titles
 * (src/lib/documentTitle.ts) are made with it too.
 */
export function joinTitle(parts: readonly (string | null | undefined)[], app: string): string {
  return [...parts, app].filter((p): p is string => Boolean(p && p.trim())).join(' · ');
}

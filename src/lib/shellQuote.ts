/**
 * The one POSIX-shell quoting rule. Everything placed in a command line the
 * user copies (hosts, URLs, file names, captured headers and bodies) may be
 * attacker-controlled, so it goes through here.
 *
 * A word made only of characters no POSIX shell treats specially stays bare
 * (`127.0.0.1`, `http://x.test:8080/`); anything else is single-quoted, with
 * `'` written as `'\''`. Inside single quotes sh expands nothing: `$(…)`,
 * backticks, `$x`, `!`, `~`, globs and newlines are all literal.
 */

/** Characters that mean nothing to sh anywhere in an argument word. */
const PLAIN_WORD = /^[A-Za-z0-9._:/@%+=,-]+$/;

/** A shell word cannot carry a NUL byte (sh ends the string there). */
export function canBeShellWord(value: string): boolean {
  return !value.includes('\0');
}

/**
 * One POSIX-shell word that expands to exactly `value`: `it's` → `'it'\''s'`.
 * Throws on a NUL, which no shell word can hold: check with
 * {@link canBeShellWord} (or pipe the bytes in) when the text is captured data.
 */
export function shellQuote(value: string): string {
  if (!canBeShellWord(value)) throw new RangeError('A shell word cannot contain a NUL character.');
  if (PLAIN_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

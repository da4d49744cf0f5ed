/**
 * Why a service died, in one line, from the end of its stderr. A crashed Node
 * service's last line is "Node.js v20.20.2"; what a reader needs is the error
 * ("TypeError: Invalid URL") and where it was thrown ("DEMO-001/service.mjs:37:15").
 */

const MAX_LINES = 60;
const MAX_LINE = 300;

/** The last lines a service wrote to stderr (bounded: a chatty service costs nothing). */
export class StderrTail {
  private readonly lines: string[] = [];

  push(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line.slice(0, MAX_LINE));
    if (this.lines.length > MAX_LINES) this.lines.shift();
  }

  /** The useful part, or '' when the service wrote nothing. */
  reason(): string {
    return usefulError(this.lines);
  }
}

/** `TypeError: …`, `Error [ERR_X]: …`, Python's `ValueError: …`, `Uncaught SomeException`. */
const ERROR_LINE =
  /^(?:Uncaught\s+)?(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception)(?:\s*\[[\w.]+\])?(?::\s|$)/;
const FRAME = /^\s*at\s+(.*)$/;
const NOISE = [
  /^Node\.js v\d/, // Node's sign-off after an uncaught error
  FRAME, // a stack frame
  /^\s*\^+\s*$/, // the caret under the source line
  /^\s*[{}\]]\s*$/, // the braces around an error's properties
  /^\s+[\w$]+: /, // an error's property (`  code: 'ERR_INVALID_URL',`)
  /^\s*File "/, // a Python frame
  /^Traceback \(most recent call last\)/,
];

/** `…/DEMO-001/service.mjs:37:15` from a frame; internal frames give undefined. */
function frameLocation(frame: string): string | undefined {
  const where = /\(([^()]+)\)\s*$/.exec(frame)?.[1] ?? frame.trim();
  if (where.startsWith('node:') || where === 'native' || where.startsWith('<anonymous>'))
    return undefined;
  const path = where.replace(/^file:\/\//, '');
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(-2).join('/') : path;
}

export function usefulError(lines: readonly string[]): string {
  const trimmed = lines.map((l) => l.trimEnd());
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const line = trimmed[i]!.trim();
    if (!ERROR_LINE.test(line)) continue;
    let where: string | undefined;
    let code: string | undefined;
    for (const next of trimmed.slice(i + 1)) {
      const frame = FRAME.exec(next);
      if (frame && where === undefined) where = frameLocation(frame[1]!);
      code ??= /^\s+code: '([\w.-]+)'/.exec(next)?.[1];
      if (!frame && !/^\s+[\w$]+: |^\s*[{}]/.test(next)) break;
    }
    const withCode = code && !line.includes(code) ? `${line} [${code}]` : line;
    return (where ? `${withCode} (at ${where})` : withCode).slice(0, MAX_LINE);
  }
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const line = trimmed[i]!;
    if (line.trim() && !NOISE.some((re) => re.test(line))) return line.trim().slice(0, MAX_LINE);
  }
  return '';
}

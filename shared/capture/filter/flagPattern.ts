/**
 * What a flag looks like in a competition: one regular expression, from the
 * platform's settings when it sends one (`flag_pattern`, a local-platform
 * extension), else the runtime config (`flagPattern`), else the default
 * below. Pure code: the worker finds flags with it, the page highlights them.
 */

/** `name{…}`: the shape most CTFs use (CTF{…}, flag{…}, ctfy{…}). */
export const DEFAULT_FLAG_PATTERN = '[A-Za-z0-9_]{2,32}\\{[^}\\n]{1,200}\\}';

/** Longest pattern source accepted (settings and config are outside data). */
export const MAX_FLAG_PATTERN_LENGTH = 500;

export type FlagPatternResult =
  { ok: true; source: string; pattern: RegExp } | { ok: false; source: string; error: string };

/**
 * Compiles a flag pattern (global, so every match is found). A pattern that
 * could match empty text would find a "flag" everywhere: refused too.
 */
export function compileFlagPattern(source: string): FlagPatternResult {
  if (source.length === 0 || source.length > MAX_FLAG_PATTERN_LENGTH)
    return {
      ok: false,
      source,
      error: `a flag pattern is 1 to ${MAX_FLAG_PATTERN_LENGTH} characters`,
    };
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'gu');
  } catch {
    try {
      pattern = new RegExp(source, 'g');
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : '';
      return {
        ok: false,
        source,
        error: `not a valid regular expression${why ? ` (${why})` : ''}`,
      };
    }
  }
  if (new RegExp(pattern.source, pattern.flags.replace('g', '')).test(''))
    return { ok: false, source, error: 'the pattern matches empty text' };
  return { ok: true, source, pattern };
}

export interface FlagPatternChoice {
  source: string;
  /** where it came from, for the panel's note */
  from: 'platform' | 'config' | 'default';
  /** a pattern that was given but refused, and why (the next one is used) */
  refused: { from: 'platform' | 'config'; source: string; error: string }[];
}

/** The competition's flag pattern: the platform's, else the config's, else the default. */
export function chooseFlagPattern(
  platform: string | null | undefined,
  config: string | null | undefined,
): FlagPatternChoice {
  const refused: FlagPatternChoice['refused'] = [];
  for (const [from, source] of [
    ['platform', platform],
    ['config', config],
  ] as const) {
    if (source === null || source === undefined || source === '') continue;
    const compiled = compileFlagPattern(source);
    if (compiled.ok) return { source, from, refused };
    refused.push({ from, source, error: compiled.error });
  }
  return { source: DEFAULT_FLAG_PATTERN, from: 'default', refused };
}

/** Every match of `pattern` (a global RegExp) in `text`, in order, repeats kept. */
export function findFlags(text: string, pattern: RegExp): string[] {
  const out: string[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    out.push(m[0]);
  }
  pattern.lastIndex = 0;
  return out;
}

export interface FlagSegment {
  text: string;
  flag: boolean;
}

/** `text` cut into plain pieces and flag matches (for highlighting as text). */
export function splitFlags(text: string, pattern: RegExp): FlagSegment[] {
  const out: FlagSegment[] = [];
  let last = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    if (m.index > last) out.push({ text: text.slice(last, m.index), flag: false });
    out.push({ text: m[0], flag: true });
    last = m.index + m[0].length;
  }
  pattern.lastIndex = 0;
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last), flag: false });
  return out;
}

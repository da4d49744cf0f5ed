/**
 * The filter language, modelled on mitmproxy's filter expressions:
 *
 *   bare text / "quoted" / 'quoted'   regex on the URL
 *   ~u re  URL          ~m re  method        ~c 404  status code
 *   ~d re  domain       ~h re  any header    ~hq / ~hs  request / response header
 *   ~b re  any body     ~bq / ~bs  request / response body (content-decoded)
 *   ~t re  content type (~tq / ~ts)           ~e  has an error
 *   ~q  no response     ~s  has a response    ~http  ~websocket  ~tcp  ~all
 *   !x  not      x & y  and (also `x y`)      x | y  or      ( … )
 *
 * Ours, not mitmproxy's: `~flag` matches a flow with a flag in its URL,
 * headers or (decoded) bodies, by the competition's flag pattern (given to
 * `parseFilter`; see `flagPattern.ts`).
 *
 * Precedence: `!` binds tighter than `&`, which binds tighter than `|`.
 * Patterns are case-insensitive regular expressions; an invalid one is a
 * syntax error with its position. Pure code: runs in the worker and in tests.
 */

export type FilterField =
  | 'url'
  | 'method'
  | 'domain'
  | 'header'
  | 'requestHeader'
  | 'responseHeader'
  | 'body'
  | 'requestBody'
  | 'responseBody'
  | 'contentType'
  | 'requestContentType'
  | 'responseContentType'
  /** URL, headers and bodies of both sides (`~flag`) */
  | 'anyText';

export type FilterFlag =
  'error' | 'noResponse' | 'hasResponse' | 'http' | 'websocket' | 'tcp' | 'all';

export type FilterNode =
  | { kind: 'match'; field: FilterField; pattern: RegExp; source: string }
  | { kind: 'status'; code: number }
  | { kind: 'flag'; flag: FilterFlag }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode };

export class FilterSyntaxError extends Error {
  /** 0-based offset into the expression where the problem is */
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'FilterSyntaxError';
    this.position = position;
  }
}

const FIELD_OPERATORS: Record<string, FilterField> = {
  u: 'url',
  m: 'method',
  d: 'domain',
  h: 'header',
  hq: 'requestHeader',
  hs: 'responseHeader',
  b: 'body',
  bq: 'requestBody',
  bs: 'responseBody',
  t: 'contentType',
  tq: 'requestContentType',
  ts: 'responseContentType',
};

const FLAG_OPERATORS: Record<string, FilterFlag> = {
  e: 'error',
  q: 'noResponse',
  s: 'hasResponse',
  http: 'http',
  websocket: 'websocket',
  tcp: 'tcp',
  all: 'all',
};

type Token =
  | { type: '(' | ')' | '!' | '&' | '|'; pos: number }
  | { type: 'op'; name: string; pos: number }
  | { type: 'text'; value: string; quoted: boolean; pos: number };

const SPECIAL = new Set(['(', ')', '!', '&', '|']);

function readQuoted(input: string, start: number): { value: string; end: number } {
  const quote = input[start];
  let value = '';
  let i = start + 1;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '\\' && i + 1 < input.length) {
      const next = input[i + 1]!;
      // \" and \' unescape; any other escape is kept for the regex (\d, \.)
      value += next === quote ? next : ch + next;
      i += 2;
      continue;
    }
    if (ch === quote) return { value, end: i + 1 };
    value += ch;
    i++;
  }
  throw new FilterSyntaxError(`Unclosed ${quote === '"' ? 'double' : 'single'} quote`, start);
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      tokens.push({ type: ch as '(' | ')' | '!' | '&' | '|', pos: i });
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const { value, end } = readQuoted(input, i);
      tokens.push({ type: 'text', value, quoted: true, pos: i });
      i = end;
      continue;
    }
    if (ch === '~') {
      let j = i + 1;
      while (j < input.length && /[a-z]/i.test(input[j]!)) j++;
      tokens.push({ type: 'op', name: input.slice(i + 1, j).toLowerCase(), pos: i });
      i = j;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j]!) && !SPECIAL.has(input[j]!)) j++;
    tokens.push({ type: 'text', value: input.slice(i, j), quoted: false, pos: i });
    i = j;
  }
  return tokens;
}

function compilePattern(source: string, pos: number): RegExp {
  try {
    return new RegExp(source, 'iu');
  } catch {
    try {
      // patterns written for mitmproxy (Python `re`) may not be valid in /u mode
      return new RegExp(source, 'i');
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : '';
      throw new FilterSyntaxError(`Invalid regular expression${why ? `: ${why}` : ''}`, pos);
    }
  }
}

export interface FilterOptions {
  /** what `~flag` looks for (without it, `~flag` is an error) */
  flagPattern?: RegExp;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
    private readonly options: FilterOptions,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  parse(): FilterNode {
    const node = this.parseOr();
    const extra = this.peek();
    if (extra)
      throw new FilterSyntaxError(
        `Unexpected "${extra.type === 'text' ? extra.value : extra.type}"`,
        extra.pos,
      );
    return node;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.peek()?.type === '|') {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private startsOperand(t: Token | undefined): boolean {
    return !!t && (t.type === '(' || t.type === '!' || t.type === 'op' || t.type === 'text');
  }

  private parseAnd(): FilterNode {
    let left = this.parseNot();
    for (;;) {
      const t = this.peek();
      if (t?.type === '&') {
        this.next();
        left = { kind: 'and', left, right: this.parseNot() };
      } else if (this.startsOperand(t)) {
        // juxtaposition means "and", as in mitmproxy
        left = { kind: 'and', left, right: this.parseNot() };
      } else {
        return left;
      }
    }
  }

  private parseNot(): FilterNode {
    if (this.peek()?.type === '!') {
      this.next();
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const t = this.next();
    if (!t) throw new FilterSyntaxError('Expression expected', this.length);
    switch (t.type) {
      case '(': {
        const inner = this.parseOr();
        const close = this.next();
        if (close?.type !== ')') {
          throw new FilterSyntaxError('Missing ")"', close ? close.pos : this.length);
        }
        return inner;
      }
      case 'text':
        return {
          kind: 'match',
          field: 'url',
          pattern: compilePattern(t.value, t.pos),
          source: t.value,
        };
      case 'op':
        return this.parseOperator(t);
      default:
        throw new FilterSyntaxError(`Unexpected "${t.type}"`, t.pos);
    }
  }

  private parseOperator(t: { name: string; pos: number }): FilterNode {
    const flag = FLAG_OPERATORS[t.name];
    if (flag) return { kind: 'flag', flag };
    if (t.name === 'flag') {
      const pattern = this.options.flagPattern;
      if (!pattern) throw new FilterSyntaxError('"~flag" needs a flag pattern', t.pos);
      // a copy without the global flag: evaluation tests, it does not iterate
      return {
        kind: 'match',
        field: 'anyText',
        pattern: new RegExp(pattern.source, pattern.flags.replace('g', '')),
        source: pattern.source,
      };
    }
    const field = FIELD_OPERATORS[t.name];
    if (!field && t.name !== 'c') {
      throw new FilterSyntaxError(
        t.name ? `Unknown operator "~${t.name}"` : 'Operator name expected after "~"',
        t.pos,
      );
    }
    const arg = this.next();
    if (arg?.type !== 'text') {
      throw new FilterSyntaxError(`"~${t.name}" needs a value`, arg ? arg.pos : this.length);
    }
    if (t.name === 'c') {
      if (!/^\d{1,3}$/.test(arg.value)) {
        throw new FilterSyntaxError('"~c" needs a status code such as 404', arg.pos);
      }
      return { kind: 'status', code: Number(arg.value) };
    }
    return {
      kind: 'match',
      field: field!,
      pattern: compilePattern(arg.value, arg.pos),
      source: arg.value,
    };
  }
}

/** Parses an expression. An empty (or blank) expression is `null`: match everything. */
export function parseFilter(filter: string, options: FilterOptions = {}): FilterNode | null {
  const tokens = tokenize(filter);
  if (tokens.length === 0) return null;
  return new Parser(tokens, filter.length, options).parse();
}

type MatchNode = Extract<FilterNode, { kind: 'match' }>;

/** Whether any match in the expression (under `!`, `&`, `|`) passes `test`: the one walk of the tree. */
export function someMatch(node: FilterNode | null, test: (match: MatchNode) => boolean): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'match':
      return test(node);
    case 'not':
      return someMatch(node.operand, test);
    case 'and':
    case 'or':
      return someMatch(node.left, test) || someMatch(node.right, test);
    default:
      return false;
  }
}

const BODY_FIELDS: ReadonlySet<FilterField> = new Set([
  'body',
  'requestBody',
  'responseBody',
  'anyText',
]);
const HEADER_FIELDS: ReadonlySet<FilterField> = new Set([
  'header',
  'requestHeader',
  'responseHeader',
]);

/** Whether evaluating the expression needs decoded bodies (so the worker can skip decoding). */
export function usesBodies(node: FilterNode | null): boolean {
  return someMatch(node, (match) => BODY_FIELDS.has(match.field));
}

/**
 * Whether evaluating the expression reads what a flow's summary lacks (every
 * header, the bodies; `shared/capture/summary.ts` keeps only Content-Type):
 * over summaries such a filter runs where the whole flows are (the
 * platform's `traffic/matches`, or the local file's bytes).
 */
export function needsWholeFlows(node: FilterNode | null): boolean {
  return someMatch(node, (match) => BODY_FIELDS.has(match.field) || HEADER_FIELDS.has(match.field));
}

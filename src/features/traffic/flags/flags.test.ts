import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, parseFilter, usesBodies } from '@shared/capture/filter/parse';
import { bytesBody, makeFlow, textBody } from '@shared/capture/testFlows';
import { TrafficStore } from '../worker/store';
import {
  chooseFlagPattern,
  compileFlagPattern,
  DEFAULT_FLAG_PATTERN,
  findFlags,
  splitFlags,
} from '@shared/capture/filter/flagPattern';

const defaultPattern = () => new RegExp(DEFAULT_FLAG_PATTERN, 'gu');

describe('flag pattern', () => {
  it('the default finds name{…} flags, not braces in code or JSON', () => {
    const text =
      'ok CTF{first_one} and flag{second one} {"a":{"b":1}} function f(){return 1} x{} ' +
      'ctf{no\nnewline}';
    expect(findFlags(text, defaultPattern())).toEqual(['CTF{first_one}', 'flag{second one}']);
  });

  it('finds repeats, and the same RegExp works again (lastIndex is reset)', () => {
    const re = defaultPattern();
    expect(findFlags('AB{1} AB{1} BC{2}', re)).toEqual(['AB{1}', 'AB{1}', 'BC{2}']);
    expect(findFlags('CD{3}', re)).toEqual(['CD{3}']);
  });

  it('splits text into plain pieces and flags, losing nothing', () => {
    const pieces = splitFlags('<b>ctf{x<y}</b>', defaultPattern());
    expect(pieces).toEqual([
      { text: '<b>', flag: false },
      { text: 'ctf{x<y}', flag: true },
      { text: '</b>', flag: false },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe('<b>ctf{x<y}</b>');
    expect(splitFlags('', defaultPattern())).toEqual([{ text: '', flag: false }]);
  });

  it('refuses an invalid pattern, one matching empty text, and one too long', () => {
    expect(compileFlagPattern('ctf{(')).toMatchObject({ ok: false });
    expect(compileFlagPattern('a*')).toMatchObject({
      ok: false,
      error: 'the pattern matches empty text',
    });
    expect(compileFlagPattern('x'.repeat(501))).toMatchObject({ ok: false });
    expect(compileFlagPattern('ctfy\\{[^}]+\\}')).toMatchObject({ ok: true });
  });

  it("the platform's pattern wins, then the config's, then the default; a refused one says why", () => {
    expect(chooseFlagPattern('ctfy\\{.+?\\}', 'other\\{.+?\\}')).toMatchObject({
      source: 'ctfy\\{.+?\\}',
      from: 'platform',
    });
    expect(chooseFlagPattern(null, 'other\\{.+?\\}')).toMatchObject({ from: 'config' });
    expect(chooseFlagPattern(undefined, undefined)).toEqual({
      source: DEFAULT_FLAG_PATTERN,
      from: 'default',
      refused: [],
    });
    const bad = chooseFlagPattern('(', undefined);
    expect(bad.from).toBe('default');
    expect(bad.refused).toEqual([
      { from: 'platform', source: '(', error: expect.stringMatching(/not a valid regular/) },
    ]);
  });
});

const flows = [
  makeFlow({ path: '/plain', resBody: textBody('nothing here') }),
  makeFlow({
    path: '/in-body',
    resHeaders: [['Content-Type', 'text/html']],
    resBody: textBody('<p>your flag: ctfy{body_flag}</p>'),
  }),
  makeFlow({
    path: '/in-gzip',
    resHeaders: [
      ['Content-Type', 'application/json'],
      ['Content-Encoding', 'gzip'],
    ],
    resBody: bytesBody(gzipSync(new TextEncoder().encode('{"flag":"ctfy{zipped}"}'))),
  }),
  makeFlow({
    path: '/in-header',
    reqHeaders: [['Cookie', 'seen=ctfy{body_flag}']],
  }),
  makeFlow({ path: '/in-url?f=ctfy{in_url}' }),
  makeFlow({ path: '/other-shape', resBody: textBody('CTF{not_this_competition}') }),
];

function storeWith(pattern?: string) {
  const store = new TrafficStore();
  store.ingest(flows, 0, flows.length);
  if (pattern) expect(store.setFlagPattern(pattern)).toBe(true);
  return store;
}

const paths = (store: TrafficStore, indices: Iterable<number>) =>
  Array.from(indices, (i) => store.rows[i]!.path);

describe('flags in a capture (worker)', () => {
  it('lists each distinct flag once with the flows it appears in (decoded bodies, headers, URLs)', () => {
    const store = storeWith('ctfy\\{[^}]+\\}');
    const { flags, truncated } = store.flags();
    expect(truncated).toBe(false);
    expect(flags.map((f) => [f.value, f.flowCount, paths(store, f.flows)])).toEqual([
      ['ctfy{body_flag}', 2, ['/in-body', '/in-header']],
      ['ctfy{zipped}', 1, ['/in-gzip']],
      ['ctfy{in_url}', 1, ['/in-url?f=ctfy{in_url}']],
    ]);
  });

  it('with the default pattern, the other shape is a flag too', () => {
    const values = storeWith()
      .flags()
      .flags.map((f) => f.value);
    expect(values).toContain('CTF{not_this_competition}');
    expect(values).toContain('ctfy{zipped}');
  });

  it('~flag selects the flows with a flag, and follows a new pattern', () => {
    const store = storeWith('ctfy\\{[^}]+\\}');
    store.setFilter('~flag');
    expect(paths(store, store.view().indices)).toEqual([
      '/in-body',
      '/in-gzip',
      '/in-header',
      '/in-url?f=ctfy{in_url}',
    ]);
    store.setFilter('~flag & !~hq cookie');
    expect(paths(store, store.view().indices)).not.toContain('/in-header');
    store.setFilter('~flag');
    expect(store.setFlagPattern('CTF\\{[^}]+\\}')).toBe(true);
    expect(paths(store, store.view().indices)).toEqual(['/other-shape']);
  });

  it('an invalid pattern is refused and the last one stays', () => {
    const store = storeWith('ctfy\\{[^}]+\\}');
    expect(store.setFlagPattern('(')).toBe(false);
    expect(store.flagPattern.source).toBe('ctfy\\{[^}]+\\}');
  });

  it('~flag reads bodies; without a pattern it is a syntax error', () => {
    expect(usesBodies(parseFilter('~flag', { flagPattern: defaultPattern() }))).toBe(true);
    expect(() => parseFilter('~flag')).toThrow(FilterSyntaxError);
  });
});

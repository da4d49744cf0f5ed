import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canBeShellWord, shellQuote } from './shellQuote';

/** What `sh` makes of one word: printed back byte for byte. */
function throughSh(word: string): string {
  return execFileSync('sh', ['-c', `printf '%s' ${word}`]).toString('utf8');
}

/** How many arguments `sh` sees in a line of words. */
function argCount(line: string): number {
  return Number(execFileSync('sh', ['-c', `set -- ${line}; printf '%s' "$#"`]).toString());
}

const HOSTILE = [
  "it's",
  "'; touch /tmp/pwned-shellquote; echo '",
  '"double" \'single\' `id` $(id) ${HOME} $HOME \\ \\n !history',
  'line one\nline two\r\n-H evil: yes',
  'tab\there',
  'a b',
  '*',
  '~',
  '~root/x',
  '#comment',
  'a;id',
  'a|id',
  'a&id',
  'a>b',
  '(sub)',
  '{a,b}',
  '[ab]',
  'x=1',
  '-X DELETE',
  'ünïcødé ✓ 🚀 \u202Eevil\u202C',
  '../../etc/passwd',
  'C:\\Windows\\x',
  "'",
  "''",
  '',
  'x'.repeat(10_000),
];

describe('shellQuote', () => {
  it.each(HOSTILE)('%j comes back from sh exactly, as one word', (value) => {
    const word = shellQuote(value);
    expect(throughSh(word)).toBe(value);
    expect(argCount(`${word} ${word}`)).toBe(2);
  });

  it('leaves plain words bare and quotes everything else', () => {
    expect(shellQuote('127.0.0.1')).toBe('127.0.0.1');
    expect(shellQuote('http://x.test:8080/a')).toBe('http://x.test:8080/a');
    expect(shellQuote('XBOW-047-ab_cd-01.ovpn')).toBe('XBOW-047-ab_cd-01.ovpn');
    expect(shellQuote('XBOW-047-ab cd-01.ovpn')).toBe("'XBOW-047-ab cd-01.ovpn'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('~')).toBe("'~'");
  });

  it('refuses a NUL, which no shell word can carry', () => {
    expect(canBeShellWord('a\0b')).toBe(false);
    expect(canBeShellWord('a\nb')).toBe(true);
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

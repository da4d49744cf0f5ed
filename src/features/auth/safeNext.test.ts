import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPath } from './safeNext';

describe('safeNextPath', () => {
  it.each([
    ['/c/ctf-spring/instances', '/c/ctf-spring/instances'],
    [
      '/c/ctf-spring/instances/abc/questions?x=1#q2',
      '/c/ctf-spring/instances/abc/questions?x=1#q2',
    ],
    ['/traffic/open', '/traffic/open'],
    ['/c/a%20b/challenges', '/c/a%20b/challenges'],
  ])('keeps the app path %s', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'http://evil.example/',
    'https:evil.example',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' /c/x',
    '/\t/evil.example',
    '/\n/evil.example',
    'c/relative',
    '/login',
    '/login?next=/login',
    '/' + 'a'.repeat(3000),
  ])('rejects %j', (raw) => {
    expect(safeNextPath(raw)).toBe('/');
  });

  it('normalises dot segments without leaving the origin', () => {
    expect(safeNextPath('/c/../../x')).toBe('/x');
  });
});

describe('signInPath', () => {
  it('encodes the way back in the query', () => {
    expect(signInPath('/c/ctf-spring/challenges?tag=web')).toBe(
      '/login?next=%2Fc%2Fctf-spring%2Fchallenges%3Ftag%3Dweb',
    );
  });
  it('leaves out a useless next', () => {
    expect(signInPath('/')).toBe('/login');
    expect(signInPath('/login')).toBe('/login');
  });
});

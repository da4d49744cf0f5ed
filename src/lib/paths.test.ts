import { describe, expect, it } from 'vitest';
import { pathSegment, paths } from './paths';

/** Ids a platform (or an address bar) could hand us. */
const HOSTILE = [
  'a/b',
  '../../login',
  'x?next=//evil',
  'x#frag',
  '100%',
  '%2F',
  'é ü 漢字 🚩',
  'a b',
  'a\\b',
  '//evil.example',
  'javascript:alert(1)',
];

const ORIGIN = 'https://app.invalid';

function resolve(path: string): URL {
  return new URL(path, `${ORIGIN}/c/here/instances/there`);
}

describe('pathSegment', () => {
  it.each(HOSTILE)('%s stays one segment and decodes back', (id) => {
    const s = pathSegment(id);
    expect(s).not.toMatch(/[/?#\\]/);
    expect(decodeURIComponent(s)).toBe(id);
  });

  it('encodes the dot segments so React Router does not read them as "here" or "up"', () => {
    expect(pathSegment('.')).toBe('%2E');
    expect(pathSegment('..')).toBe('%2E%2E');
    expect(pathSegment('a..b')).toBe('a..b');
  });
});

describe('paths', () => {
  it('builds each page of an instance', () => {
    expect(paths.instance('ctf-spring', 'i-1')).toEqual({
      overview: '/c/ctf-spring/instances/i-1',
      questions: '/c/ctf-spring/instances/i-1/questions',
      downloads: '/c/ctf-spring/instances/i-1/downloads',
      traffic: '/c/ctf-spring/instances/i-1/traffic',
    });
  });

  it.each(HOSTILE)('an instance page for id %s stays on this origin, in its place', (id) => {
    const url = resolve(paths.instance(id, id).traffic);
    expect(url.origin).toBe(ORIGIN);
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
    const parts = url.pathname.split('/');
    expect(parts).toHaveLength(6);
    expect(parts.map((p) => decodeURIComponent(p))).toEqual([
      '',
      'c',
      id,
      'instances',
      id,
      'traffic',
    ]);
  });

  it.each(HOSTILE)('a challenge page for id %s keeps the id in one segment', (id) => {
    const url = resolve(paths.challenge('ctf', id, { launch: true }));
    expect(url.origin).toBe(ORIGIN);
    expect(url.pathname.split('/').map((p) => decodeURIComponent(p))).toEqual([
      '',
      'c',
      'ctf',
      'challenges',
      id,
    ]);
    expect(url.search).toBe('?launch=1');
  });

  it('adds ?launch=1 only when asked', () => {
    expect(paths.challenge('ctf', 'WEB-1')).toBe('/c/ctf/challenges/WEB-1');
    expect(paths.challenge('ctf', 'WEB-1', { launch: false })).toBe('/c/ctf/challenges/WEB-1');
    expect(paths.challenge('ctf', 'WEB-1', { launch: true })).toBe(
      '/c/ctf/challenges/WEB-1?launch=1',
    );
  });

  it('lists: search values are encoded, unset ones left out; no competition gives the redirect', () => {
    expect(paths.instances('ctf')).toBe('/c/ctf/instances');
    expect(paths.instances('ctf', { q: 'a&b=c#d', status: undefined, challenge: '' })).toBe(
      '/c/ctf/instances?q=a%26b%3Dc%23d',
    );
    expect(paths.instances('ctf', new URLSearchParams('status=all'))).toBe(
      '/c/ctf/instances?status=all',
    );
    expect(paths.instances(undefined)).toBe('/instances');
    expect(paths.challenges(undefined)).toBe('/challenges');
    expect(paths.challenges('a/b')).toBe('/c/a%2Fb/challenges');
  });

  it('sign-in carries `next` as one encoded value, and none for the home page', () => {
    expect(paths.login()).toBe('/login');
    expect(paths.login('/')).toBe('/login');
    const next = '/c/x/instances?q=a&b#top';
    const url = resolve(paths.login(next));
    expect(url.pathname).toBe('/login');
    expect(url.hash).toBe('');
    expect(url.searchParams.get('next')).toBe(next);
    expect([...url.searchParams.keys()]).toEqual(['next']);
  });

  it('the team overview, and its wall view', () => {
    expect(paths.overview('a/b')).toBe('/c/a%2Fb');
    expect(paths.overview('ctf', { wall: false })).toBe('/c/ctf');
    expect(paths.overview('ctf', { wall: true })).toBe('/c/ctf?view=wall');
  });

  it('the local capture viewer and the home page', () => {
    expect(paths.trafficOpen()).toBe('/traffic/open');
    expect(paths.home()).toBe('/');
  });

  it('an address without a competition moves inside one (already encoded, kept as it is)', () => {
    expect(paths.withinCompetition('ctf', '/instances/a%2Fb?x=1')).toBe(
      '/c/ctf/instances/a%2Fb?x=1',
    );
    expect(paths.withinCompetition('a b', 'challenges')).toBe('/c/a%20b/challenges');
  });
});

describe('paths.sameSectionIn (the competition switcher)', () => {
  it.each([
    ['/c/ctf-spring/challenges', '/c/ctf-autumn/challenges'],
    ['/c/ctf-spring/challenges/DEMO-001', '/c/ctf-autumn/challenges'],
    ['/c/ctf-spring/instances', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring/instances/abc', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring/instances/abc/traffic', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring/unknown-page', '/c/ctf-autumn/instances'],
    ['/traffic/open', '/c/ctf-autumn/instances'],
    ['/challenges', '/c/ctf-autumn/instances'],
    ['/', '/c/ctf-autumn/instances'],
  ])('%s → %s', (from, to) => {
    expect(paths.sameSectionIn(from, 'ctf-autumn')).toBe(to);
  });

  it('encodes the competition id as one path segment', () => {
    expect(paths.sameSectionIn('/c/x/challenges', 'a b/../#?')).toBe(
      '/c/a%20b%2F..%2F%23%3F/challenges',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { switchCompetitionPath } from './competitionPath';

describe('switchCompetitionPath', () => {
  it.each([
    ['/c/ctf-spring/challenges', '/c/ctf-autumn/challenges'],
    ['/c/ctf-spring/challenges/DEMO-001', '/c/ctf-autumn/challenges'],
    ['/c/ctf-spring/instances', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring/instances/abc', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring/instances/abc/traffic', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring', '/c/ctf-autumn/instances'],
    ['/c/ctf-spring/unknown-page', '/c/ctf-autumn/instances'],
    ['/traffic/open', '/c/ctf-autumn/instances'],
    ['/', '/c/ctf-autumn/instances'],
  ])('%s → %s', (from, to) => {
    expect(switchCompetitionPath(from, 'ctf-autumn')).toBe(to);
  });

  it('encodes the competition id as one path segment', () => {
    expect(switchCompetitionPath('/c/x/challenges', 'a b/../#?')).toBe(
      '/c/a%20b%2F..%2F%23%3F/challenges',
    );
  });
});

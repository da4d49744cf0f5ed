import { describe, expect, it } from 'vitest';
import { matchRoutes } from 'react-router';
import { paths } from '../lib/paths';
import { routes } from './routes';
import { titleOfMatches } from './layouts/useRouteTitle';

// Not '%2F' as literal text: React Router itself turns a decoded "%2F" in a
// param into "/" (its way of keeping encoded slashes), whatever we encode.
const HOSTILE = ['i-1', 'a/b', 'x?y', 'x#y', '100%', '%41', 'é 漢字 🚩', 'a..b', '../up'];

/** The route ids (paths) React Router picks for `path`, and the params it reads. */
function match(path: string) {
  const matches = matchRoutes(routes, path) ?? [];
  const deepest = matches[matches.length - 1];
  return {
    patterns: matches.map((m) => m.route.path).filter(Boolean),
    params: deepest?.params ?? {},
  };
}

describe('the route table answers every built path with the same ids', () => {
  it.each(HOSTILE)('instance pages, id %s', (id) => {
    const built = paths.instance(`ctf-${id}`, id);
    for (const [page, path] of Object.entries(built)) {
      const { patterns, params } = match(path);
      expect(params).toMatchObject({ competitionId: `ctf-${id}`, instanceId: id });
      expect(patterns).toContain('instances/:instanceId');
      if (page !== 'overview') expect(patterns[patterns.length - 1]).toBe(page);
    }
  });

  it.each(HOSTILE)('challenge page, id %s', (id) => {
    const { patterns, params } = match(paths.challenge('ctf', id).split('?')[0] ?? '');
    expect(params).toMatchObject({ competitionId: 'ctf', challengeId: id });
    expect(patterns[patterns.length - 1]).toBe('challenges/:challengeId');
  });

  it.each(HOSTILE)('team overview, competition %s', (id) => {
    const { patterns, params } = match(paths.overview(id));
    expect(params).toMatchObject({ competitionId: id });
    expect(patterns.at(-1)).toBe('c/:competitionId');
  });

  it('lists, sign-in, the local viewer, and the addresses without a competition', () => {
    expect(match(paths.instances('ctf')).patterns.at(-1)).toBe('instances');
    expect(match(paths.challenges('ctf')).patterns.at(-1)).toBe('challenges');
    expect(match(paths.login()).patterns).toEqual(['/login']);
    expect(match(paths.trafficOpen()).patterns.at(-1)).toBe('traffic/open');
    expect(match(paths.instances(undefined)).patterns.at(-1)).toBe('instances/*');
    expect(match(paths.challenges(undefined)).patterns.at(-1)).toBe('challenges/*');
  });
});

describe('the route table names every page for the document title', () => {
  const titleOf = (path: string) => titleOfMatches(matchRoutes(routes, path) ?? []);

  it.each([
    [paths.overview('ctf'), 'Team overview'],
    [paths.instances('ctf'), 'Instances'],
    [paths.instance('ctf', 'i-7').overview, 'Overview · Instance i-7'],
    [paths.instance('ctf', 'i-7').questions, 'Questions · Instance i-7'],
    [paths.instance('ctf', 'i-7').downloads, 'Downloads · Instance i-7'],
    [paths.instance('ctf', 'i-7').traffic, 'Traffic · Instance i-7'],
    [paths.challenges('ctf'), 'Challenges'],
    [paths.challenge('ctf', 'DEMO-001').split('?')[0] ?? '', 'Challenge DEMO-001'],
    ['/c/ctf/no/such/page', 'Page not found'],
  ])('%s is “%s” in its competition', (path, title) => {
    expect(titleOf(path)).toEqual({ title, competitionId: 'ctf' });
  });

  it('outside a competition: the local viewer and unknown paths', () => {
    expect(titleOf(paths.trafficOpen())).toEqual({
      title: 'Open a capture',
      competitionId: undefined,
    });
    expect(titleOf('/no/such/page')).toEqual({ title: 'Page not found', competitionId: undefined });
  });

  it('an instance page that is not a tab is unknown, not the instance', () => {
    expect(titleOf('/c/ctf/instances/i-7/nope').title).toBe('Page not found');
  });
});

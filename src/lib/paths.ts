/**
 * Every in-app URL, built in one place. Ids come from the platform or the
 * address bar, so each one is encoded here as one path segment and nowhere
 * else; the route table (`src/app/routes.tsx`) is written with the same
 * segment names and parameter names (`routePatterns`), so a link and the
 * route that answers it cannot drift apart.
 *
 *   paths.instance(cid, id).traffic      /c/<cid>/instances/<id>/traffic
 *   paths.challenge(cid, id, { launch }) /c/<cid>/challenges/<id>?launch=1
 *   paths.instances(cid, { q: 'web' })   /c/<cid>/instances?q=web
 *   paths.login(next)                    /login?next=<next>
 */

/** The fixed words of the app's URLs. */
const segment = {
  login: 'login',
  competition: 'c',
  instances: 'instances',
  challenges: 'challenges',
  questions: 'questions',
  downloads: 'downloads',
  traffic: 'traffic',
  open: 'open',
} as const;

/** The names of the route parameters (`useParams()` keys). */
export const routeParams = {
  competitionId: 'competitionId',
  instanceId: 'instanceId',
  challengeId: 'challengeId',
} as const;

/** Search parameters that carry meaning between pages. */
export const searchKeys = {
  /** Where sign-in goes on to (`/login?next=…`). */
  next: 'next',
  /** The challenge page opens its launch form at once (`?launch=1`). */
  launch: 'launch',
  /** The team overview as a full-screen wall (`?view=wall`). */
  view: 'view',
} as const;

/**
 * The route table's patterns (React Router syntax). Nested ones are
 * relative to their parent, as the table nests them.
 */
export const routePatterns = {
  login: `/${segment.login}`,
  trafficOpen: `${segment.traffic}/${segment.open}`,
  /** Old links without a competition: redirected to the remembered one. */
  instancesWithoutCompetition: `${segment.instances}/*`,
  challengesWithoutCompetition: `${segment.challenges}/*`,
  competition: `${segment.competition}/:${routeParams.competitionId}`,
  /** Any page inside a competition, matched from the root (`useMatch`). */
  inCompetition: `/${segment.competition}/:${routeParams.competitionId}/*`,
  instances: segment.instances,
  instance: `${segment.instances}/:${routeParams.instanceId}`,
  instanceQuestions: segment.questions,
  instanceDownloads: segment.downloads,
  instanceTraffic: segment.traffic,
  challenges: segment.challenges,
  challenge: `${segment.challenges}/:${routeParams.challengeId}`,
} as const;

/**
 * One value as one path segment. `.` and `..` are encoded too, so React
 * Router does not take them for "here" and "up"; note that browsers still
 * fold `%2E%2E` as a dot segment (URL standard), so such an id cannot have a
 * page of its own. It stays inside the app either way.
 */
export function pathSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  return encodeURIComponent(value);
}

type SearchValues = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x` from the values that are set (empty, null, undefined and false are left out). */
function query(values: SearchValues | URLSearchParams | undefined): string {
  if (!values) return '';
  const params =
    values instanceof URLSearchParams
      ? values
      : new URLSearchParams(
          Object.entries(values).flatMap(([key, v]) =>
            v === undefined || v === null || v === '' || v === false
              ? []
              : [[key, v === true ? '1' : String(v)]],
          ),
        );
  const text = params.toString();
  return text ? `?${text}` : '';
}

function competitionBase(competitionId: string): string {
  return `/${segment.competition}/${pathSegment(competitionId)}`;
}

/** The pages of one instance. */
export interface InstancePaths {
  overview: string;
  questions: string;
  downloads: string;
  traffic: string;
}

export const paths = {
  home: (): string => '/',

  /** Sign-in; `next` must already be a safe app path (see `safeNextPath`). */
  login: (next?: string): string =>
    !next || next === '/'
      ? routePatterns.login
      : `${routePatterns.login}${query({ [searchKeys.next]: next })}`,

  /** A local capture file in the traffic viewer, without the platform. */
  trafficOpen: (): string => `/${routePatterns.trafficOpen}`,

  /** The home of a competition: the team overview; `wall` is its full-screen view. */
  overview: (competitionId: string, options: { wall?: boolean } = {}): string =>
    `${competitionBase(competitionId)}${query({ [searchKeys.view]: options.wall ? 'wall' : undefined })}`,

  /**
   * The team's instances; without a competition, the address that goes to
   * the remembered (or first) one.
   */
  instances: (competitionId: string | undefined, search?: SearchValues | URLSearchParams): string =>
    `${competitionId === undefined ? '' : competitionBase(competitionId)}/${segment.instances}${query(search)}`,

  instance: (competitionId: string, instanceId: string): InstancePaths => {
    const base = `${competitionBase(competitionId)}/${segment.instances}/${pathSegment(instanceId)}`;
    return {
      overview: base,
      questions: `${base}/${segment.questions}`,
      downloads: `${base}/${segment.downloads}`,
      traffic: `${base}/${segment.traffic}`,
    };
  },

  /** The catalogue; without a competition, as for `instances`. */
  challenges: (
    competitionId: string | undefined,
    search?: SearchValues | URLSearchParams,
  ): string =>
    `${competitionId === undefined ? '' : competitionBase(competitionId)}/${segment.challenges}${query(search)}`,

  /** One challenge; `launch` opens its launch form at once. */
  challenge: (
    competitionId: string,
    challengeId: string,
    options: { launch?: boolean } = {},
  ): string =>
    `${competitionBase(competitionId)}/${segment.challenges}/${pathSegment(challengeId)}${query({
      [searchKeys.launch]: options.launch,
    })}`,

  /**
   * An address written without a competition (`/instances/x?y`, as the
   * redirect receives it from the address bar: already encoded) inside a
   * competition.
   */
  withinCompetition: (competitionId: string, appPath: string): string =>
    `${competitionBase(competitionId)}${appPath.startsWith('/') ? appPath : `/${appPath}`}`,

  /**
   * Where the competition switcher goes: the same kind of page in the other
   * competition. Lists stay lists (`/c/A/challenges` → `/c/B/challenges`); a
   * page about one thing of competition A (an instance, a challenge) goes to
   * the list of B, since that thing belongs to A. Anything else → B's
   * instances.
   */
  sameSectionIn: (pathname: string, competitionId: string): string => {
    const [, first, , section] = pathname.split('/');
    if (first === segment.competition && section === segment.challenges) {
      return paths.challenges(competitionId);
    }
    return paths.instances(competitionId);
  },
};

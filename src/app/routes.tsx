import { Outlet, type RouteObject } from 'react-router';
import { lazyPage, RouteBoundary } from './RouteError';
import { RequireAuth, SignInPageLoad } from './layouts/RequireAuth';
import { AppShell } from './layouts/AppShell';
import { CompetitionLayout, CompetitionRedirect } from './layouts/CompetitionLayout';
import type { RouteHandle } from './layouts/useRouteTitle';
import { routePatterns } from '../lib/paths';
import { challengeQueries } from '../api/challenges';
import { instanceQueries } from '../api/instances';

const instanceTitle = (page?: string) => (params: { instanceId?: string }) =>
  [page, `Instance ${params.instanceId ?? ''}`].filter(Boolean).join(' · ');

function title(t: RouteHandle['title'], prefetch?: RouteHandle['prefetch']): RouteHandle {
  return { title: t, prefetch };
}

/** The challenge page's description is its largest paint: the list it comes from, and its files. */
const prefetchChallenge: RouteHandle['prefetch'] = ({ queryClient, params, competitionId }) => {
  void queryClient.prefetchQuery(challengeQueries.list(competitionId));
  if (params.challengeId)
    void queryClient.prefetchQuery(challengeQueries.attachments(competitionId, params.challengeId));
};

/** Every instance tab starts from the instance and its status (scoped as last seen). */
const prefetchInstance: RouteHandle['prefetch'] = ({ queryClient, params, scope }) => {
  if (!scope || !params.instanceId) return;
  void queryClient.prefetchQuery(instanceQueries.detail(scope, params.instanceId));
  void queryClient.prefetchQuery(instanceQueries.status(scope, params.instanceId));
};

/**
 * The route table (React Router's declarative mode, rendered by
 * `RouteTable`). Every view has its own URL. Pages live in `./routes/*.tsx`
 * (thin: they compose features) and are loaded lazily (`lazyPage`). Every
 * page and layout has its own error boundary, so a broken page keeps the
 * shell; the pathless root's catches the rest.
 */
export const routes: RouteObject[] = [
  {
    element: (
      <RouteBoundary>
        <Outlet />
      </RouteBoundary>
    ),
    children: pages(),
  },
];

function pages(): RouteObject[] {
  return [
    {
      // served without React (src/main.ts): a router navigation here loads the page
      path: routePatterns.login,
      element: <SignInPageLoad />,
    },
    {
      element: (
        <RouteBoundary>
          <RequireAuth />
        </RouteBoundary>
      ),
      children: [
        {
          element: (
            <RouteBoundary>
              <AppShell />
            </RouteBoundary>
          ),
          children: [
            { index: true, element: <CompetitionRedirect /> },
            // Paths without a competition go to the remembered (or first) one.
            { path: routePatterns.instancesWithoutCompetition, element: <CompetitionRedirect /> },
            { path: routePatterns.challengesWithoutCompetition, element: <CompetitionRedirect /> },
            {
              path: routePatterns.trafficOpen,
              element: lazyPage(() => import('./routes/traffic-open')),
              handle: title('Open a capture'),
            },
            {
              path: routePatterns.competition,
              element: (
                <RouteBoundary>
                  <CompetitionLayout />
                </RouteBoundary>
              ),
              children: [
                {
                  index: true,
                  element: lazyPage(() => import('./routes/overview')),
                  handle: title('Team overview'),
                },
                {
                  path: routePatterns.instances,
                  element: lazyPage(() => import('./routes/instances')),
                  handle: title('Instances'),
                },
                {
                  path: routePatterns.instance,
                  element: lazyPage(() => import('./routes/instance')),
                  handle: title(instanceTitle(), prefetchInstance),
                  children: [
                    {
                      index: true,
                      element: lazyPage(() => import('./routes/instance-overview')),
                      handle: title(instanceTitle('Overview')),
                    },
                    {
                      path: routePatterns.instanceQuestions,
                      element: lazyPage(() => import('./routes/instance-questions')),
                      handle: title(instanceTitle('Questions')),
                    },
                    {
                      path: routePatterns.instanceDownloads,
                      element: lazyPage(() => import('./routes/instance-downloads')),
                      handle: title(instanceTitle('Downloads')),
                    },
                    {
                      path: routePatterns.instanceTraffic,
                      element: lazyPage(() => import('./routes/instance-traffic')),
                      handle: title(instanceTitle('Traffic')),
                    },
                  ],
                },
                {
                  path: routePatterns.challenges,
                  element: lazyPage(() => import('./routes/challenges')),
                  handle: title('Challenges'),
                },
                {
                  path: routePatterns.challenge,
                  element: lazyPage(() => import('./routes/challenge')),
                  handle: title((p) => `Challenge ${p.challengeId ?? ''}`, prefetchChallenge),
                },
                {
                  path: '*',
                  element: lazyPage(() => import('./routes/not-found')),
                  handle: title('Page not found'),
                },
              ],
            },
            {
              path: '*',
              element: lazyPage(() => import('./routes/not-found')),
              handle: title('Page not found'),
            },
          ],
        },
      ],
    },
  ];
}

import type { RouteObject } from 'react-router';
import { RouteError } from './RouteError';
import { RequireAuth, SignInPageLoad } from './layouts/RequireAuth';
import { AppShell } from './layouts/AppShell';
import { CompetitionLayout, CompetitionRedirect } from './layouts/CompetitionLayout';
import type { RouteHandle } from './layouts/useRouteTitle';
import { routePatterns } from '../lib/paths';

const instanceTitle = (page?: string) => (params: { instanceId?: string }) =>
  [page, `Instance ${params.instanceId ?? ''}`].filter(Boolean).join(' · ');

function title(t: RouteHandle['title']): RouteHandle {
  return { title: t };
}

/**
 * What shows while the first page's lazy module loads. Without it React Router
 * renders nothing then and warns ("No `HydrateFallback` element provided").
 */
function PageLoadingFallback() {
  return (
    <p role="status" className="p-8 text-slate-700 dark:text-slate-300">
      Loading the page…
    </p>
  );
}

/**
 * The route table. Every view has its own URL. Pages live in
 * `./routes/*.tsx` (thin: they compose features) and are loaded lazily.
 * Every page has its own error boundary, so a broken page keeps the shell.
 * One pathless root holds the fallback shown while the first page loads.
 */
export const routes: RouteObject[] = [
  {
    HydrateFallback: PageLoadingFallback,
    errorElement: <RouteError />,
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
      element: <RequireAuth />,
      errorElement: <RouteError />,
      children: [
        {
          element: <AppShell />,
          errorElement: <RouteError />,
          children: [
            { index: true, element: <CompetitionRedirect /> },
            // Paths without a competition go to the remembered (or first) one.
            { path: routePatterns.instancesWithoutCompetition, element: <CompetitionRedirect /> },
            { path: routePatterns.challengesWithoutCompetition, element: <CompetitionRedirect /> },
            {
              path: routePatterns.trafficOpen,
              lazy: () => import('./routes/traffic-open'),
              errorElement: <RouteError />,
              handle: title('Open a capture'),
            },
            {
              path: routePatterns.competition,
              element: <CompetitionLayout />,
              errorElement: <RouteError />,
              children: [
                {
                  index: true,
                  lazy: () => import('./routes/overview'),
                  errorElement: <RouteError />,
                  handle: title('Team overview'),
                },
                {
                  path: routePatterns.instances,
                  lazy: () => import('./routes/instances'),
                  errorElement: <RouteError />,
                  handle: title('Instances'),
                },
                {
                  path: routePatterns.instance,
                  lazy: () => import('./routes/instance'),
                  errorElement: <RouteError />,
                  handle: title(instanceTitle()),
                  children: [
                    {
                      index: true,
                      lazy: () => import('./routes/instance-overview'),
                      errorElement: <RouteError />,
                      handle: title(instanceTitle('Overview')),
                    },
                    {
                      path: routePatterns.instanceQuestions,
                      lazy: () => import('./routes/instance-questions'),
                      errorElement: <RouteError />,
                      handle: title(instanceTitle('Questions')),
                    },
                    {
                      path: routePatterns.instanceDownloads,
                      lazy: () => import('./routes/instance-downloads'),
                      errorElement: <RouteError />,
                      handle: title(instanceTitle('Downloads')),
                    },
                    {
                      path: routePatterns.instanceTraffic,
                      lazy: () => import('./routes/instance-traffic'),
                      errorElement: <RouteError />,
                      handle: title(instanceTitle('Traffic')),
                    },
                  ],
                },
                {
                  path: routePatterns.challenges,
                  lazy: () => import('./routes/challenges'),
                  errorElement: <RouteError />,
                  handle: title('Challenges'),
                },
                {
                  path: routePatterns.challenge,
                  lazy: () => import('./routes/challenge'),
                  errorElement: <RouteError />,
                  handle: title((p) => `Challenge ${p.challengeId ?? ''}`),
                },
                {
                  path: '*',
                  lazy: () => import('./routes/not-found'),
                  handle: title('Page not found'),
                },
              ],
            },
            {
              path: '*',
              lazy: () => import('./routes/not-found'),
              handle: title('Page not found'),
            },
          ],
        },
      ],
    },
  ];
}

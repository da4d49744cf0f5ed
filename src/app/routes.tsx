import { Navigate, type RouteObject } from 'react-router';
import { RouteError } from './RouteError';
import { RequireAuth } from './layouts/RequireAuth';
import { AppShell } from './layouts/AppShell';
import { CompetitionLayout, CompetitionRedirect } from './layouts/CompetitionLayout';

/**
 * The route table. Every view has its own URL. Pages live in
 * `./routes/*.tsx` (thin: they compose features) and are loaded lazily.
 */
export const routes: RouteObject[] = [
  { path: '/login', lazy: () => import('./routes/login'), errorElement: <RouteError /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <CompetitionRedirect /> },
          // Paths without a competition go to the remembered (or first) one.
          { path: 'instances/*', element: <CompetitionRedirect /> },
          { path: 'challenges/*', element: <CompetitionRedirect /> },
          {
            path: 'traffic/open',
            lazy: () => import('./routes/traffic-open'),
            errorElement: <RouteError />,
          },
          {
            path: 'c/:competitionId',
            element: <CompetitionLayout />,
            errorElement: <RouteError />,
            children: [
              { index: true, element: <Navigate to="instances" replace /> },
              {
                path: 'instances',
                lazy: () => import('./routes/instances'),
                errorElement: <RouteError />,
              },
              {
                path: 'instances/:instanceId',
                lazy: () => import('./routes/instance'),
                errorElement: <RouteError />,
                children: [
                  {
                    index: true,
                    lazy: () => import('./routes/instance-overview'),
                    errorElement: <RouteError />,
                  },
                  {
                    path: 'questions',
                    lazy: () => import('./routes/instance-questions'),
                    errorElement: <RouteError />,
                  },
                  {
                    path: 'downloads',
                    lazy: () => import('./routes/instance-downloads'),
                    errorElement: <RouteError />,
                  },
                  {
                    path: 'traffic',
                    lazy: () => import('./routes/instance-traffic'),
                    errorElement: <RouteError />,
                  },
                ],
              },
              {
                path: 'challenges',
                lazy: () => import('./routes/challenges'),
                errorElement: <RouteError />,
              },
              {
                path: 'challenges/:challengeId',
                lazy: () => import('./routes/challenge'),
                errorElement: <RouteError />,
              },
              { path: '*', lazy: () => import('./routes/not-found') },
            ],
          },
          { path: '*', lazy: () => import('./routes/not-found') },
        ],
      },
    ],
  },
];

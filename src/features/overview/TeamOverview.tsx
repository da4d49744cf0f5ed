import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import type { InstanceInfo } from '@shared/schemas';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingRows } from '../../components/ui/Skeleton';
import { useCompetition } from '../../lib/competition';
import { paths } from '../../lib/paths';
import { useDocumentTitle } from '../../lib/documentTitle';
import { useNow } from '../../lib/useNow';
import { ActivityFeed, NotificationSettings } from './ActivityFeed';
import { InstanceCard } from './InstanceCard';
import { useNotificationKinds } from './notifications';
import { TeamProgress } from './TeamProgress';
import { orderCards } from './urgency';
import { useTeamOverview } from './useTeamOverview';

/**
 * The team overview (`/c/:competitionId`): a card per live instance, most
 * urgent first; the team's progress on every challenge; the activity feed.
 * `wall` is the full-screen view for a team-room screen: large type, no
 * controls beyond leaving it. `cardActions` is the route's slot for the
 * instance actions (renew, stop, VPN profile) other features own.
 */
export function TeamOverview({
  wall = false,
  cardActions,
  wallHref,
  pageHref,
}: {
  wall?: boolean;
  cardActions?: (instance: InstanceInfo) => ReactNode;
  /** links between the page and its wall view */
  wallHref: string;
  pageHref: string;
}) {
  const { team, scope } = useCompetition();
  const now = useNow();
  const notifications = useNotificationKinds();
  const o = useTeamOverview(notifications.kinds);
  useDocumentTitle(o.unseen > 0 ? `(${o.unseen}) Team overview` : 'Team overview');

  if (o.instances.isPending) return <LoadingRows label="Loading your team's instances…" />;
  if (o.instances.isError && !o.instances.data)
    return (
      <ErrorState
        title="Cannot load your team's instances"
        error={o.instances.error}
        onRetry={() => void o.instances.refetch()}
      />
    );
  const cards = orderCards(o.items, now);
  const instanceHref = (id: string) => paths.instance(scope.competitionId, id).overview;

  return (
    <div className={wall ? 'space-y-6 text-lg' : 'space-y-6'} data-view={wall ? 'wall' : 'page'}>
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className={`${wall ? 'text-4xl' : 'text-2xl'} font-semibold`}>
          Team {team.name}
          <span className="sr-only"> overview</span>
        </h1>
        <p className="text-sm">
          <span aria-live="off">
            Updated {new Date(o.instances.dataUpdatedAt).toLocaleTimeString()}
          </span>
          {' · '}
          <Link
            to={wall ? pageHref : wallHref}
            className="text-indigo-700 underline dark:text-indigo-300"
          >
            {wall ? 'Leave wall view' : 'Wall view'}
          </Link>
        </p>
      </header>

      <section aria-labelledby="live-title" className="space-y-2">
        <h2 id="live-title" className={`${wall ? 'text-2xl' : 'text-lg'} font-semibold`}>
          Live instances ({cards.length})
        </h2>
        {cards.length === 0 ? (
          <p className="text-sm">
            No live instance.{' '}
            {!wall && (
              <Link
                to={paths.challenges(scope.competitionId)}
                className="text-indigo-700 underline dark:text-indigo-300"
              >
                Launch one from the challenges
              </Link>
            )}
          </p>
        ) : (
          <ul
            aria-label="Live instances, most urgent first"
            className={`grid gap-3 ${wall ? 'grid-cols-1 lg:grid-cols-2 2xl:grid-cols-3' : 'grid-cols-1 md:grid-cols-2 xl:grid-cols-3'}`}
          >
            {cards.map(({ instance, urgency }) => (
              <InstanceCard
                key={instance.id}
                instance={instance}
                urgency={urgency}
                now={now}
                href={instanceHref(instance.id)}
                large={wall}
                actions={wall ? undefined : cardActions?.(instance)}
              />
            ))}
          </ul>
        )}
      </section>

      <div className={`grid gap-6 ${wall ? 'lg:grid-cols-2' : 'lg:grid-cols-2'}`}>
        <TeamProgress
          standings={o.standings}
          derived={o.progressDerived}
          challengeHref={(id) => paths.challenge(scope.competitionId, id)}
        />
        <div className="space-y-2">
          <ActivityFeed
            events={o.events}
            derived={!o.feedSupported}
            limit={wall ? 12 : undefined}
            error={o.activity.isError ? errorMessage(o.activity.error) : null}
            onRetry={() => void o.activity.refetch()}
          />
          {!wall && (
            <NotificationSettings
              kinds={notifications.kinds}
              permission={notifications.permission}
              onToggle={notifications.toggle}
            />
          )}
        </div>
      </div>
    </div>
  );
}

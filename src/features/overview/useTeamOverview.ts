/**
 * The overview's data: two polled queries (instance list, activity feed),
 * the challenge list for progress, and, without the activity extension, a
 * feed derived from what changes between lists. Also counts events that
 * arrive while the tab is hidden (for the title) and raises the browser
 * notifications the user opted into.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ACTIVITY_KEEP,
  challengeQueries,
  overviewQueries,
  type ActivityEvent,
  type InstanceInfo,
} from '../../api';
import { useScope } from '../../lib/competition';
import { teamStandings } from '../../lib/teamProgress';
import { activityText, KIND_LABELS } from './activityText';
import { deriveEvents } from './derivedFeed';
import { notify } from './notifications';

const EMPTY: InstanceInfo[] = [];

/** Events that arrived while the tab was hidden (reset when it shows again). */
export function unseenCount(events: readonly ActivityEvent[], hiddenAt: number | null): number {
  if (hiddenAt === null) return 0;
  return events.filter((e) => Date.parse(e.at) > hiddenAt).length;
}

function useHiddenAt(): number | null {
  const [hiddenAt, setHiddenAt] = useState<number | null>(null);
  useEffect(() => {
    const change = () => setHiddenAt(document.visibilityState === 'hidden' ? Date.now() : null);
    document.addEventListener('visibilitychange', change);
    return () => document.removeEventListener('visibilitychange', change);
  }, []);
  return hiddenAt;
}

export function useTeamOverview(notifyKinds: readonly string[]) {
  const scope = useScope();
  const qc = useQueryClient();
  const instances = useQuery(overviewQueries.instances(scope));
  const activity = useQuery(overviewQueries.activity(scope));
  const challenges = useQuery(challengeQueries.list(scope.competitionId));
  const items = instances.data?.items ?? EMPTY;
  const feedSupported = activity.data?.supported !== false;

  // Without the extension: the feed is what changed between two lists seen here.
  const previous = useRef<InstanceInfo[] | undefined>(undefined);
  const [derived, setDerived] = useState<{ items: ActivityEvent[]; fresh: ActivityEvent[] }>({
    items: [],
    fresh: [],
  });
  useEffect(() => {
    if (!instances.data) return;
    const next = instances.data.items;
    const seen = deriveEvents(previous.current, next, Date.now());
    previous.current = next;
    if (seen.length > 0)
      setDerived((d) => ({
        items: [...seen.reverse(), ...d.items].slice(0, ACTIVITY_KEEP),
        fresh: seen,
      }));
  }, [instances.data]);

  const fresh = feedSupported ? (activity.data?.fresh ?? EMPTY_EVENTS) : derived.fresh;
  const events = feedSupported ? (activity.data?.items ?? EMPTY_EVENTS) : derived.items;

  // New events change the cards and the progress: both follow at once, not a poll later.
  useEffect(() => {
    if (fresh.length === 0 || !feedSupported) return;
    void qc.invalidateQueries({ queryKey: challengeQueries.list(scope.competitionId).queryKey });
    void qc.invalidateQueries({ queryKey: overviewQueries.instances(scope).queryKey, exact: true });
  }, [fresh, feedSupported, qc, scope]);

  const kindsKey = notifyKinds.join(',');
  useEffect(() => {
    const wanted = new Set(kindsKey.split(','));
    for (const e of fresh)
      if (wanted.has(e.kind)) notify(KIND_LABELS[e.kind] ?? e.kind, activityText(e));
  }, [fresh, kindsKey]);

  const unseen = unseenCount(events, useHiddenAt());
  const standings = useMemo(
    () => teamStandings(challenges.data ?? [], items),
    [challenges.data, items],
  );
  const progressDerived = (challenges.data ?? []).some((c) => !c.progress);

  return {
    instances,
    activity,
    challenges,
    items,
    events,
    feedSupported,
    standings,
    progressDerived,
    unseen,
  };
}

const EMPTY_EVENTS: ActivityEvent[] = [];

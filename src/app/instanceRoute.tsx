import type { ComponentType } from 'react';
import { useParams } from 'react-router';

/**
 * Makes the route component of an instance page: every part of that page
 * (the frame and each tab) gets the instance the same way, as an
 * `instanceId` prop from the URL, keyed by it (another instance is another
 * page, with fresh state); each part asks `useScope()` for the competition.
 * `onLoad` runs once, when the route module loads (e.g. to start a worker
 * while the page still waits for its data).
 */
export function instanceRoute(
  Page: ComponentType<{ instanceId: string }>,
  onLoad?: () => void,
): ComponentType {
  onLoad?.();
  function InstanceRoute() {
    const { instanceId = '' } = useParams();
    return <Page key={instanceId} instanceId={instanceId} />;
  }
  InstanceRoute.displayName = `instanceRoute(${Page.displayName ?? Page.name})`;
  return InstanceRoute;
}

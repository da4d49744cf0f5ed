import { LocalTrafficPage } from '../../features/traffic';

/** `/traffic/open`: a local capture file (.mitm, .flows, .har, .json), without the server. */
export function Component() {
  return <LocalTrafficPage />;
}

/** What every route handler gets: the config, the store, the runtime, the lifecycle. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config';
import type { InstanceLifecycle } from '../lifecycle';
import type { FilterPool } from '../runtime/filterPool';
import type { Runtime } from '../runtime/types';
import type { ActivityLog } from '../store/activity';
import type { TrafficSummaries } from '../runtime/trafficSummary';
import type { Store, TeamRow, UserRow } from '../store/store';
import type { LoginThrottleOptions } from './loginThrottle';

export interface AppContext {
  config: ServerConfig;
  store: Store;
  runtime: Runtime;
  lifecycle: InstanceLifecycle;
  /** extensions (absent when CTFY_EXTENSIONS=off): the team activity log and traffic summaries */
  activity?: ActivityLog | undefined;
  trafficSummaries?: TrafficSummaries | undefined;
  /** the threads evaluating `/traffic/matches` (made on first need) */
  filterPool?: FilterPool | undefined;
  /** how wrong passwords slow down further sign-ins (defaults in LoginThrottle) */
  loginThrottle?: LoginThrottleOptions;
}

export interface Caller {
  user: UserRow;
  teams: TeamRow[];
  token: string;
}

export interface RouteArgs {
  req: FastifyRequest;
  reply: FastifyReply;
  caller: Caller;
  /** the `{cid}` of a scoped twin (`/competitions/{cid}/...`), else undefined */
  scopedCid: string | undefined;
  params: Record<string, string>;
}

export type RouteHandler = (args: RouteArgs) => unknown;

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** path below the API prefix, e.g. `/instances/:id` */
  path: string;
  /** also serve `/competitions/:cid<path>` */
  scopedTwin?: boolean;
  handler: RouteHandler;
}

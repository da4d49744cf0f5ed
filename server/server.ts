/**
 * Starts the whole platform in-process: store (seeded when fresh), runtime,
 * lifecycle, HTTP app. Tests call `startServer` on port 0 with a temp
 * DATA_DIR; `main.ts` calls it with the environment's config.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import type { AppContext } from './http/context';
import { buildApp } from './http/app';
import { InstanceLifecycle } from './lifecycle';
import { createRuntime as createRealRuntime } from './runtime/index';
import type { CreateRuntime, Runtime } from './runtime/types';
import { TrafficSummaries } from './runtime/trafficSummary';
import { ActivityLog } from './store/activity';
import { openDb } from './store/db';
import { seedDemoData } from './store/seed';
import { Store } from './store/store';

export interface RunningServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  /** true when this start created and seeded the database */
  seeded: boolean;
  /** instances a previous run left live, now marked failed */
  cleanedUp: number;
  app: FastifyInstance;
  store: Store;
  runtime: Runtime;
  lifecycle: InstanceLifecycle;
  /** stops every instance, closes the HTTP server and the database; idempotent */
  close(): Promise<void>;
}

export interface StartOptions {
  /** defaults to the real runtime in `server/runtime/index.ts` */
  createRuntime?: CreateRuntime;
}

export async function startServer(
  config: ServerConfig,
  opts: StartOptions = {},
): Promise<RunningServer> {
  const createRuntime = opts.createRuntime ?? createRealRuntime;
  const { db, fresh } = openDb(config.dataDir);
  const store = new Store(db);
  try {
    if (fresh) await seedDemoData(db, config.demoExtraTeams);

    // The routes read ctx.runtime and ctx.lifecycle per request, so the
    // app can be built first and its logger handed to the lifecycle.
    const ctx = { config, store } as AppContext;
    if (config.extensions) {
      ctx.activity = new ActivityLog(db);
      ctx.trafficSummaries = new TrafficSummaries();
    }
    const app = buildApp(ctx);
    const lifecycle = new InstanceLifecycle(store, config, app.log, ctx.activity);
    ctx.lifecycle = lifecycle;
    const summaries = ctx.trafficSummaries;
    const runtime = createRuntime({
      challengesDir: config.challengesDir,
      dataDir: config.dataDir,
      events: summaries
        ? { ...lifecycle.events, onFlow: (id, mark) => summaries.record(id, mark) }
        : lifecycle.events,
      captureMode: config.captureMode,
      maxCapturedBodyBytes: config.maxCapturedBodyBytes,
      maxCapturedFlows: config.maxCapturedFlows,
      readinessTimeoutMs: config.readinessTimeoutMs,
      pkiDelayMs: config.pkiDelayMs,
    });
    ctx.runtime = runtime;
    lifecycle.attach(runtime);

    const cleanedUp = lifecycle.cleanupAfterRestart();
    if (cleanedUp > 0)
      app.log.warn(`${cleanedUp} instance(s) left by a previous run marked failed`);
    store.deleteExpiredTokens(Date.now());
    lifecycle.startSweeper();

    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      await lifecycle.shutdown();
      throw err;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        try {
          await app.close();
        } finally {
          ctx.filterPool?.close();
          await lifecycle.shutdown();
          store.close();
        }
      })();
      return closing;
    };
    return {
      url: `http://${host}:${port}`,
      port,
      seeded: fresh,
      cleanedUp,
      app,
      store,
      runtime,
      lifecycle,
      close,
    };
  } catch (err) {
    store.close();
    throw err;
  }
}

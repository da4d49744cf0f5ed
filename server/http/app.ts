/**
 * The Fastify app: security headers, FastAPI-style errors, bearer auth, the
 * API routes (each with its `/competitions/{cid}` twin where the SDK has
 * one), `/config.json`, and the SPA from STATIC_DIR.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyError,
} from 'fastify';
import { LoginRequestSchema, type LoginResponse } from '../../shared/schemas';
import { diskProblem, isDiskFull } from '../store/disk';
import { dummyPasswordHash, verifyPassword } from '../store/passwords';
import type { AppContext, Caller, RouteDef } from './context';
import { LoginThrottle } from './loginThrottle';
import { DomainError } from '../domainErrors';
import { clientErrorHandler } from './clientError';
import { DOMAIN_ERROR_STATUS, HttpError, parseInput } from './errors';
import { buildOpenApi } from './openapi';
import { accountRoutes } from './routes/account';
import { activityRoutes } from './routes/activity';
import { challengeRoutes } from './routes/challenges';
import { instanceRoutes } from './routes/instances';
import { submissionRoutes } from './routes/submissions';

export const TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export const DISK_FULL_DETAIL =
  "The platform's disk is full, so it could not save this: nothing was changed. Try again once space has been freed (tell the organisers).";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})\s*$/i.exec(header);
  return match?.[1];
}

export function buildApp(ctx: AppContext): FastifyInstance {
  const loginThrottle = new LoginThrottle(ctx.loginThrottle);
  const { config } = ctx;
  const prefix = config.apiPrefix;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.maxBodyBytes,
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    clientErrorHandler,
    // Errors raised before routing (a bad %-escape, an over-long segment).
    frameworkErrors: (error, _req, res) => {
      const reply = res as unknown as FastifyReply;
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      void reply
        .code(status)
        .send({ detail: status === 414 ? 'The URL is too long.' : 'The URL is malformed.' });
    },
  });

  // ------------------------------------------------------------ headers

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    // Team data never sits in a shared or disk cache.
    if (req.url.startsWith(`${prefix}/`) && !reply.hasHeader('cache-control')) {
      reply.header('Cache-Control', 'no-store');
    }
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      reply.header('X-Frame-Options', 'DENY');
    }
    return payload;
  });

  // ------------------------------------------------------------ body parsing

  // JSON only: Fastify's own text/plain parser would hand a string to the
  // routes (a 422 instead of the 415 any other type gets).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: config.maxBodyBytes },
    (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text) as unknown);
      } catch (err) {
        done(new HttpError(400, `Malformed JSON body: ${(err as Error).message}`), undefined);
      }
    },
  );

  // ------------------------------------------------------------ errors

  app.setErrorHandler((error: FastifyError | HttpError | DomainError, req, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ detail: error.detail });
    }
    if (error instanceof DomainError) {
      return reply.code(DOMAIN_ERROR_STATUS[error.kind]).send({ detail: error.message });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .code(413)
        .send({ detail: `The request body is too large: at most ${config.maxBodyBytes} bytes.` });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({
        detail: `Unsupported Content-Type ${req.headers['content-type'] ?? '(none)'}: send application/json.`,
      });
    }
    if (isDiskFull(error)) {
      req.log.error({ err: error }, 'disk full');
      return reply.code(507).send({ detail: DISK_FULL_DETAIL });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ detail: error.message || 'Bad Request' });
    }
    req.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ detail: 'Internal Server Error' });
  });

  const apiNotFound = (_req: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send({ detail: 'Not Found' });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const isApi = path === prefix || path.startsWith(`${prefix}/`);
    if (isApi) return apiNotFound(req, reply);
    const index = config.staticDir ? join(config.staticDir, 'index.html') : '';
    // A missing hashed asset is a 404, not the SPA (its HTML would be refused as script).
    const isAsset = path.startsWith('/assets/');
    if (
      !isApi &&
      !isAsset &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      index &&
      existsSync(index)
    ) {
      return reply
        .header('Cache-Control', 'no-cache')
        .type('text/html; charset=utf-8')
        .sendFile('index.html');
    }
    return reply.code(404).send({ detail: 'Not Found' });
  });

  // ------------------------------------------------------------ public routes

  // Degraded (503 with the reason) while DATA_DIR has no room: every write would fail.
  app.get(`${prefix}/health`, async (_req, reply) => {
    const problem = diskProblem(config.dataDir);
    if (problem) return reply.code(503).send({ ok: false, detail: problem });
    return { ok: true };
  });

  app.get('/config.json', async (_req, reply) =>
    reply.header('Cache-Control', 'no-store').send({ apiBaseUrl: prefix, appName: config.appName }),
  );

  const openapi = buildOpenApi(prefix);
  app.get(`${prefix}/openapi.json`, async () => openapi);

  app.post(`${prefix}/auth/login`, async (req, reply): Promise<LoginResponse> => {
    const body = parseInput(LoginRequestSchema, req.body, 'body');
    const wait = loginThrottle.waitMs(req.ip, body.username);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      reply.header('Retry-After', String(seconds));
      throw new HttpError(
        429,
        `Try again in ${seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`}.`,
      );
    }
    const user = ctx.store.userByName(body.username);
    const ok = user
      ? await verifyPassword(body.password, user.password_hash)
      : await verifyPassword(body.password, await dummyPasswordHash()).then(() => false);
    if (!user || !ok) {
      loginThrottle.failed(req.ip, body.username);
      throw new HttpError(401, 'Wrong username or password');
    }
    loginThrottle.succeeded(req.ip, body.username);
    const { token, expiresAt } = ctx.store.createToken(user.id, TOKEN_LIFETIME_MS);
    reply.header('Cache-Control', 'no-store');
    return { token, expires_at: new Date(expiresAt).toISOString() };
  });

  // ------------------------------------------------------------ authenticated routes

  const authenticate = (req: FastifyRequest): Caller => {
    const token = bearerToken(req);
    const user = token ? ctx.store.userForToken(token) : undefined;
    if (!token || !user) {
      throw new HttpError(
        401,
        token
          ? 'Your session has expired: sign in again.'
          : 'Not signed in: send Authorization: Bearer <token>.',
      );
    }
    return { user, token, teams: ctx.store.teamsOf(user.id) };
  };

  const register = (def: RouteDef, url: string, scoped: boolean) => {
    app.route({
      method: def.method,
      url,
      handler: async (req, reply) => {
        const caller = authenticate(req);
        const params = { ...(req.params as Record<string, string>) };
        const scopedCid = scoped ? params.cid : undefined;
        const result = await def.handler({ req, reply, caller, scopedCid, params });
        return reply.sent ? reply : result;
      },
    });
  };

  const routes = [
    ...accountRoutes(ctx),
    ...challengeRoutes(ctx),
    ...instanceRoutes(ctx),
    ...submissionRoutes(ctx),
    ...activityRoutes(ctx),
  ];
  for (const def of routes) {
    register(def, `${prefix}${def.path}`, false);
    if (def.scopedTwin) register(def, `${prefix}/competitions/:cid${def.path}`, true);
  }

  // Every other path under the prefix (`..`, `//`, a segment longer than the
  // router takes) is the API's 404, never a static file server's answer.
  app.all(`${prefix}/*`, apiNotFound);

  // ------------------------------------------------------------ the SPA

  if (
    config.staticDir &&
    existsSync(config.staticDir) &&
    statSync(config.staticDir).isDirectory()
  ) {
    void app.register(fastifyStatic, {
      root: config.staticDir,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      // The build writes .br and .gz beside every asset (scripts/build/precompress.ts):
      // they are sent as they are, by Accept-Encoding; nothing is compressed per request.
      preCompressed: true,
      setHeaders: (res, path) => {
        if (/[\\/]assets[\\/]/.test(path)) {
          res.header('Cache-Control', 'public, max-age=31536000, immutable');
        } else {
          res.header('Cache-Control', 'no-cache');
        }
      },
    });
  }

  return app;
}

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { statusOf } from './errors.js';
import rateLimit from '@fastify/rate-limit';
import sensible from '@fastify/sensible';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from '../config.js';
import { diskFullError, type Database } from '../store/db.js';
import { messages } from '../messages.js';
import type { AutoOptions } from '../models/auto.js';
import { keyId } from './auth.js';
import { ResponseCache } from './cache.js';
import { serialized } from './serialize.js';
import accessRoutes from './routes/access.js';
import actualsRoutes from './routes/actuals.js';
import backtestsRoutes from './routes/backtests.js';
import chartsRoutes from './routes/charts.js';
import rangeRoutes from './routes/range.js';
import forecastsRoutes from './routes/forecasts.js';
import healthRoutes from './routes/health.js';
import ingestRoutes from './routes/ingest.js';
import dashboardRoutes from './routes/dashboard.js';
import queriesRoutes from './routes/queries.js';
import sqlRoutes from './routes/sql.js';
import peaksRoutes from './routes/peaks.js';
import portsRoutes from './routes/ports.js';
import reportRoutes from './routes/reports.js';
import runsRoutes from './routes/runs.js';
import staffingRoutes from './routes/staffing.js';
import outlookRoutes from './routes/outlook.js';
import eventsRoutes from './routes/events.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Connection for reads (never inside a write transaction). */
    readDb: Database;
    /** Connection for writes; use it only through `writeJob` so writes never interleave. */
    writeDb: Database;
    writeJob: <T>(job: (db: Database) => Promise<T>) => Promise<T>;
    config: Config;
    /** Responses computed once per forecast run and ingest; cleared by every successful write. */
    responseCache: ResponseCache;
    forecastEngine: Partial<AutoOptions>;
  }
}

export interface AppDeps {
  readDb: Database;
  writeDb: Database;
  config: Config;
  /** Engine options for POST /api/forecast-runs (tests restrict the candidates to keep runs quick). */
  forecastEngine?: Partial<AutoOptions>;
}

/** Builds the Fastify app over open database connections (the caller owns and closes them). */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON bodies (SQL, parameters) are small; uploads are streamed to disk by the ingest route with their own limit.
    bodyLimit: 4 * 1024 * 1024,
    // Saved-query parameters may be text, numbers or booleans: say so with a union type, without a warning.
    ajv: { customOptions: { allowUnionTypes: true } },
    ...options,
    logger: withRedaction(options.logger ?? false),
  });
  app.decorate('readDb', deps.readDb);
  app.decorate('writeDb', deps.writeDb);
  app.decorate('config', deps.config);
  const queue = serialized();
  app.decorate('writeJob', <T>(job: (db: Database) => Promise<T>) => queue(() => job(deps.writeDb)));
  app.decorate('responseCache', new ResponseCache());
  app.decorate('forecastEngine', deps.forecastEngine ?? {});
  await app.register(sensible);

  // One error shape everywhere: { statusCode, error, message }. 4xx say what was wrong; 5xx are logged
  // and answered with a generic message so internals never leak.
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const full = diskFullError(err);
    if (full) {
      request.log.error({ err }, 'disk full');
      return reply.status(507).send({ statusCode: 507, error: 'Insufficient Storage', message: full.message });
    }
    const status = statusOf(err);
    if (status === 503) request.log.error({ err }, 'service unavailable');
    if (status >= 500 && status !== 503) {
      request.log.error({ err }, 'request failed');
      return reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: messages.internalError() });
    }
    // Headers an error carries (Retry-After on a 429 from the SQL pool) go with it.
    const headers = (err as { headers?: unknown }).headers;
    if (headers && typeof headers === 'object') reply.headers(headers as Record<string, string>);
    return reply.status(status).send({ statusCode: status, error: httpTitle(status), message: err.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
  );

  // A successful write (ingest, forecast run) changes what cached answers were computed from.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 300) app.responseCache.clear();
    return payload;
  });

  if (deps.config.rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: deps.config.rateLimitMax,
      timeWindow: deps.config.rateLimitWindowMs,
      // One bucket per valid key; without one, per client address (so made-up keys share their address's bucket).
      keyGenerator: (request) => {
        const id = keyId(app.config.apiKeys, request);
        return id ? `key:${id}` : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request, ctx) =>
        Object.assign(new Error(messages.rateLimited(ctx.max, ctx.after)), { statusCode: ctx.statusCode }),
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'crossings API',
        version: '0.1.0',
        description:
          'Border-crossing forecasts, peaks and staffing. Send an API key in x-api-key (or Authorization: Bearer KEY). ' +
          'Roles: planner (read), manager (read + exports), analyst (read + SQL), admin (everything). ' +
          'With no keys on a loopback address every role is open (local mode; GET /api/access says which mode applies). ' +
          'Every error answers { statusCode, error, message }.',
      },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      security: [{ apiKey: [] }],
    },
  });
  // Swagger UI's assets are served from the package itself: the docs work offline, no CDN.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  await app.register(healthRoutes);
  await app.register(accessRoutes, { prefix: '/api' });
  await app.register(portsRoutes, { prefix: '/api' });
  await app.register(actualsRoutes, { prefix: '/api' });
  await app.register(forecastsRoutes, { prefix: '/api' });
  await app.register(backtestsRoutes, { prefix: '/api' });
  await app.register(peaksRoutes, { prefix: '/api' });
  await app.register(staffingRoutes, { prefix: '/api' });
  await app.register(outlookRoutes, { prefix: '/api' });
  await app.register(eventsRoutes, { prefix: '/api' });
  await app.register(chartsRoutes, { prefix: '/api' });
  await app.register(rangeRoutes, { prefix: '/api' });
  await app.register(reportRoutes, { prefix: '/api' });
  await app.register(ingestRoutes, { prefix: '/api' });
  await app.register(runsRoutes, { prefix: '/api' });
  await app.register(sqlRoutes, { prefix: '/api' });
  await app.register(queriesRoutes, { prefix: '/api' });
  await app.register(dashboardRoutes);
  return app;
}

/** Logger options with API keys censored wherever a request's headers could be logged. */
function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = typeof logger === 'object' ? logger : {};
  return {
    ...base,
    redact: { paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'headers["x-api-key"]', 'headers.authorization'], censor: '[redacted]' },
  };
}

function httpTitle(status: number): string {
  const titles: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 406: 'Not Acceptable', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 503: 'Service Unavailable' };
  return titles[status] ?? 'Error';
}

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import sensible from '@fastify/sensible';
import type { Config } from '../config.js';
import type { Database } from '../db.js';
import { messages } from '../messages.js';
import { serialized } from './serialize.js';
import actualsRoutes from './routes/actuals.js';
import healthRoutes from './routes/health.js';
import ingestRoutes from './routes/ingest.js';
import portsRoutes from './routes/ports.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Connection for reads (never inside a write transaction). */
    readDb: Database;
    /** Connection for writes; use it only through `writeJob` so writes never interleave. */
    writeDb: Database;
    writeJob: <T>(job: (db: Database) => Promise<T>) => Promise<T>;
    config: Config;
  }
}

export interface AppDeps {
  readDb: Database;
  writeDb: Database;
  config: Config;
}

/** Builds the Fastify app over open database connections (the caller owns and closes them). */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 512 * 1024 * 1024,
    ...options,
  });
  app.decorate('readDb', deps.readDb);
  app.decorate('writeDb', deps.writeDb);
  app.decorate('config', deps.config);
  const queue = serialized();
  app.decorate('writeJob', <T>(job: (db: Database) => Promise<T>) => queue(() => job(deps.writeDb)));
  await app.register(sensible);

  // One error shape everywhere: { statusCode, error, message }. 4xx say what was wrong; 5xx are logged
  // and answered with a generic message so internals never leak.
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: messages.internalError() });
    }
    return reply.status(status).send({ statusCode: status, error: httpTitle(status), message: err.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
  );

  await app.register(healthRoutes);
  await app.register(portsRoutes, { prefix: '/api' });
  await app.register(actualsRoutes, { prefix: '/api' });
  await app.register(ingestRoutes, { prefix: '/api' });
  return app;
}

function httpTitle(status: number): string {
  const titles: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 406: 'Not Acceptable', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests' };
  return titles[status] ?? 'Error';
}

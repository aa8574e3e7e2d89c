/** Saved queries: POST/GET /api/queries to save and list named, parameterised SQL; /api/queries/:name/run to rerun one. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { needs } from '../auth.js';
import { SqlError } from '../../sql/errors.js';
import { parseFormat } from '../../sql/formats.js';
import { sqlMessages } from '../../messages.js';
import { sendSqlResult } from '../sqlReply.js';
import { checkQueryName, checkSavedQuery, findQuery, listQueries, resolveParams, saveQuery, type SavedParam, type SavedQuery } from '../../sql/saved.js';
import { sqlService } from '../sqlService.js';
import { runOptionSchemas, sqlCaller, type SqlPluginOptions } from './sql.js';

interface SaveBody {
  name: string;
  sql: string;
  description?: string;
  params?: SavedParam[];
}

interface RunBody {
  params?: Record<string, string | number | boolean | null>;
  format?: string;
  max_rows?: number;
  timeout_ms?: number;
}

const paramValue = { type: ['string', 'number', 'boolean', 'null'] } as const;
const nameParam = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 64 } } } as const;

const queriesRoutes: FastifyPluginAsync<SqlPluginOptions> = async (app, opts) => {
  const service = sqlService(app, opts.limits, {
    size: app.config.sqlWorkers, queueLimit: app.config.sqlQueueLimit, perKey: app.config.sqlPerKey, ...opts.pool,
  });

  const load = async (name: string): Promise<SavedQuery> => {
    checkQueryName(name);
    const q = await findQuery(app.readDb, name);
    if (!q) throw new SqlError('not_found', sqlMessages.unknownSavedQuery(name));
    return q;
  };

  const runSaved = async (request: FastifyRequest, reply: FastifyReply, q: SavedQuery, given: Record<string, unknown>, o: Omit<RunBody, 'params'>) => {
    const format = parseFormat(o.format ?? 'json');
    if (format === 'table') throw new SqlError('params', sqlMessages.unknownFormat(format, ['json', 'csv', 'arrow', 'parquet']));
    const result = await service.run(q.sql, {
      format,
      key: sqlCaller(request),
      params: resolveParams(q, given),
      ...(o.max_rows !== undefined ? { rowLimit: o.max_rows } : {}),
      ...(o.timeout_ms !== undefined ? { timeoutMs: o.timeout_ms } : {}),
    });
    return sendSqlResult(reply, result);
  };

  app.post<{ Body: SaveBody }>(
    '/queries',
    {
      onRequest: needs(app, 'analyst'),
      schema: {
        tags: ['sql'],
        summary: 'Save (or replace) a named query; its $parameters must be declared in params.',
        body: {
          type: 'object',
          required: ['name', 'sql'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', maxLength: 64, description: 'a-z first, then a-z, 0-9, _ or -' },
            sql: { type: 'string', maxLength: 100_000 },
            description: { type: 'string', maxLength: 2000 },
            params: {
              type: 'array',
              maxItems: 20,
              items: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, description: { type: 'string' }, default: paramValue },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      checkQueryName(b.name);
      await service.withSandbox((sandbox) => checkSavedQuery(sandbox, b.sql, b.params ?? []));
      const saved = await app.writeJob((db) => saveQuery(db, b));
      return reply.status(201).send(saved);
    },
  );

  app.get('/queries', { onRequest: needs(app, 'analyst'), schema: { tags: ['sql'], summary: 'The saved queries.' } }, async () => ({
    queries: await listQueries(app.readDb),
  }));

  app.get<{ Params: { name: string } }>(
    '/queries/:name',
    { onRequest: needs(app, 'analyst'), schema: { tags: ['sql'], summary: 'One saved query.', params: nameParam } },
    async (request) => load(request.params.name),
  );

  app.get<{ Params: { name: string }; Querystring: Record<string, string> }>(
    '/queries/:name/run',
    {
      onRequest: needs(app, 'analyst'),
      schema: {
        tags: ['sql'],
        summary: 'Run a saved query; pass its parameters as query-string values (?port=hk-lo-wu&from=2024-01-01).',
        params: nameParam,
        querystring: { type: 'object', properties: { ...runOptionSchemas }, additionalProperties: { type: 'string' } },
      },
    },
    async (request, reply) => {
      const { format, max_rows, timeout_ms, ...given } = request.query as Record<string, unknown>;
      return runSaved(request, reply, await load(request.params.name), given, {
        ...(typeof format === 'string' ? { format } : {}),
        ...(typeof max_rows === 'number' ? { max_rows } : {}),
        ...(typeof timeout_ms === 'number' ? { timeout_ms } : {}),
      });
    },
  );

  app.post<{ Params: { name: string }; Body: RunBody }>(
    '/queries/:name/run',
    {
      onRequest: needs(app, 'analyst'),
      schema: {
        tags: ['sql'],
        summary: 'Run a saved query with parameters in the body.',
        params: nameParam,
        body: { type: 'object', additionalProperties: false, properties: { params: { type: 'object', additionalProperties: paramValue }, ...runOptionSchemas } },
      },
    },
    async (request, reply) => {
      const { params, ...o } = request.body ?? {};
      return runSaved(request, reply, await load(request.params.name), params ?? {}, o);
    },
  );
};
export default queriesRoutes;

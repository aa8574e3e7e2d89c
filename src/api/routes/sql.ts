/** POST /api/sql and GET /api/sql/schema: read-only, sandboxed SQL for analysts (see src/sql/snapshot.ts). */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { keyId, needs } from '../auth.js';
import { SqlError } from '../../sql/errors.js';
import { FORMATS, parseFormat } from '../../sql/formats.js';
import { sqlMessages } from '../../messages.js';
import { sendSqlResult } from '../sqlReply.js';
import { DEFAULT_LIMITS, type SandboxLimits, type SqlParams } from '../../sql/sandbox.js';
import type { PoolOptions } from '../../sql/pool.js';
import { sqlService } from '../sqlService.js';

/** Options of the SQL plugins: the sandbox limits (defaults of issue 7) and the worker pool's sizes. */
export interface SqlPluginOptions {
  limits?: Partial<SandboxLimits>;
  pool?: Partial<PoolOptions>;
}

/** Whose query it is, for the worker pool's per-key bound: the key's id, or the client's address without one. */
export function sqlCaller(request: FastifyRequest): string {
  const id = keyId(request.server.config.apiKeys, request);
  return id ? `key:${id}` : `ip:${request.ip}`;
}

interface SqlBody {
  sql: string;
  format?: string;
  params?: SqlParams;
  max_rows?: number;
  timeout_ms?: number;
}

const API_FORMATS = FORMATS.filter((f) => f !== 'table');

/** JSON-schema of the shared run options (format, max_rows, timeout_ms). */
export const runOptionSchemas = {
  format: { type: 'string', enum: API_FORMATS, description: 'json (default), csv, arrow (Arrow IPC stream) or parquet' },
  max_rows: { type: 'integer', minimum: 1, description: `Rows at most (default and ceiling ${DEFAULT_LIMITS.rowLimit.toLocaleString('en')}); a longer result says truncated` },
  timeout_ms: { type: 'integer', minimum: 1, description: `Time limit in ms (default and ceiling ${DEFAULT_LIMITS.timeoutMs})` },
} as const;

const paramValue = { type: ['string', 'number', 'boolean', 'null'] } as const;

const sqlRoutes: FastifyPluginAsync<SqlPluginOptions> = async (app, opts) => {
  const service = sqlService(app, opts.limits, {
    size: app.config.sqlWorkers, queueLimit: app.config.sqlQueueLimit, perKey: app.config.sqlPerKey, ...opts.pool,
  });

  app.post<{ Body: SqlBody; Querystring: { format?: string } }>(
    '/sql',
    {
      onRequest: needs(app, 'analyst'),
      schema: {
        tags: ['sql'],
        summary: 'Run one read-only SQL statement (SELECT, WITH, DESCRIBE, SUMMARIZE, EXPLAIN, SHOW) on a snapshot of the database.',
        description:
          'The query runs in a sandbox: no file access, no settings, one statement, a time limit, a row limit and a memory limit. ' +
          'JSON answers { columns, rows (arrays), row_count, truncated, elapsed_ms, snapshot_at }; 64-bit integers are numbers when exact, strings otherwise. ' +
          'Headers x-row-count and x-truncated come with every format. ' +
          'Queries run in worker processes off the serving path: a full queue answers 429 with Retry-After, a result past the size limit 413.',
        querystring: { type: 'object', properties: { format: runOptionSchemas.format }, additionalProperties: false },
        body: {
          type: 'object',
          required: ['sql'],
          additionalProperties: false,
          properties: {
            sql: { type: 'string', maxLength: 100_000, description: 'One reading statement; named parameters as $name' },
            params: { type: 'object', additionalProperties: paramValue, description: 'Values of the $parameters' },
            ...runOptionSchemas,
          },
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const format = parseFormat(b.format ?? request.query.format ?? 'json');
      if (format === 'table') throw new SqlError('params', sqlMessages.unknownFormat(format, API_FORMATS));
      const result = await service.run(b.sql, {
        format,
        key: sqlCaller(request),
        ...(b.params ? { params: b.params } : {}),
        ...(b.max_rows !== undefined ? { rowLimit: b.max_rows } : {}),
        ...(b.timeout_ms !== undefined ? { timeoutMs: b.timeout_ms } : {}),
      });
      return sendSqlResult(reply, result);
    },
  );

  app.get(
    '/sql/schema',
    {
      onRequest: needs(app, 'analyst'),
      schema: { tags: ['sql'], summary: 'The analyst views and tables with their columns and what each column means.' },
    },
    async () => ({ relations: await service.schema() }),
  );
};
export default sqlRoutes;

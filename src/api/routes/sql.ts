/** POST /api/sql and GET /api/sql/schema: read-only, sandboxed SQL for analysts (see src/sql/snapshot.ts). */
import type { FastifyPluginAsync } from 'fastify';
import { needs } from '../auth.js';
import { FORMATS, parseFormat } from '../../sql/formats.js';
import { sendSqlResult } from '../../sql/reply.js';
import { DEFAULT_LIMITS, type SandboxLimits, type SqlParams } from '../../sql/sandbox.js';
import { sqlService } from '../../sql/service.js';

/** Options of the SQL plugins: the sandbox limits (defaults of issue 7). */
export interface SqlPluginOptions {
  limits?: Partial<SandboxLimits>;
}

interface SqlBody {
  sql: string;
  format?: string;
  params?: SqlParams;
  max_rows?: number;
  timeout_ms?: number;
}

/** JSON-schema of the shared run options (format, max_rows, timeout_ms). */
export const runOptionSchemas = {
  format: { type: 'string', enum: [...FORMATS.filter((f) => f !== 'table')], description: 'json (default), csv, arrow (Arrow IPC stream) or parquet' },
  max_rows: { type: 'integer', minimum: 1, description: `Rows at most (default and ceiling ${DEFAULT_LIMITS.rowLimit.toLocaleString('en')}); a longer result says truncated` },
  timeout_ms: { type: 'integer', minimum: 1, description: `Time limit in ms (default and ceiling ${DEFAULT_LIMITS.timeoutMs})` },
} as const;

const paramValue = { type: ['string', 'number', 'boolean', 'null'] } as const;

const sqlRoutes: FastifyPluginAsync<SqlPluginOptions> = async (app, opts) => {
  const service = sqlService(app, opts.limits);

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
          'Headers x-row-count and x-truncated come with every format.',
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
      const result = await service.run(b.sql, {
        ...(b.params ? { params: b.params } : {}),
        ...(b.max_rows !== undefined ? { rowLimit: b.max_rows } : {}),
        ...(b.timeout_ms !== undefined ? { timeoutMs: b.timeout_ms } : {}),
      });
      return sendSqlResult(reply, result, format);
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

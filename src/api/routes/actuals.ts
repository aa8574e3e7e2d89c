import type { FastifyPluginAsync } from 'fastify';
import { ACTUAL_COLUMNS, loadActuals } from '../../store/reads.js';
import { toCsv } from '../../csv.js';
import { needs } from '../auth.js';
import { checkRange, resolvePort, wantsCsv } from '../lookup.js';

interface ActualsQuery {
  port: string;
  direction?: 'arrival' | 'departure';
  category?: string;
  from?: string;
  to?: string;
  format?: 'json' | 'csv';
}

/** GET /api/actuals: observed counts of one port, filtered by direction, category and dates; JSON or CSV. */
const actualsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ActualsQuery }>(
    '/actuals',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['data'],
        summary: 'Observed counts of one port; JSON or CSV.',
        querystring: {
          type: 'object',
          required: ['port'],
          additionalProperties: false,
          properties: {
            port: { type: 'string', minLength: 1, maxLength: 200 },
            direction: { type: 'string', enum: ['arrival', 'departure'] },
            category: { type: 'string', minLength: 1, maxLength: 100 },
            from: { type: 'string', maxLength: 10 },
            to: { type: 'string', maxLength: 10 },
            format: { type: 'string', enum: ['json', 'csv'] },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const portId = await resolvePort(app, q.port);
      const { from, to } = checkRange(app, q.from, q.to);
      const rows = await loadActuals(app.readDb, {
        port: portId, category: q.category ?? 'total', ...(q.direction ? { direction: q.direction } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}),
      });
      if (wantsCsv(q.format, request.headers.accept)) {
        return reply.type('text/csv; charset=utf-8').send(toCsv(rows, ACTUAL_COLUMNS));
      }
      return rows;
    },
  );
};
export default actualsRoutes;

import type { FastifyPluginAsync } from 'fastify';
import { listRuns, undoRun } from '../../ingest/runs.js';
import { messages } from '../../messages.js';
import { needs } from '../auth.js';
import { errorSchema } from '../schemas/params.js';

const runSchema = {
  type: 'object',
  properties: {
    run_id: { type: 'integer' },
    file: { type: 'string' },
    format: { type: 'string' },
    started_at: { type: 'string' },
    finished_at: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['running', 'loaded', 'refused', 'undone'] },
    rows_read: { type: ['integer', 'null'] },
    counts_new: { type: ['integer', 'null'] },
    counts_revised: { type: ['integer', 'null'] },
    counts_unchanged: { type: ['integer', 'null'] },
    rows_rejected: { type: ['integer', 'null'] },
    undone_at: { type: ['string', 'null'] },
    message: { type: ['string', 'null'] },
  },
} as const;

const undoSchema = {
  type: 'object',
  properties: { runId: { type: 'integer' }, deleted: { type: 'integer' }, restored: { type: 'integer' }, message: { type: 'string' } },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'Ingest run id.' } },
} as const;

/** GET /api/ingest-runs and POST /api/ingest-runs/:id/undo (admin): `crossings runs list` and `runs undo`. */
const runsRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/ingest-runs',
    {
      onRequest: needs(app, 'admin'),
      schema: { tags: ['ingest'], summary: 'Every ingest run, newest first, with its counts new / revised / unchanged / rejected.', response: { 200: { type: 'array', items: runSchema } } },
    },
    async () => listRuns(app.readDb),
  );
  app.post<{ Params: { id: number } }>(
    '/ingest-runs/:id/undo',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['ingest'],
        summary: 'Take an ingest run back out in one transaction: its new counts deleted, the values it revised restored.',
        params: idParams,
        response: { 200: undoSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const id = request.params.id;
      const r = await app.writeJob((db) => undoRun(db, id));
      return { ...r, message: messages.runUndone(r.runId, r.deleted, r.restored) };
    },
  );
};
export default runsRoutes;

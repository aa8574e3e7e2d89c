import type { FastifyPluginAsync } from 'fastify';
import { all } from '../../store/db.js';

/** GET /healthz: the service is up and its database answers. */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, counts: { type: 'integer' }, ports: { type: 'integer' } },
          },
        },
      },
    },
    async () => {
      const rows = await all(app.readDb, `select (select count(*) from crossings)::int as counts, (select count(*) from ports)::int as ports`);
      return { status: 'ok', counts: rows[0]?.['counts'], ports: rows[0]?.['ports'] };
    },
  );
};
export default healthRoutes;

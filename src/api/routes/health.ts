import type { FastifyPluginAsync } from 'fastify';
import { healthCounts } from '../../store/reads.js';

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
    async () => ({ status: 'ok', ...(await healthCounts(app.readDb)) }),
  );
};
export default healthRoutes;

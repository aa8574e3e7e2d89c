import type { FastifyPluginAsync } from 'fastify';
import { ROLES } from '../../config.js';
import { accessOf } from '../auth.js';

/**
 * GET /api/access: how this server lets requests in and what the caller's key may do, so the dashboard can
 * say "local mode" instead of asking for a key, and explain actions a key's role does not allow.
 */
const accessRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/access',
    {
      schema: {
        tags: ['access'],
        summary: 'Access mode (keys, local, open) and the roles the request\'s key grants; needs no key.',
        response: {
          200: {
            type: 'object',
            properties: {
              mode: { type: 'string', enum: ['keys', 'local', 'open', 'closed'], description: 'local: no keys, loopback address, every role open; open: no keys, CROSSINGS_OPEN=1; keys: a key decides.' },
              role: { type: ['string', 'null'], enum: [...ROLES, null] },
              roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return accessOf(app, request);
    },
  );
};

export default accessRoutes;

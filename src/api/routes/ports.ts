import type { FastifyPluginAsync } from 'fastify';
import { needs } from '../auth.js';
import { lookupPort } from '../../store/lookups.js';
import { listPorts } from '../../store/reads.js';

const portSchema = {
  type: 'object',
  properties: {
    port_id: { type: 'string' },
    name: { type: 'string' },
    name_zh: { type: ['string', 'null'] },
    name_zh_hant: { type: ['string', 'null'] },
    kind: { type: 'string' },
    region: { type: ['string', 'null'] },
    country: { type: ['string', 'null'] },
    freq: { type: ['string', 'null'] },
    first_date: { type: ['string', 'null'] },
    last_date: { type: ['string', 'null'] },
    forecast_status: {
      type: ['string', 'null'],
      enum: ['current', 'stale', 'closed', 'not_forecast', null],
      description: 'In the latest forecast run: current; stale (no data since last_date, forecast from forecast_from across the gap); closed (only zeros lately, forecast as zero); not_forecast (no data for over a year).',
    },
    forecast_from: { type: ['string', 'null'] },
    series: {
      type: 'array',
      items: { type: 'object', properties: { direction: { type: 'string' }, category: { type: 'string' } } },
    },
  },
} as const;

/** GET /api/ports: every port with its names, kind, the series it has and their date range. */
const portsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/ports', { onRequest: needs(app, 'planner'), schema: { tags: ['data'], summary: 'Every port with its names, kind, series and date range.', response: { 200: { type: 'array', items: portSchema } } } }, async () => listPorts(app.readDb));

  app.get<{ Querystring: { q: string } }>('/ports/lookup', {
    onRequest: needs(app, 'planner'),
    schema: {
      tags: ['data'],
      summary: 'Find a port by id, English, Simplified or Traditional Chinese name or alias (ignoring case, spaces and punctuation); else up to three near names.',
      querystring: { type: 'object', required: ['q'], additionalProperties: false, properties: { q: { type: 'string', minLength: 1, maxLength: 200 } } },
      response: {
        200: {
          type: 'object',
          properties: {
            port_id: { type: ['string', 'null'] },
            suggestions: { type: 'array', items: { type: 'object', properties: { port_id: { type: 'string' }, name: { type: 'string' } } } },
          },
        },
      },
    },
  }, async (request) => {
    const found = await lookupPort(app.readDb, request.query.q);
    return found.port_id !== undefined ? { port_id: found.port_id, suggestions: [] } : { port_id: null, suggestions: found.suggestions };
  });
};
export default portsRoutes;

import type { FastifyPluginAsync } from 'fastify';
import { all } from '../../store/db.js';
import { needs } from '../auth.js';
import { lookupPort } from '../../store/lookups.js';

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
  app.get('/ports', { onRequest: needs(app, 'planner'), schema: { tags: ['data'], summary: 'Every port with its names, kind, series and date range.', response: { 200: { type: 'array', items: portSchema } } } }, async () => {
    const ports = await all(
      app.readDb,
      `select p.port_id, p.name, p.name_zh, p.name_zh_hant, p.kind, p.region, p.country,
         s.freq, s.first_date::varchar as first_date, s.last_date::varchar as last_date,
         case when s.port_id is null then null
              when f.port_id is null then 'not_forecast'
              when f.closed then 'closed'
              when f.last_actual < case when s.freq = 'month' then (f.first - interval 1 month)::date else f.first - 1 end then 'stale'
              else 'current' end as forecast_status,
         f.first::varchar as forecast_from
       from ports p left join (
         select port_id, min(freq) as freq, min(date) as first_date, max(date) as last_date from crossings group by port_id
       ) s using (port_id)
       left join (
         -- the stored result of the latest run (src/models/fitting.ts planSeries decided it)
         select port_id, bool_and(model = 'closed') as closed, max(last_actual) as last_actual, min(date) as first
           from forecasts where run_id = (select max(run_id) from forecasts) group by port_id
       ) f using (port_id)
       order by p.country, p.port_id`,
    );
    const series = await all(app.readDb, `select distinct port_id, direction, category from crossings order by all`);
    const byPort = new Map<string, typeof series>();
    for (const s of series) byPort.set(String(s['port_id']), [...(byPort.get(String(s['port_id'])) ?? []), s]);
    return ports.map((p) => ({
      ...p,
      series: (byPort.get(String(p['port_id'])) ?? []).map((s) => ({ direction: s['direction'], category: s['category'] })),
    }));
  });

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

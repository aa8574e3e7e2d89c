import type { FastifyPluginAsync } from 'fastify';
import { MAX_CHART_DAYS } from '../../reports/charts/data.js';
import type { Lang } from '../../reports/charts/index.js';
import { loadRange, loadRangePresets } from '../../reports/rangeData.js';
import { loadRangeTotals } from '../../reports/totalsData.js';
import { needs } from '../auth.js';
import { sendCached } from '../cache.js';
import { checkRange, checkRangeLength, forecastRun, resolvePort } from '../lookup.js';
import { countryIsMonthly } from '../../reports/charts/data.js';
import { categoryParam, countryParam, dateParam, directionParam, langParam, portParam, query } from '../schemas/params.js';

interface RangeQuery {
  port: string;
  direction?: 'arrival' | 'departure';
  category?: string;
  from: string;
  to: string;
  lang?: Lang | 'zh-Hans';
}

const rangeDaySchema = {
  type: 'object',
  properties: {
    date: { type: 'string' }, mean: { type: 'number' }, lo80: { type: ['number', 'null'] }, hi80: { type: ['number', 'null'] },
    lo95: { type: ['number', 'null'] }, hi95: { type: ['number', 'null'] }, actual: { type: ['number', 'null'] },
  },
} as const;
const spanSchema = { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } } as const;
const fromTo = { type: ['object', 'null'], properties: { from: { type: 'string' }, to: { type: 'string' }, name: { type: 'string' } } } as const;

/** GET /api/range (a port's series over any range: actuals, forecasts made for it, last year, marks) and its presets. */
const rangeRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: RangeQuery }>(
    '/range',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'One series over any range (by day, or by month for a monthly port: `per`): its actuals; the latest forecast after its last actual; for the past part, the stored ' +
          'forecast made for it (a forecast run or backtest window made before the range began, else the earliest during it) with its ' +
          'error; last year\'s actuals lined up on the range\'s main festival (Lunar New Year day 1 on day 1; else 364 days back, same weekday); ' +
          '(a monthly series: the same months a year back, `months: 12`); holiday bands; and what the engine sets aside (a level break, closures, extreme-low days such as typhoon signals).',
        querystring: query({
          port: portParam, direction: directionParam, category: categoryParam, from: dateParam('First day'), to: dateParam('Last day'), lang: langParam,
        }, ['port', 'from', 'to']),
        response: {
          200: {
            type: 'object',
            properties: {
              port_id: { type: 'string' }, direction: { type: 'string' }, category: { type: 'string' }, per: { type: 'string', enum: ['day', 'month'] },
              from: { type: 'string' }, to: { type: 'string' },
              last_actual: { type: 'string' }, run_id: { type: 'integer' },
              actuals: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, count: { type: 'number' } } } },
              forecast: { type: 'array', items: rangeDaySchema },
              past: {
                type: ['object', 'null'],
                properties: {
                  source: { type: 'string', enum: ['run', 'backtest'] }, run_id: { type: 'integer' }, model: { type: 'string' },
                  made: { type: 'string', description: 'Last day of the data the forecast was made from.' },
                  rows: { type: 'array', items: rangeDaySchema },
                  error: {
                    type: 'object',
                    properties: {
                      days: { type: 'integer' }, wape: { type: ['number', 'null'] }, bias: { type: ['number', 'null'] }, inside80: { type: 'integer' },
                      worst: { type: ['object', 'null'], properties: { date: { type: 'string' }, actual: { type: 'number' }, mean: { type: 'number' } } },
                    },
                  },
                },
              },
              last_year: {
                type: 'object',
                properties: {
                  days: { type: 'integer' }, months: { type: 'integer' }, festival: { type: ['string', 'null'] }, date: { type: ['string', 'null'] }, lastYear: { type: ['string', 'null'] },
                  rows: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, source_date: { type: 'string' }, count: { type: 'number' } } } },
                },
              },
              holidays: {
                type: 'array',
                items: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' }, last: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' } } },
              },
              events: {
                type: 'array',
                description: 'Events that are not holidays (the Canton Fair, a port\'s ship calls), one band per name and run of days',
                items: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' }, last: { type: 'string' }, name: { type: 'string' } } },
              },
              marks: {
                type: 'object',
                properties: { regime_start: { type: ['string', 'null'] }, closures: { type: 'array', items: spanSchema }, low_days: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to) as { from: string; to: string };
      checkRangeLength(app, from, to, MAX_CHART_DAYS);
      const key = `range\u0000${q.port}\u0000${q.direction ?? ''}\u0000${q.category ?? ''}\u0000${from}\u0000${to}\u0000${q.lang ?? 'en'}`;
      const entry = await app.responseCache.get(key, async () => {
        const port = await resolvePort(app, q.port);
        const lang: Lang = q.lang === 'zh-Hans' ? 'zh' : (q.lang ?? 'en');
        const options = { ...(q.direction ? { direction: q.direction } : {}), ...(q.category !== undefined ? { category: q.category } : {}) };
        return { body: await loadRange(app.readDb, { port, from, to, lang, ...options, latestRun: () => forecastRun(app, undefined) }) };
      });
      return sendCached(request, reply, entry);
    },
  );

  app.get<{ Querystring: { port?: string; country?: string; lang?: Lang | 'zh-Hans' } }>(
    '/range/presets',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'The ranges the dashboard offers from the data\'s last day: the next 8 weeks, the next holiday of three days or more ' +
          '(three days either side), this season (Dec–Feb, Mar–May, Jun–Aug, Sep–Nov), and the next 8 weeks\' dates a year earlier; ' +
          'for a monthly port or country (`per: month`) the next 12 months and the same months a year earlier, and for a port its last two years with the next 12 months.',
        querystring: query({ port: portParam, country: countryParam, lang: langParam }),
        response: {
          200: {
            type: 'object',
            properties: {
              last_actual: { type: 'string' }, per: { type: 'string', enum: ['day', 'month'] },
              next8: fromTo, recent: fromTo, next12: fromTo, holiday: fromTo, season: fromTo, last_year: fromTo,
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const lang: Lang = q.lang === 'zh-Hans' ? 'zh' : (q.lang ?? 'en');
      const entry = await app.responseCache.get(`range-presets\u0000${q.port ?? ''}\u0000${q.country ?? ''}\u0000${lang}`, async () => {
        const port = q.port === undefined ? null : await resolvePort(app, q.port);
        return { body: await loadRangePresets(app.readDb, { port, country: q.country ?? null, lang }) };
      });
      return sendCached(request, reply, entry);
    },
  );

  app.get<{ Querystring: { from: string; to: string; country: string } }>(
    '/range/totals',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'Travellers per port and direction of a country over a range: the counts up to each port\'s last day, then the latest ' +
          'forecast (each day rounded to whole travellers, as the outlook adds them). A monthly country counts its travellers (people, not vehicles).',
        querystring: query({ from: dateParam('First day'), to: dateParam('Last day'), country: countryParam }, ['from', 'to', 'country']),
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                port_id: { type: 'string' }, direction: { type: 'string' }, actual: { type: 'number' }, forecast: { type: 'number' },
                actual_periods: { type: 'integer' }, forecast_periods: { type: 'integer' },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to) as { from: string; to: string };
      checkRangeLength(app, from, to, MAX_CHART_DAYS);
      const entry = await app.responseCache.get(`range-totals\u0000${from}\u0000${to}\u0000${q.country}`, async () => {
        const run = await forecastRun(app, undefined);
        return { body: await loadRangeTotals(app.readDb, { run, from, to, country: q.country, monthly: await countryIsMonthly(app.readDb, q.country) }) };
      });
      return sendCached(request, reply, entry);
    },
  );
};
export default rangeRoutes;

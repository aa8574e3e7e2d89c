import type { FastifyPluginAsync } from 'fastify';
import { toCsv } from '../../csv.js';
import { forecastColumns, listForecastRuns, loadForecasts } from '../../store/forecasts.js';
import { messages } from '../../messages.js';
import { forecastAll } from '../../jobs/forecast.js';
import { componentsReport, loadComponents } from '../../reports/components.js';
import { needs } from '../auth.js';
import { sendCached } from '../cache.js';
import { checkRange, forecastRun, resolvePort, wantsCsv } from '../lookup.js';
import { categoryParam, dateParam, directionParam, formatParam, modelParam, portParam, query, runParam } from '../schemas/params.js';

interface ForecastsQuery {
  port?: string;
  direction?: 'arrival' | 'departure';
  category?: string;
  from?: string;
  to?: string;
  levels?: string;
  run?: number;
  model?: string;
  format?: 'json' | 'csv';
}

const LEVELS = ['80', '95'] as const;

/** "80,95" → the interval levels asked for; "none" → none; a 400 for anything else. */
export function parseLevels(text: string | undefined): readonly string[] | undefined {
  if (text === undefined) return LEVELS;
  if (text === 'none') return [];
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !(LEVELS as readonly string[]).includes(p))) return undefined;
  return LEVELS.filter((l) => parts.includes(l));
}

const forecastRowSchema = {
  type: 'object',
  properties: {
    run_id: { type: 'integer' }, port_id: { type: 'string' }, direction: { type: 'string' }, category: { type: 'string' },
    date: { type: 'string' }, model: { type: 'string' }, mean: { type: 'number' },
    last_actual: { type: ['string', 'null'], description: "The series' last day with data; before the run's first day less one when the series is stale." },
    lo80: { type: ['number', 'null'] }, hi80: { type: ['number', 'null'] }, lo95: { type: ['number', 'null'] }, hi95: { type: ['number', 'null'] },
  },
} as const;

interface ComponentsQuery {
  port: string;
  direction: 'arrival' | 'departure';
  category?: string;
  from?: string;
  to?: string;
  run?: number;
}

const effectSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['weekly', 'yearly', 'month_of_year', 'month_position', 'holiday', 'event', 'workday', 'year_ago', 'limit'] },
    key: { type: 'string', description: 'Holidays and events: the festival (lunar_new_year, easter, christmas, national_day, canton_fair, ..., other).' },
    name: { type: 'string', description: "The calendar's name of the holiday (of its first day) or event." },
    region: { type: 'string', description: 'HK or CN when only one region\'s holiday; absent when both (e.g. the Lunar New Year).' },
    phase: { type: 'string', enum: ['before', 'during', 'after'] },
    days: { type: 'integer', description: 'before: days to the first holiday (the lunar new year\'s day for the Lunar New Year; 1 = its eve); during: day number; after: days since the last day.' },
    effect: { type: 'number', description: 'Multiplies the count by 1 + effect (0.38 = +38%).' },
  },
} as const;

const componentsSchema = {
  type: 'object',
  properties: {
    run_id: { type: 'integer' }, port_id: { type: 'string' }, direction: { type: 'string' }, category: { type: 'string' }, model: { type: 'string' },
    freq: { type: 'string', enum: ['day', 'month'] },
    explained: { type: 'boolean', description: 'False when there are no parts to show; reason says why.' },
    reason: { type: 'string', enum: ['simple_model', 'not_stored'], description: 'simple_model: the model repeats recent periods (seasonal naive or median); not_stored: the run was made before parts were stored (forecast again).' },
    days: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: { type: 'string' }, mean: { type: 'number' },
          level: { type: ['number', 'null'], description: 'Level and trend, travellers.' },
          effects: { type: 'array', items: effectSchema, description: 'Largest first.' },
          groups: {
            type: 'array',
            items: { type: 'object', properties: { group: { type: 'string', enum: ['weekly', 'yearly', 'holidays', 'other'] }, effect: { type: 'number' } } },
            description: 'The effects multiplied by group: weekly (or month of year), yearly, holidays and events, other.',
          },
        },
      },
    },
  },
} as const;

/** GET /api/forecasts, GET /api/forecast-runs, POST /api/forecast-runs (admin: refit and forecast now). */
const forecastsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ForecastsQuery }>(
    '/forecasts',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'Forecasts of one run (default the latest) with their 80% and 95% intervals; JSON or CSV.',
        querystring: query({
          port: portParam, direction: directionParam, category: categoryParam, from: dateParam('First day'), to: dateParam('Last day'),
          levels: { type: 'string', maxLength: 20, description: 'Interval levels to include: 80, 95, 80,95 (default) or none.' },
          run: runParam, model: modelParam, format: formatParam(['json', 'csv']),
        }),
        response: { 200: { description: 'Forecast rows, long format (or text/csv).', type: 'array', items: forecastRowSchema } },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to);
      const levels = parseLevels(q.levels);
      if (!levels) throw app.httpErrors.badRequest(messages.badLevels(q.levels ?? ''));
      const csv = wantsCsv(q.format, request.headers.accept);
      // The key holds the raw query values: a hit needs no database work at all.
      const key = `forecasts\u0000${q.run ?? 'latest'}\u0000${q.port ?? ''}\u0000${q.direction ?? ''}\u0000${q.category ?? 'total'}\u0000${from ?? ''}\u0000${to ?? ''}\u0000${levels.join(',')}\u0000${q.model ?? ''}\u0000${csv ? 'csv' : 'json'}`;
      const entry = await app.responseCache.get(key, async () => {
        const run = await forecastRun(app, q.run);
        const port = q.port === undefined ? null : await resolvePort(app, q.port);
        const rows = await loadForecasts(app.readDb, {
          run, port, levels, category: q.category ?? 'total', ...(q.direction ? { direction: q.direction } : {}),
          ...(q.model !== undefined ? { model: q.model } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}),
        });
        return csv ? { body: toCsv(rows, forecastColumns(levels)), type: 'text/csv; charset=utf-8' } : { body: rows };
      });
      return sendCached(request, reply, entry);
    },
  );

  app.get<{ Querystring: ComponentsQuery }>(
    '/forecasts/components',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'Why this forecast: each day\'s forecast split into level and trend, weekly (monthly series: month of year), yearly, ' +
          'and each holiday\'s or event\'s effect with its lead or lag day, from the run\'s fitted model. (1 + level) × Π (1 + effect) = 1 + mean.',
        querystring: query({
          port: portParam, direction: directionParam, category: categoryParam, from: dateParam('First day'), to: dateParam('Last day'), run: runParam,
        }, ['port', 'direction']),
        response: { 200: componentsSchema },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to);
      const category = q.category ?? 'total';
      const key = `components\u0000${q.run ?? 'latest'}\u0000${q.port}\u0000${q.direction}\u0000${category}\u0000${from ?? ''}\u0000${to ?? ''}`;
      const entry = await app.responseCache.get(key, async () => {
        const run = await forecastRun(app, q.run);
        const port = await resolvePort(app, q.port);
        const rows = await loadComponents(app.readDb, { run, port, direction: q.direction, category, ...(from ? { from } : {}), ...(to ? { to } : {}) });
        if (rows.length === 0) throw app.httpErrors.notFound(messages.noForecastsForQuery(run, `${port} ${q.direction}`, category));
        return { body: componentsReport({ run_id: run, port_id: port, direction: q.direction, category }, rows) };
      });
      return sendCached(request, reply, entry);
    },
  );

  app.get(
    '/forecast-runs',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['forecasts'],
        summary: 'Every forecast run, newest first (backtest runs are marked in note).',
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                run_id: { type: 'integer' }, created_at: { type: 'string' }, horizon: { type: 'integer' }, levels: { type: 'string' },
                series_count: { type: 'integer' }, seconds: { type: ['number', 'null'] }, note: { type: ['string', 'null'] },
                forecasts: { type: 'integer' }, backtests: { type: 'integer' },
              },
            },
          },
        },
      },
    },
    async () => listForecastRuns(app.readDb),
  );

  app.post<{ Body: { horizon?: number } | undefined }>(
    '/forecast-runs',
    {
      onRequest: needs(app, 'admin'),
      schema: {
        tags: ['forecasts'],
        summary: 'Refit every series and forecast now (admin). Answers when the run is stored; other requests are served meanwhile.',
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { horizon: { type: 'integer', minimum: 1, maximum: 730, description: 'Periods ahead (days; months for monthly series); default 56.' } },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              run_id: { type: 'integer' }, horizon: { type: 'integer' }, series: { type: 'integer' }, rows: { type: 'integer' }, seconds: { type: 'number' },
              projected_holidays_from: {
                type: 'string',
                description: 'Present when the forecast reaches years whose mainland holidays are projected from the statutory rules, not the State Council\'s published list: the first such day.',
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const horizon = request.body?.horizon ?? 56;
      // Fitting runs in worker threads (at least one): other requests are answered meanwhile.
      const result = await app.writeJob((db) => forecastAll(db, { horizon, engine: app.forecastEngine, workers: app.config.forecastWorkers }));
      app.responseCache.clear();
      const series = new Set(result.rows.map((r) => `${r.port_id}\u0000${r.direction}\u0000${r.category}`)).size;
      return reply.code(201).send({
        run_id: result.runId, horizon, series, rows: result.rows.length, seconds: result.seconds,
        ...(result.projectedHolidaysFrom ? { projected_holidays_from: result.projectedHolidaysFrom } : {}),
      });
    },
  );
};
export default forecastsRoutes;

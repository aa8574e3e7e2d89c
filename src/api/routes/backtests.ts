import type { FastifyPluginAsync } from 'fastify';
import { toCsv } from '../../csv.js';
import { backtestAccuracy } from '../../jobs/accuracy.js';
import { listBacktests } from '../../store/backtests.js';
import { needs } from '../auth.js';
import { sendCached } from '../cache.js';
import { backtestRun, checkDate, checkRange, resolvePort, wantsCsv } from '../lookup.js';
import { categoryParam, dateParam, directionParam, formatParam, modelParam, portParam, query } from '../schemas/params.js';

interface BacktestsQuery {
  port?: string;
  direction?: 'arrival' | 'departure';
  category?: string;
  model?: string;
  cutoff?: string;
  from?: string;
  to?: string;
  run?: number;
  format?: 'json' | 'csv';
}

interface AccuracyQuery {
  port?: string;
  direction?: 'arrival' | 'departure';
  category?: string;
  model?: string;
  run?: number;
  by?: 'series' | 'model';
  format?: 'json' | 'csv';
}

const BACKTEST_COLUMNS = ['run_id', 'port_id', 'direction', 'category', 'cutoff', 'date', 'model', 'actual', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'];
const backtestRunParam = { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'Backtest run id; default the latest backtest run.' } as const;

const ACCURACY_COLUMNS = (bySeries: boolean) =>
  [...(bySeries ? ['port_id', 'direction', 'category'] : []), 'model', 'windows', 'n', 'mase', 'wape', 'coverage80', 'coverage95', 'peak_hit3'];

/** GET /api/backtests (stored backtest windows) and GET /api/accuracy (their scores per series and model). */
const backtestsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: BacktestsQuery }>(
    '/backtests',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['accuracy'],
        summary: 'Backtest windows of one backtest run (default the latest): forecasts made at each cutoff beside what happened.',
        querystring: query({
          port: portParam, direction: directionParam, category: categoryParam, model: modelParam,
          cutoff: dateParam('Cutoff (last day of training data)'), from: dateParam('First forecast day'), to: dateParam('Last forecast day'),
          run: backtestRunParam, format: formatParam(['json', 'csv']),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { from, to } = checkRange(app, q.from, q.to);
      const cutoff = checkDate(app, 'cutoff', q.cutoff);
      const csv = wantsCsv(q.format, request.headers.accept);
      const key = `backtests\u0000${q.run ?? 'latest'}\u0000${q.port ?? ''}\u0000${q.direction ?? ''}\u0000${q.category ?? 'total'}\u0000${q.model ?? ''}\u0000${cutoff ?? ''}\u0000${from ?? ''}\u0000${to ?? ''}\u0000${csv}`;
      const entry = await app.responseCache.get(key, async () => {
        const run = await backtestRun(app, q.run);
        const port = q.port === undefined ? null : await resolvePort(app, q.port);
        const rows = await listBacktests(app.readDb, {
          run, port, direction: q.direction ?? null, category: q.category ?? 'total', model: q.model ?? null, cutoff: cutoff ?? null, from: from ?? null, to: to ?? null,
        });
        return csv ? { body: toCsv(rows, BACKTEST_COLUMNS), type: 'text/csv; charset=utf-8' } : { body: rows };
      });
      return sendCached(request, reply, entry);
    },
  );

  app.get<{ Querystring: AccuracyQuery }>(
    '/accuracy',
    {
      onRequest: needs(app, 'planner'),
      schema: {
        tags: ['accuracy'],
        summary: 'Backtest scores per series and model (or per model with by=model): MASE, WAPE %, 80%/95% coverage, peak hit@3, as `crossings backtest` reports them.',
        querystring: query({
          port: portParam, direction: directionParam, category: { ...categoryParam, description: 'Traveller category; default all.' }, model: modelParam,
          run: backtestRunParam, by: { type: 'string', enum: ['series', 'model'] }, format: formatParam(['json', 'csv']),
        }),
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                port_id: { type: 'string' }, direction: { type: 'string' }, category: { type: 'string' }, model: { type: 'string' },
                windows: { type: 'integer' }, n: { type: 'integer' },
                mase: { type: ['number', 'null'] }, wape: { type: ['number', 'null'] }, coverage80: { type: ['number', 'null'] },
                coverage95: { type: ['number', 'null'] }, peak_hit3: { type: ['number', 'null'] },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const bySeries = (q.by ?? 'series') === 'series';
      const csv = wantsCsv(q.format, request.headers.accept);
      const key = `accuracy\u0000${q.run ?? 'latest'}\u0000${q.port ?? ''}\u0000${q.direction ?? ''}\u0000${q.category ?? ''}\u0000${q.model ?? ''}\u0000${bySeries}\u0000${csv}`;
      const entry = await app.responseCache.get(key, async () => {
        const run = await backtestRun(app, q.run);
        const port = q.port === undefined ? null : await resolvePort(app, q.port);
        const rows = await backtestAccuracy(app.readDb, {
          run, port, direction: q.direction ?? null, category: q.category ?? null, model: q.model ?? null,
        }, bySeries ? 'series' : 'model');
        return csv ? { body: toCsv(rows, ACCURACY_COLUMNS(bySeries)), type: 'text/csv; charset=utf-8' } : { body: rows };
      });
      return sendCached(request, reply, entry);
    },
  );
};
export default backtestsRoutes;

import type { FastifyPluginAsync } from 'fastify';
import { toCsv } from '../../csv.js';
import { all } from '../../store/db.js';
import { needs } from '../auth.js';
import { sendCached } from '../cache.js';
import { backtestRun, checkDate, checkRange, resolvePort, wantsCsv } from '../lookup.js';
import { categoryParam, dateParam, directionParam, formatParam, modelParam, portParam, query } from '../schemas.js';

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

/**
 * Scores of backtest windows per series and model (or per model): MASE (mean over windows of MAE over the
 * mean absolute seasonal difference of the year before the cutoff, lag 7 days or 12 months), WAPE %,
 * coverage of the 80% and 95% intervals, and peak hit@3 (overlap of the 3 highest actual and forecast days of a
 * complete window). The scale comes from the stored series as loaded, so MASE can differ a little from the CLI's
 * backtest table, which scales by the engine's cleaned series.
 */
export const ACCURACY_SQL = (bySeries: boolean) => {
  const keys = bySeries ? 'port_id, direction, category, model' : 'model';
  return `
with bt as (
  select * from backtests
   where run_id = $run and ($port is null or port_id = $port) and ($direction is null or direction = $direction)
     and ($category is null or category = $category) and ($model is null or model = $model)
),
win as (select distinct port_id, direction, category, cutoff from bt),
hist as (
  select c.port_id, c.direction, c.category, c.date,
         case when bool_or(c.freq = 'month') then 'month' else 'day' end as freq, sum(c.count)::double as y
    from crossings c
   where exists (select 1 from win w where w.port_id = c.port_id and w.direction = c.direction and w.category = c.category)
   group by all
),
diffs as (
  select a.port_id, a.direction, a.category, a.date, a.freq, abs(a.y - b.y) as d
    from hist a join hist b
      on b.port_id = a.port_id and b.direction = a.direction and b.category = a.category
     and b.date = (case when a.freq = 'month' then a.date - interval 12 month else a.date - interval 7 day end)::date
),
scale as (
  select w.port_id, w.direction, w.category, w.cutoff, avg(d.d) as scale
    from win w join diffs d using (port_id, direction, category)
   where d.date <= w.cutoff
     and d.date > (case when d.freq = 'month' then w.cutoff - interval 60 month else w.cutoff - interval 365 day end)::date
   group by all
),
windows as (
  select port_id, direction, category, model, cutoff,
         count(actual) as n, count(*) as h,
         sum(abs(actual - mean)) as abs_err, sum(actual) as act,
         count(*) filter (where actual >= lo80 and actual <= hi80) as in80,
         count(*) filter (where actual >= lo95 and actual <= hi95) as in95,
         count(*) filter (where actual is not null and lo80 is not null and hi80 is not null and lo95 is not null and hi95 is not null) as n_int
    from bt group by all
),
ranked as (
  select port_id, direction, category, model, cutoff,
         row_number() over (partition by port_id, direction, category, model, cutoff order by actual desc, date) as ra,
         row_number() over (partition by port_id, direction, category, model, cutoff order by mean desc, date) as rf,
         date
    from bt
),
hits as (
  select a.port_id, a.direction, a.category, a.model, a.cutoff, count(*) / 3.0 as hit
    from ranked a join ranked f using (port_id, direction, category, model, cutoff, date)
   where a.ra <= 3 and f.rf <= 3
   group by all
)
select ${keys},
       count(*)::int as windows,
       sum(w.n)::int as n,
       avg(w.abs_err / w.n / s.scale) filter (where w.n > 0 and s.scale > 0) as mase,
       100 * sum(w.abs_err) / nullif(sum(w.act), 0) as wape,
       sum(w.in80) / nullif(sum(w.n_int), 0) as coverage80,
       sum(w.in95) / nullif(sum(w.n_int), 0) as coverage95,
       avg(coalesce(p.hit, 0)) filter (where w.n = w.h and w.h >= 3) as peak_hit3
  from windows w
  left join scale s using (port_id, direction, category, cutoff)
  left join hits p using (port_id, direction, category, model, cutoff)
 group by all
 order by ${keys}`;
};

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
        const rows = await all(
          app.readDb,
          `select run_id, port_id, direction, category, strftime(cutoff, '%Y-%m-%d') as cutoff, strftime(date, '%Y-%m-%d') as date, model,
                  actual, mean, lo80, hi80, lo95, hi95
             from backtests
            where run_id = $run and ($port is null or port_id = $port) and ($direction is null or direction = $direction)
              and category = $category and ($model is null or model = $model) and ($cutoff is null or cutoff = $cutoff::date)
              and ($from is null or date >= $from::date) and ($to is null or date <= $to::date)
            order by port_id, direction, cutoff, model, date`,
          { run, port, direction: q.direction ?? null, category: q.category ?? 'total', model: q.model ?? null, cutoff: cutoff ?? null, from: from ?? null, to: to ?? null },
        );
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
        summary: 'Backtest scores per series and model (or per model with by=model): MASE, WAPE %, 80%/95% coverage, peak hit@3.',
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
        const rows = await all(app.readDb, ACCURACY_SQL(bySeries), {
          run, port, direction: q.direction ?? null, category: q.category ?? null, model: q.model ?? null,
        });
        const finite = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v])));
        return csv ? { body: toCsv(finite, ACCURACY_COLUMNS(bySeries)), type: 'text/csv; charset=utf-8' } : { body: finite };
      });
      return sendCached(request, reply, entry);
    },
  );
};
export default backtestsRoutes;

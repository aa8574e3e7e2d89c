/** Loads what each chart of src/reports/charts draws, from the query of GET /api/charts/{name}. */
import type { FastifyInstance } from 'fastify';
import type { TopLevelSpec } from 'vega-lite';
import { listValue } from '@duckdb/node-api';
import { all } from '../store/db.js';
import { messages } from '../messages.js';
import { CN_PROJECTED } from '../store/schema.js';
import { loadPeaks } from '../reports/peaks.js';
import {
  buildChart, type ActualRow, type ChartName, type Direction, type DirectionRow, type ForecastRow, type HolidayRow, type Lang, type OverviewRow, type PortDayRow,
} from '../reports/charts/index.js';
import { checkRangeLength, forecastRun, portNames, resolvePort, runRange } from './lookup.js';
import { addDays, addMonths } from '../isoDays.js';

/** The query a chart is drawn from (dates already checked). */
export interface ChartQuery {
  port?: string;
  direction?: Direction;
  category?: string;
  from?: string;
  to?: string;
  run?: number;
  lang?: Lang;
  history_days?: number;
  country?: string;
}

/** Longest date range a chart may cover; the overview draws one column per day, so it gets less. */
export const MAX_CHART_DAYS = 1100;
export const MAX_OVERVIEW_DAYS = 92;

/** Builds the Vega-Lite spec of a chart; 4xx for a bad port, run or range. */
export async function chartSpec(app: FastifyInstance, name: ChartName, q: ChartQuery): Promise<TopLevelSpec> {
  const lang = q.lang ?? 'en';
  const category = q.category ?? 'total';
  switch (name) {
    case 'forecast': {
      const portId = await needPort(app, name, q.port);
      const run = await forecastRun(app, q.run);
      const direction = q.direction ?? 'arrival';
      const range = await runRange(app, run, { port: portId, category });
      // No length limit here: the run's horizon bounds the rows (a monthly series' 56 months span years).
      const monthlyPort = await isMonthly(app, portId);
      const from = q.from ?? range.first;
      // A monthly run spans years (56 months); the chart shows two of them unless asked for more.
      const to = q.to ?? (monthlyPort && addMonths(from, 23) < range.last ? addMonths(from, 23) : range.last);
      const forecast = (await all(
        app.readDb,
        `select strftime(date, '%Y-%m-%d') as date, mean, coalesce(lo80, mean) as lo80, coalesce(hi80, mean) as hi80,
                coalesce(lo95, lo80, mean) as lo95, coalesce(hi95, hi80, mean) as hi95
           from forecasts where run_id = $run and port_id = $port and direction = $direction and category = $category
            and date between $from::date and $to::date order by date`,
        { run, port: portId, direction, category, from, to },
      )) as unknown as ForecastRow[];
      const first = forecast[0]?.date ?? from;
      // Monthly series (a month apart) get three years of history by default, daily ones eight weeks.
      // Monthly series get three years of history (never fewer than two), daily ones eight weeks by default.
      const history = monthlyPort ? Math.max(q.history_days ?? 1095, 730) : (q.history_days ?? 56);
      const actuals = (await dailyActuals(app, portId, category, addDays(first, -history), addDays(first, -1))).filter((r) => r.direction === direction);
      const clamp = (x: number) => Math.max(0, x);
      return buildChart('forecast', {
        forecast: forecast.map((r) => ({ date: r.date, mean: clamp(r.mean), lo80: clamp(r.lo80), hi80: clamp(r.hi80), lo95: clamp(r.lo95), hi95: clamp(r.hi95) })),
        actuals: actuals.map(({ date, count }) => ({ date, count })),
        port: await portNames(app, portId),
        direction,
        lang,
        per: monthlyPort ? 'month' : 'day',
        ...(monthlyPort ? {} : { holidays: await holidays(app, addDays(first, -history), forecast.at(-1)?.date ?? to) }),
      });
    }
    case 'history':
    case 'calendar':
    case 'weekday': {
      const portId = await needPort(app, name, q.port);
      const per = (await isMonthly(app, portId)) ? 'month' : 'day';
      // A monthly profile needs whole years: the last three by default.
      const { from, to } = await actualsRange(app, portId, per === 'month' && q.from === undefined && q.to === undefined ? { ...q, years: 3 } : q);
      let rows = await dailyActuals(app, portId, category, from, to);
      if (q.direction) rows = rows.filter((r) => r.direction === q.direction);
      const port = await portNames(app, portId);
      if (name === 'history') return buildChart('history', { rows, port, lang });
      if (name === 'weekday') return buildChart('weekday', { rows, port, lang, per });
      return buildChart('calendar', { rows: sumDirections(rows), holidays: await holidays(app, from, to), port, ...(q.direction ? { direction: q.direction } : {}), lang });
    }
    case 'ports': {
      const { from, to } = await actualsRange(app, undefined, q);
      const rows = (await all(
        app.readDb,
        `select p.name as port, p.name_zh as port_zh, strftime(c.date, '%Y-%m-%d') as date, sum(c.count)::double as count
           from crossings c join ports p using (port_id)
          where c.freq in ('day', 'hour') and c.category = $category and c.date between $from::date and $to::date
            and ($country is null or p.country = $country)
          group by all order by date`,
        { category, from, to, country: q.country ?? null },
      )) as unknown as PortDayRow[];
      return buildChart('ports', { rows, lang });
    }
    case 'overview': {
      if (q.country !== undefined && (await countryIsMonthly(app, q.country))) return monthlyOverview(app, q, lang);
      const run = await forecastRun(app, q.run);
      const range = await runRange(app, run, { category });
      const from = q.from ?? range.first;
      const to = q.to ?? (addDays(from, 27) < range.last ? addDays(from, 27) : range.last);
      checkRangeLength(app, from, to, MAX_OVERVIEW_DAYS);
      // Daily series only: a monthly count on the 1st of a month would dwarf every day beside it.
      const means = await all(
        app.readDb,
        `select f.port_id, p.name as port, p.name_zh as port_zh, strftime(f.date, '%Y-%m-%d') as date, sum(f.mean)::double as mean
           from forecasts f join ports p using (port_id)
          where f.run_id = $run and f.category = $category and f.date between $from::date and $to::date
            and ($country is null or p.country = $country) and f.model <> 'closed'
            and exists (select 1 from crossings c where c.port_id = f.port_id and c.freq in ('day', 'hour'))
          group by all order by date`,
        { run, category, from, to, country: q.country ?? null },
      );
      const peaks = means.length === 0 ? { days: [] } : await loadPeaks(app.readDb, { runId: run, from, to, category });
      const peakDays = new Set(peaks.days.map((d) => `${d.port_id}\u0000${d.date}`));
      const rows: OverviewRow[] = means.map((r) => ({
        port: String(r['port']), port_zh: (r['port_zh'] as string | null) ?? null, date: String(r['date']),
        mean: Math.max(0, Number(r['mean'])), peak: peakDays.has(`${r['port_id']}\u0000${r['date']}`),
      }));
      return buildChart('overview', { rows, holidays: await holidays(app, from, to), lang });
    }
  }
}

/** The people a US BTS port counts (its other measures are vehicles and containers). */
const US_TRAVELLER_CATEGORIES = ['personal_vehicle_passengers', 'pedestrians', 'bus_passengers', 'train_passengers'];

/** True when every port of the country with data is counted by month (the US BTS ports). */
async function countryIsMonthly(app: FastifyInstance, country: string): Promise<boolean> {
  const rows = await all(app.readDb, `select bool_and(c.freq = 'month') as monthly from crossings c join ports p using (port_id) where p.country = $country`, { country });
  return rows[0]?.['monthly'] === true;
}

/** The overview of a monthly country: ports × the next 12 months of travellers (people, not vehicles). */
async function monthlyOverview(app: FastifyInstance, q: ChartQuery, lang: Lang): Promise<TopLevelSpec> {
  const run = await forecastRun(app, q.run);
  const categories = q.category !== undefined && q.category !== 'total' ? [q.category] : US_TRAVELLER_CATEGORIES;
  const [span] = await all(
    app.readDb,
    `select strftime(min(f.date), '%Y-%m-%d') as first, strftime(max(f.date), '%Y-%m-%d') as last
       from forecasts f join ports p using (port_id) where f.run_id = $run and p.country = $country and list_contains($categories, f.category)`,
    { run, country: q.country!, categories: listValue(categories) },
  );
  if (typeof span?.['first'] !== 'string') throw app.httpErrors.notFound(messages.noForecastsForQuery(run, q.country!, categories.join(', ')));
  const from = q.from ?? String(span['first']);
  const to = q.to ?? (addMonths(from, 11) < String(span['last']) ? addMonths(from, 11) : String(span['last']));
  const means = await all(
    app.readDb,
    `select p.name as port, p.name_zh as port_zh, strftime(f.date, '%Y-%m-%d') as date, sum(f.mean)::double as mean
       from forecasts f join ports p using (port_id)
      where f.run_id = $run and p.country = $country and list_contains($categories, f.category) and f.date between $from::date and $to::date
        and f.model <> 'closed'
      group by all order by date`,
    { run, country: q.country!, categories: listValue(categories), from, to },
  );
  const rows: OverviewRow[] = means.map((r) => ({ port: String(r['port']), port_zh: (r['port_zh'] as string | null) ?? null, date: String(r['date']), mean: Math.max(0, Number(r['mean'])), peak: false }));
  return buildChart('overview', { rows, lang, per: 'month' });
}

async function needPort(app: FastifyInstance, chart: string, port: string | undefined): Promise<string> {
  if (port === undefined) throw app.httpErrors.badRequest(messages.chartNeedsPort(chart));
  return resolvePort(app, port);
}

/** The asked range, or the last 365 days of the port's data (of all daily data without a port). */
async function actualsRange(app: FastifyInstance, portId: string | undefined, q: ChartQuery & { years?: number }): Promise<{ from: string; to: string }> {
  let to = q.to;
  if (to === undefined) {
    const rows = await all(
      app.readDb,
      `select strftime(max(date), '%Y-%m-%d') as last from crossings where ($port is null or port_id = $port) and freq in ('day', 'hour', 'month')
         and ($port is not null or freq <> 'month')`,
      { port: portId ?? null },
    );
    to = typeof rows[0]?.['last'] === 'string' ? String(rows[0]['last']) : new Date().toISOString().slice(0, 10);
    if (q.from && q.from > to) to = addDays(q.from, 364);
  }
  const from = q.from ?? addDays(to, -365 * (q.years ?? 1) + 1);
  checkRangeLength(app, from, to, MAX_CHART_DAYS);
  return { from, to };
}

/** Daily counts of a port per direction: daily rows where present, else the sum of the day's hourly rows. */
export async function dailyActuals(app: FastifyInstance, portId: string, category: string, from: string, to: string): Promise<DirectionRow[]> {
  return (await all(
    app.readDb,
    `select strftime(date, '%Y-%m-%d') as date, direction,
            coalesce(sum(count) filter (where freq <> 'hour'), sum(count) filter (where freq = 'hour'))::double as count
       from crossings where port_id = $port and category = $category and date between $from::date and $to::date
      group by date, direction order by date, direction`,
    { port: portId, category, from, to },
  )) as unknown as DirectionRow[];
}

/** True when the port's counts are monthly (a US BTS port), so its charts speak of months. */
async function isMonthly(app: FastifyInstance, portId: string): Promise<boolean> {
  const rows = await all(app.readDb, `select bool_and(freq = 'month') as monthly from crossings where port_id = $port`, { port: portId });
  return rows[0]?.['monthly'] === true;
}

function sumDirections(rows: readonly DirectionRow[]): ActualRow[] {
  const byDate = new Map<string, number>();
  for (const r of rows) byDate.set(r.date, (byDate.get(r.date) ?? 0) + r.count);
  return [...byDate].map(([date, count]) => ({ date, count }));
}

/** The calendar's holidays of every region between two days, marked projected where the mainland's list is. */
export async function holidays(app: FastifyInstance, from: string, to: string): Promise<HolidayRow[]> {
  return (await all(
    app.readDb,
    `select strftime(date, '%Y-%m-%d') as date, name, region, source = $projected as projected from calendar
      where kind = 'holiday' and date between $from::date and $to::date order by date, region`,
    { from, to, projected: CN_PROJECTED },
  )) as unknown as HolidayRow[];
}

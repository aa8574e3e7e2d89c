/** Loads what each chart of this folder draws from the database, as the plain input object of its builder. */
import { listValue } from '@duckdb/node-api';
import { all, hasTable, type Database } from '../../store/db.js';
import { portNames, requireForecastRun } from '../../store/lookups.js';
import { CN_PROJECTED } from '../../store/schema.js';
import { CrossingsError, messages } from '../../messages.js';
import { addDays, addMonths, daysBetween } from '../../isoDays.js';
import { crossingRegions, loadPeaks } from '../peaks.js';
import { requireForecastDateRange } from '../forecastDays.js';
import { US_TRAVELLER_CATEGORIES } from '../totalsData.js';
import type { ChartInput, ChartName } from './index.js';
import type { ActualRow, Direction, DirectionRow, ForecastRow, HolidayRow, Lang } from './common.js';
import type { OverviewDirection, OverviewRow } from './overview.js';
import type { PortDayRow } from './ports.js';

/** What a chart is drawn from: the port and run already resolved, dates already checked. */
export interface ChartOptions {
  /** A port_id (forecast, history, calendar and weekday charts). */
  port?: string;
  /** A forecast run (forecast and overview charts); the latest when not given. */
  run?: number;
  direction?: Direction;
  category?: string;
  from?: string;
  to?: string;
  lang?: Lang;
  history_days?: number;
  country?: string;
  /**
   * Refuses a range longer than `max` days before its rows are read; the API passes its own check so that a
   * range grown from the data's defaults is answered like one asked for (a 400). Default: a CrossingsError.
   */
  checkLength?: (from: string, to: string, max: number) => void;
}

/** Longest date range a chart may cover; the overview draws one column per day, so it gets less. */
export const MAX_CHART_DAYS = 1100;
export const MAX_OVERVIEW_DAYS = 92;

/** Which charts are of one port, and which draw a forecast run (the API resolves both before loading). */
export const CHART_NEEDS: Readonly<Record<ChartName, { port: boolean; run: boolean }>> = {
  forecast: { port: true, run: true },
  history: { port: true, run: false },
  calendar: { port: true, run: false },
  weekday: { port: true, run: false },
  ports: { port: false, run: false },
  overview: { port: false, run: true },
};

/** The input of the named chart's builder, read from the database; a not-found CrossingsError when there is nothing to draw. */
export async function loadChartInput<N extends ChartName>(db: Database, name: N, o: ChartOptions): Promise<ChartInput<N>> {
  // The switch below cannot narrow N; each branch returns the input of its own chart.
  return (await loadAny(db, name, o)) as ChartInput<N>;
}

async function loadAny(db: Database, name: ChartName, o: ChartOptions): Promise<ChartInput<ChartName>> {
  switch (name) {
    case 'forecast':
      return loadForecastInput(db, o);
    case 'history':
    case 'calendar':
    case 'weekday':
      return loadActualsInput(db, name, o);
    case 'ports':
      return loadPortsInput(db, o);
    case 'overview':
      return o.country !== undefined && (await countryIsMonthly(db, o.country)) ? loadMonthlyOverviewInput(db, o) : loadOverviewInput(db, o);
  }
}

/** The forecast chart: the run's days for one series with its bands, over recent actuals and holidays. */
export async function loadForecastInput(db: Database, o: ChartOptions): Promise<ChartInput<'forecast'>> {
  const port = needPort('forecast', o.port);
  const run = o.run ?? (await requireForecastRun(db));
  const lang = o.lang ?? 'en';
  const category = o.category ?? 'total';
  const direction = o.direction ?? 'arrival';
  const range = await requireForecastDateRange(db, run, { port, category });
  // No length limit here: the run's horizon bounds the rows (a monthly series' 56 months span years).
  const monthlyPort = await isMonthly(db, port);
  const from = o.from ?? range.first;
  // A monthly run spans years (56 months); the chart shows two of them unless asked for more.
  const to = o.to ?? (monthlyPort && addMonths(from, 23) < range.last ? addMonths(from, 23) : range.last);
  const forecast = await seriesForecast(db, { run, port, direction, category, from, to });
  const first = forecast[0]?.date ?? from;
  // Monthly series get three years of history (never fewer than two), daily ones eight weeks by default.
  const history = monthlyPort ? Math.max(o.history_days ?? 1095, 730) : (o.history_days ?? 56);
  const actuals = (await dailyActuals(db, port, category, addDays(first, -history), addDays(first, -1))).filter((r) => r.direction === direction);
  const clamp = (x: number) => Math.max(0, x);
  return {
    forecast: forecast.map((r) => ({ date: r.date, mean: clamp(r.mean), lo80: clamp(r.lo80), hi80: clamp(r.hi80), lo95: clamp(r.lo95), hi95: clamp(r.hi95) })),
    actuals: actuals.map(({ date, count }) => ({ date, count })),
    port: await portNames(db, port),
    direction,
    lang,
    per: monthlyPort ? 'month' : 'day',
    ...(monthlyPort ? {} : { holidays: await holidays(db, addDays(first, -history), forecast.at(-1)?.date ?? to) }),
  };
}

/** One series' forecast days of a run, each missing band filled from the narrower one or the mean. */
async function seriesForecast(db: Database, s: { run: number; port: string; direction: string; category: string; from: string; to: string }): Promise<ForecastRow[]> {
  return (await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, mean, coalesce(lo80, mean) as lo80, coalesce(hi80, mean) as hi80,
            coalesce(lo95, lo80, mean) as lo95, coalesce(hi95, hi80, mean) as hi95
       from forecasts where run_id = $run and port_id = $port and direction = $direction and category = $category
        and date between $from::date and $to::date order by date`,
    s,
  )) as unknown as ForecastRow[];
}

/** The history, calendar and weekday charts: one port's actuals over the asked range or its last year. */
export async function loadActualsInput<N extends 'history' | 'calendar' | 'weekday'>(db: Database, name: N, o: ChartOptions): Promise<ChartInput<N>> {
  const port = needPort(name, o.port);
  const lang = o.lang ?? 'en';
  const per = (await isMonthly(db, port)) ? 'month' : 'day';
  // A monthly profile needs whole years: the last three by default.
  const { from, to } = await actualsRange(db, port, per === 'month' && o.from === undefined && o.to === undefined ? { ...o, years: 3 } : o);
  let rows = await dailyActuals(db, port, o.category ?? 'total', from, to);
  if (o.direction) rows = rows.filter((r) => r.direction === o.direction);
  const names = await portNames(db, port);
  if (name === 'history') return { rows, port: names, lang } as ChartInput<N>;
  if (name === 'weekday') return { rows, port: names, lang, per } as ChartInput<N>;
  return {
    rows: sumDirections(rows), holidays: await holidays(db, from, to), port: names, ...(o.direction ? { direction: o.direction } : {}), lang,
  } as ChartInput<N>;
}

/** The ports chart: every port's daily totals (of a country when asked) over the asked range or the last year. */
export async function loadPortsInput(db: Database, o: ChartOptions): Promise<ChartInput<'ports'>> {
  const { from, to } = await actualsRange(db, undefined, o);
  const rows = (await all(
    db,
    `select p.name as port, p.name_zh as port_zh, strftime(c.date, '%Y-%m-%d') as date, sum(c.count)::double as count
       from crossings c join ports p using (port_id)
      where c.freq in ('day', 'hour') and c.category = $category and c.date between $from::date and $to::date
        and ($country is null or p.country = $country)
      group by all order by date`,
    { category: o.category ?? 'total', from, to, country: o.country ?? null },
  )) as unknown as PortDayRow[];
  return { rows, lang: o.lang ?? 'en' };
}

/** The overview: ports × the run's first four weeks (or the asked days: actuals up to each port's last day), peak days marked, holidays above. */
export async function loadOverviewInput(db: Database, o: ChartOptions): Promise<ChartInput<'overview'>> {
  const run = o.run ?? (await requireForecastRun(db));
  const category = o.category ?? 'total';
  const range = await requireForecastDateRange(db, run, { category });
  const from = o.from ?? range.first;
  const to = o.to ?? (addDays(from, 27) < range.last ? addDays(from, 27) : range.last);
  checkLength(o, from, to, MAX_OVERVIEW_DAYS);
  // Daily series only: a monthly count on the 1st of a month would dwarf every day beside it. A day a port has counted
  // shows its count; the run's forecast starts after each port's last day.
  const cells = await all(
    db,
    `with daily as (select port_id from crossings where freq in ('day', 'hour') group by port_id),
     observed as (
       select c.port_id, c.date, c.direction,
              coalesce(sum(c.count) filter (where c.freq <> 'hour'), sum(c.count) filter (where c.freq = 'hour'))::double as mean,
              null::double as lo80, null::double as hi80, true as actual
         from crossings c join daily using (port_id)
        where c.category = $category and c.date between $from::date and $to::date group by all),
     forecast as (
       select f.port_id, f.date, f.direction, f.mean, f.lo80, f.hi80, false as actual
         from forecasts f join daily using (port_id)
        where f.run_id = $run and f.category = $category and f.date between $from::date and $to::date and f.model <> 'closed'
          and not exists (select 1 from observed x where x.port_id = f.port_id and x.date = f.date))
     select d.port_id, p.name as port, p.name_zh as port_zh, p.name_zh_hant as port_zh_hant, strftime(d.date, '%Y-%m-%d') as date,
            d.direction, d.mean, d.lo80, d.hi80, d.actual
       from (select * from observed union all select * from forecast) d join ports p using (port_id)
      where ($country is null or p.country = $country)
        and p.port_id not in (select port_id from forecasts where run_id = $run and model = 'closed')
      order by date, d.port_id, d.direction`,
    { run, category, from, to, country: o.country ?? null },
  );
  const peaks = cells.length === 0 ? { days: [] } : await loadPeaks(db, { runId: run, from, to, category });
  const peakDays = new Set(peaks.days.map((d) => `${d.port_id}\u0000${d.date}`));
  // The calendar's region-wide events (the Canton Fair) are bands too; a port's own events belong on its own chart.
  return { rows: overviewRows(cells, peakDays), holidays: [...await holidays(db, from, to), ...await calendarEvents(db, { port: null, regions: crossingRegions(o.country ?? 'HK') }, from, to)], lang: o.lang ?? 'en' };
}

/** Cells of port, date and direction as overview rows: both directions summed, each kept for the tooltip. */
function overviewRows(cells: readonly Record<string, unknown>[], peakDays: ReadonlySet<string> = new Set()): OverviewRow[] {
  const byKey = new Map<string, OverviewRow & { directions: OverviewDirection[] }>();
  for (const c of cells) {
    const key = `${c['port_id']}\u0000${c['date']}`;
    let row = byKey.get(key);
    if (!row) {
      row = {
        port: String(c['port']), port_zh: (c['port_zh'] as string | null) ?? null, port_zh_hant: (c['port_zh_hant'] as string | null) ?? null,
        date: String(c['date']), mean: 0, peak: peakDays.has(key), actual: c['actual'] === true, directions: [],
      };
      byKey.set(key, row);
    }
    const mean = Math.max(0, Number(c['mean']));
    const band = (x: unknown) => (x === null || x === undefined ? null : Math.max(0, Number(x)));
    row.mean += mean;
    row.directions.push({ direction: String(c['direction']) as Direction, mean, lo80: band(c['lo80']), hi80: band(c['hi80']) });
  }
  return [...byKey.values()];
}


/** The overview of a monthly country: ports × the next 12 months of travellers (people, not vehicles), or the asked months. */
export async function loadMonthlyOverviewInput(db: Database, o: ChartOptions): Promise<ChartInput<'overview'>> {
  const country = o.country ?? '';
  const run = o.run ?? (await requireForecastRun(db));
  const categories = o.category !== undefined && o.category !== 'total' ? [o.category] : US_TRAVELLER_CATEGORIES;
  const [span] = await all(
    db,
    `select strftime(min(f.date), '%Y-%m-%d') as first, strftime(max(f.date), '%Y-%m-%d') as last
       from forecasts f join ports p using (port_id) where f.run_id = $run and p.country = $country and list_contains($categories, f.category)`,
    { run, country, categories: listValue(categories) },
  );
  if (typeof span?.['first'] !== 'string') throw new CrossingsError(messages.noForecastsForQuery(run, country, categories.join(', ')), 'not_found');
  const from = o.from ?? String(span['first']);
  const to = o.to ?? (addMonths(from, 11) < String(span['last']) ? addMonths(from, 11) : String(span['last']));
  // Counted months show their counts, the rest the run's forecast; the measures' intervals do not add up, so none is given.
  const cells = await all(
    db,
    `with observed as (
       select c.port_id, c.date, c.direction, sum(c.count)::double as mean, true as actual
         from crossings c join ports p using (port_id)
        where p.country = $country and c.freq = 'month' and list_contains($categories, c.category) and c.date between $from::date and $to::date
        group by all),
     forecast as (
       select f.port_id, f.date, f.direction, sum(f.mean)::double as mean, false as actual
         from forecasts f join ports p using (port_id)
        where f.run_id = $run and p.country = $country and list_contains($categories, f.category) and f.date between $from::date and $to::date
          and f.model <> 'closed' and not exists (select 1 from observed x where x.port_id = f.port_id and x.date = f.date)
        group by all)
     select d.port_id, p.name as port, p.name_zh as port_zh, p.name_zh_hant as port_zh_hant, strftime(d.date, '%Y-%m-%d') as date,
            d.direction, d.mean, null as lo80, null as hi80, d.actual
       from (select * from observed union all select * from forecast) d join ports p using (port_id)
      order by date, d.port_id, d.direction`,
    { run, country, categories: listValue(categories), from, to },
  );
  return { rows: overviewRows(cells), lang: o.lang ?? 'en', per: 'month' };
}

/** True when every port of the country with data is counted by month (the US BTS ports). */
export async function countryIsMonthly(db: Database, country: string): Promise<boolean> {
  const rows = await all(db, `select bool_and(c.freq = 'month') as monthly from crossings c join ports p using (port_id) where p.country = $country`, { country });
  return rows[0]?.['monthly'] === true;
}

function needPort(chart: string, port: string | undefined): string {
  if (port === undefined) throw new CrossingsError(messages.chartNeedsPort(chart), 'invalid');
  return port;
}

/** Runs the caller's range check, else refuses a range over `max` days itself. */
function checkLength(o: ChartOptions, from: string, to: string, max: number): void {
  if (o.checkLength) return o.checkLength(from, to, max);
  const days = daysBetween(from, to) + 1;
  if (days > max) throw new CrossingsError(messages.rangeTooLong(days, max), 'invalid');
}

/** The asked range, or the last 365 days of the port's data (of all daily data without a port). */
async function actualsRange(db: Database, port: string | undefined, o: ChartOptions & { years?: number }): Promise<{ from: string; to: string }> {
  let to = o.to;
  if (to === undefined) {
    const rows = await all(
      db,
      `select strftime(max(date), '%Y-%m-%d') as last from crossings where ($port is null or port_id = $port) and freq in ('day', 'hour', 'month')
         and ($port is not null or freq <> 'month')`,
      { port: port ?? null },
    );
    to = typeof rows[0]?.['last'] === 'string' ? String(rows[0]['last']) : new Date().toISOString().slice(0, 10);
    if (o.from && o.from > to) to = addDays(o.from, 364);
  }
  const from = o.from ?? addDays(to, -365 * (o.years ?? 1) + 1);
  checkLength(o, from, to, MAX_CHART_DAYS);
  return { from, to };
}

/** Daily counts of a port per direction: daily rows where present, else the sum of the day's hourly rows. */
export async function dailyActuals(db: Database, port: string, category: string, from: string, to: string): Promise<DirectionRow[]> {
  return (await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, direction,
            coalesce(sum(count) filter (where freq <> 'hour'), sum(count) filter (where freq = 'hour'))::double as count
       from crossings where port_id = $port and category = $category and date between $from::date and $to::date
      group by date, direction order by date, direction`,
    { port, category, from, to },
  )) as unknown as DirectionRow[];
}

/** True when the port's counts are monthly (a US BTS port), so its charts speak of months. */
async function isMonthly(db: Database, port: string): Promise<boolean> {
  const rows = await all(db, `select bool_and(freq = 'month') as monthly from crossings where port_id = $port`, { port });
  return rows[0]?.['monthly'] === true;
}

function sumDirections(rows: readonly DirectionRow[]): ActualRow[] {
  const byDate = new Map<string, number>();
  for (const r of rows) byDate.set(r.date, (byDate.get(r.date) ?? 0) + r.count);
  return [...byDate].map(([date, count]) => ({ date, count }));
}

/** The calendar's holidays of every region between two days, marked projected where the mainland's list is. */
/**
 * Events that are not holidays on the days of a range, as holiday-like rows: the calendar's (the Canton Fair's
 * phases, region-wide) and the port's own known in advance (ship calls, concerts; region "event").
 */
export async function calendarEvents(db: Database, o: { port: string | null; regions: readonly string[] }, from: string, to: string): Promise<HolidayRow[]> {
  const own = o.port !== null && (await hasTable(db, 'events'));
  return (await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, name, 'event' as region from calendar
      where kind = 'event' and date between $from::date and $to::date and list_contains(string_split($regions, ','), region)
     ${own ? `union all
     select strftime(e.date, '%Y-%m-%d'), e.name, 'event' from events e join ports p on p.port_id = $port
      where (e.port_id = p.port_id or (e.port_id is null and (e.region is null or e.region = p.region)))
        and e.date between $from::date and $to::date` : ''}
     order by 1, 2`,
    { from, to, regions: o.regions.join(','), ...(own ? { port: o.port } : {}) },
  )) as unknown as HolidayRow[];
}

export async function holidays(db: Database, from: string, to: string): Promise<HolidayRow[]> {
  return (await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, name, region, source = $projected as projected from calendar
      where kind = 'holiday' and date between $from::date and $to::date order by date, region`,
    { from, to, projected: CN_PROJECTED },
  )) as unknown as HolidayRow[];
}

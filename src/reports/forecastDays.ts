/**
 * What peaks, staffing and the outlook read from the database: a forecast run's days, its date range, daily
 * actuals, the holiday calendar and its spans, and each port's home region.
 */
import type { Database } from '../store/db.js';
import { all } from '../store/db.js';
import { CrossingsError, messages, staffingMessages as msg } from '../messages.js';
import { CN_PROJECTED } from '../store/schema.js';
import { addDays } from '../isoDays.js';
import { portNames } from '../store/lookups.js';

export type Basis = 'mean' | 'hi80';
export const BASES: readonly Basis[] = ['mean', 'hi80'];

/** One forecast day of one series, as in the `forecasts` table. */
export interface ForecastDay {
  port_id: string;
  direction: string;
  date: string;
  mean: number;
  lo80?: number | null;
  hi80?: number | null;
  lo95?: number | null;
  hi95?: number | null;
}

/** A daily actual count of one series. */
export interface DailyActual {
  port_id: string;
  direction: string;
  date: string;
  count: number;
}

/** A calendar row, as in the `calendar` table. */
export interface CalendarDay {
  date: string;
  region: string;
  name: string;
  kind: string;
  /** Where the day comes from; the ingest marks projected days (CN_PROJECTED). */
  source?: string;
}

/** Consecutive holiday days of one region, taken as one holiday. */
export interface HolidaySpan {
  region: string;
  name: string;
  start: string;
  end: string;
  /** Some of its days are projected, not published. */
  projected?: boolean;
}

/**
 * Holiday spans: consecutive holiday days of a region, bridging gaps of up to `bridgeDays`
 * (so Good Friday, Holy Saturday and Easter Monday form one Easter), named after their first day.
 */
export function holidaySpans(calendar: readonly CalendarDay[], bridgeDays = 1): HolidaySpan[] {
  const byRegion = new Map<string, CalendarDay[]>();
  for (const c of calendar) {
    if (c.kind !== 'holiday') continue;
    const list = byRegion.get(c.region);
    if (list) list.push(c);
    else byRegion.set(c.region, [c]);
  }
  const out: HolidaySpan[] = [];
  for (const [region, days] of byRegion) {
    days.sort((a, b) => a.date.localeCompare(b.date));
    let span: HolidaySpan | undefined;
    for (const d of days) {
      if (span && d.date <= addDays(span.end, bridgeDays + 1)) span.end = d.date > span.end ? d.date : span.end;
      else {
        span = { region, name: d.name, start: d.date, end: d.date };
        out.push(span);
      }
      if (d.source === CN_PROJECTED) span.projected = true;
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.region.localeCompare(b.region));
}

/** Forecast days of one run for a date range (category 'total' unless told), one model per series. */
export async function loadForecastDays(
  db: Database,
  options: { runId: number; from: string; to: string; port?: string; direction?: string; category?: string; model?: string },
): Promise<ForecastDay[]> {
  const where = ['run_id = $run', 'category = $category', 'date between cast($from as date) and cast($to as date)'];
  const params: Record<string, string | number> = { run: options.runId, category: options.category ?? 'total', from: options.from, to: options.to };
  for (const key of ['port', 'direction', 'model'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    where.push(`${key === 'port' ? 'port_id' : key} = $${key}`);
    params[key] = value;
  }
  const rows = (await all(
    db,
    `select port_id, direction, strftime(date, '%Y-%m-%d') as date, model, mean, lo80, hi80, lo95, hi95
       from forecasts where ${where.join(' and ')} order by port_id, direction, date, model`,
    params,
  )) as unknown as (ForecastDay & { model: string })[];
  const models = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = seriesKey(r);
    const set = models.get(key) ?? new Set<string>();
    set.add(r.model);
    models.set(key, set);
  }
  for (const [key, set] of models) {
    if (set.size > 1) throw new CrossingsError(msg.severalModels(options.runId, key.replace('\u0000', ' '), [...set]));
  }
  if (rows.length === 0 && options.port) throw new CrossingsError(await whyNoForecast(db, { ...options, port: options.port }), 'not_found');
  return rows.map(({ model: _model, ...r }) => r);
}

/** Why a run has no forecast days for a port, category and dates: the port has none, not that category, or other dates. */
export async function whyNoForecast(db: Database, o: { runId: number; port: string; category?: string; from: string; to: string }): Promise<string> {
  const rows = await all(
    db,
    `select f.category, strftime(min(f.date), '%Y-%m-%d') as first, strftime(max(f.date), '%Y-%m-%d') as last, any_value(p.name) as name
       from forecasts f left join ports p using (port_id) where f.run_id = $run and f.port_id = $port group by f.category order by f.category`,
    { run: o.runId, port: o.port },
  );
  const name = rows.length > 0 ? String(rows[0]!['name'] ?? o.port) : (await portNames(db, o.port)).name;
  const category = o.category ?? 'total';
  const own = rows.find((r) => r['category'] === category);
  if (rows.length === 0) return msg.portNotForecast(name, o.runId);
  if (!own) return msg.categoryNotForecast(name, category, rows.map((r) => String(r['category'])), o.runId);
  return msg.forecastElsewhen(name, o.from, o.to, o.runId, String(own['first']), String(own['last']));
}
/** The first and last forecast day of a run (for one port, or any when null, and a category); undefined when it has none. */
export async function forecastDateRange(
  db: Database,
  run: number,
  options: { port?: string | null; category?: string },
): Promise<{ first: string; last: string } | undefined> {
  const rows = await all(
    db,
    `select strftime(min(date), '%Y-%m-%d') as first, strftime(max(date), '%Y-%m-%d') as last
       from forecasts where run_id = $run and ($port is null or port_id = $port) and category = $category`,
    { run, port: options.port ?? null, category: options.category ?? 'total' },
  );
  const first = rows[0]?.['first'];
  const last = rows[0]?.['last'];
  return typeof first === 'string' && typeof last === 'string' ? { first, last } : undefined;
}

/** The first and last forecast day of a run (for one port and category); a not-found CrossingsError when there is none. */
export async function requireForecastDateRange(
  db: Database,
  run: number,
  options: { port?: string | null; category?: string },
): Promise<{ first: string; last: string }> {
  const range = await forecastDateRange(db, run, options);
  if (!range) {
    const why = options.port ? await whyNoForecast(db, { runId: run, port: options.port, ...(options.category ? { category: options.category } : {}), from: '', to: '' }) : undefined;
    throw new CrossingsError(why ?? messages.noForecastsForQuery(run, 'any port', options.category ?? 'total'), 'not_found');
  }
  return range;
}

/** Daily actual counts: daily rows where present, else the sum of that day's hourly rows; a monthly series' months as they are. */
export async function loadDailyActuals(db: Database, options: { ports?: readonly string[]; category?: string } = {}): Promise<DailyActual[]> {
  const params: Record<string, string> = { category: options.category ?? 'total' };
  let portFilter = '';
  if (options.ports && options.ports.length > 0) {
    portFilter = `and list_contains(string_split($ports, chr(31)), port_id)`;
    params['ports'] = options.ports.join('\u001f');
  }
  const rows = await all(
    db,
    `select port_id, direction, strftime(date, '%Y-%m-%d') as date,
            cast(coalesce(sum(count) filter (where freq = 'day'), sum(count) filter (where freq = 'hour'), sum(count) filter (where freq = 'month')) as double) as count
       from crossings
      where category = $category ${portFilter}
      group by port_id, direction, date order by port_id, direction, date`,
    params,
  );
  return rows as unknown as DailyActual[];
}

/** Calendar rows between two dates. */
export async function loadCalendar(db: Database, from: string, to: string): Promise<CalendarDay[]> {
  const rows = await all(
    db,
    `select strftime(date, '%Y-%m-%d') as date, region, name, kind, source from calendar
      where date between cast($from as date) and cast($to as date) order by date, region`,
    { from, to },
  );
  return rows as unknown as CalendarDay[];
}

/** Each port's home region (its residents' calendar), HK where unset. */
export async function loadPortRegions(db: Database): Promise<Record<string, string>> {
  const rows = await all(db, `select port_id, coalesce(region, 'HK') as region from ports`);
  return Object.fromEntries(rows.map((r) => [String(r['port_id']), String(r['region'])]));
}

/** The key of one series: port and direction. */
export function seriesKey(r: { port_id: string; direction: string }): string {
  return `${r.port_id}\u0000${r.direction}`;
}

/** Refuses a port whose counts are all monthly (its forecast values are months, not days), with what the caller needs days for. */
export async function assertDailyPort(db: Database, port: string, refusal: (port: string) => string): Promise<void> {
  // exists() stops at the first row found instead of counting every row of the port.
  const rows = await all(
    db,
    `select exists (select 1 from crossings where port_id = $port) as any,
       exists (select 1 from crossings where port_id = $port and freq <> 'month') as daily`,
    { port },
  );
  if (rows[0]!['any'] && !rows[0]!['daily']) throw new CrossingsError(refusal((await portNames(db, port)).name));
}

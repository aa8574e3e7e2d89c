/** Loads series and calendars from the database into the engine's typed form (the thin DB layer). */
import type { DuckDBListValue } from '@duckdb/node-api';
import { all, type Database, type Params } from './db.js';
import { loadPortEvents } from './events.js';
import { CN_PROJECTED } from './schema.js';
import { holidayCalendar, type CalendarRow, type HolidayCalendar } from '../models/calendar.js';
import { storedSeries, type StoredSeries } from '../models/series.js';
import type { PortMeta } from '../models/reconcile/aggregates.js';
import type { Freq } from '../models/types.js';

/**
 * Every daily and monthly series in `crossings`; hourly rows are summed into their day.
 * Missing periods inside a series are NaN. Optional `until` (YYYY-MM-DD) drops later data.
 * One row per series with its periods and counts as lists: a row per day made loading take seconds.
 */
export async function loadSeries(db: Database, options: { until?: string; where?: string; params?: Params } = {}): Promise<StoredSeries[]> {
  const reader = await db.conn.runAndReadAll(
    `with daily as (
       select c.port_id, c.direction, c.category,
              case when c.freq = 'month' then 'month' else 'day' end as freq,
              case when c.freq = 'month' then (year(c.date) * 12 + month(c.date) - 1)
                   else (c.date - DATE '1970-01-01') end::int as t,
              sum(c.count)::double as count
         from crossings c
        where ($until is null or c.date <= $until::date) ${options.where ? `and (${options.where})` : ''}
        group by all)
     select d.port_id, coalesce(p.name, d.port_id) as port, coalesce(p.source, '') as source, d.direction, d.category, d.freq,
            list(d.t order by d.t) as ts, list(d.count order by d.t) as counts
       from daily d left join ports p using (port_id)
      group by all
      order by d.port_id, d.direction, d.category, d.freq`,
    { until: options.until ?? null, ...options.params },
  );
  const out: StoredSeries[] = [];
  const events = await loadPortEvents(db);
  for (const r of reader.getRows()) {
    const [port_id, port, source, direction, category] = [String(r[0]), String(r[1]), String(r[2]), String(r[3]), String(r[4])];
    const ts = (r[6] as DuckDBListValue).items as number[];
    const counts = (r[7] as DuckDBListValue).items as number[];
    const s = storedSeries({ port_id, port, source, direction, category, freq: String(r[5]) as Freq, ts, counts });
    if (!s) continue;
    // A port's events known in advance are regressors of its daily series (the calendar regression's portEvents).
    const own = s.series.freq === 'day' ? events.get(port_id) : undefined;
    out.push(own ? { ...s, series: { ...s.series, events: own } } : s);
  }
  return out;
}

/**
 * The first day of the mainland's holiday years that are projected, not published (set by ingest/calendar.ts), as
 * YYYY-MM-DD; undefined when every year is published.
 */
export function firstProjectedHolidayDay(rows: readonly CalendarRow[]): string | undefined {
  let first: string | undefined;
  for (const r of rows) if (r.source === CN_PROJECTED && (first === undefined || r.date < first)) first = r.date;
  return first && `${first.slice(0, 4)}-01-01`;
}

/** The rows of the `calendar` table (every region and kind). */
export async function loadCalendarRows(db: Database): Promise<CalendarRow[]> {
  return (await all(db, `select strftime(date, '%Y-%m-%d') as date, region, name, kind, source from calendar`)) as unknown as CalendarRow[];
}

/** The HK and mainland holidays of the `calendar` table. */
export async function loadCalendar(db: Database): Promise<HolidayCalendar> {
  return holidayCalendar(await loadCalendarRows(db));
}

/** Every port's kind and country, by id: where its series sit in the hierarchy the forecast job reconciles. */
export async function loadPortMeta(db: Database): Promise<Map<string, PortMeta>> {
  const rows = (await all(db, `select port_id, kind, country from ports`)) as unknown as PortMeta[];
  return new Map(rows.map((r) => [r.port_id, r]));
}

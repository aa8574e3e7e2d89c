/** Loads series and calendars from the database into the engine's typed form (the thin DB layer). */
import { all, type Database } from '../db.js';
import { holidayCalendar, type CalendarRow, type HolidayCalendar } from './calendar.js';
import { periodOf } from './dates.js';
import type { Freq, Series } from './types.js';

/** A stored series with its identity. */
export interface StoredSeries {
  port_id: string;
  port: string;
  direction: string;
  category: string;
  series: Series;
}

/**
 * Every daily and monthly series in `crossings`; hourly rows are summed into their day.
 * Missing periods inside a series are NaN. Optional `until` (YYYY-MM-DD) drops later data.
 */
export async function loadSeries(db: Database, options: { until?: string; where?: string; params?: Record<string, string> } = {}): Promise<StoredSeries[]> {
  const rows = await all(
    db,
    `select c.port_id, coalesce(p.name, c.port_id) as port, c.direction, c.category,
            case when c.freq = 'month' then 'month' else 'day' end as freq,
            strftime(c.date, '%Y-%m-%d') as date, sum(c.count)::double as count
       from crossings c left join ports p using (port_id)
      where ($until is null or c.date <= $until::date) ${options.where ? `and (${options.where})` : ''}
      group by all
      order by c.port_id, c.direction, c.category, freq, date`,
    { until: options.until ?? null, ...options.params },
  );
  const out: StoredSeries[] = [];
  let i = 0;
  while (i < rows.length) {
    const r = rows[i]!;
    let j = i;
    const same = (x: Record<string, unknown>) =>
      x['port_id'] === r['port_id'] && x['direction'] === r['direction'] && x['category'] === r['category'] && x['freq'] === r['freq'];
    while (j < rows.length && same(rows[j]!)) j++;
    const freq = r['freq'] as Freq;
    const first = periodOf(freq, String(r['date']));
    const last = periodOf(freq, String(rows[j - 1]!['date']));
    const y = new Float64Array(last - first + 1).fill(NaN);
    for (let k = i; k < j; k++) y[periodOf(freq, String(rows[k]!['date'])) - first] = Number(rows[k]!['count']);
    const key = `${r['port_id']}|${r['direction']}|${r['category']}`;
    out.push({
      port_id: String(r['port_id']),
      port: String(r['port']),
      direction: String(r['direction']),
      category: String(r['category']),
      series: { key, freq, start: first, y },
    });
    i = j;
  }
  return out;
}

/** The HK and mainland holidays of the `calendar` table. */
export async function loadCalendar(db: Database): Promise<HolidayCalendar> {
  const rows = await all(db, `select strftime(date, '%Y-%m-%d') as date, region, name, kind from calendar`);
  return holidayCalendar(rows as unknown as CalendarRow[]);
}

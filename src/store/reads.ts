/** Simple reads the API lists as they are: observed counts, the port list with its series, and health counts. */
import { all, type Database, type Row } from './db.js';

/** The columns of an actuals row, in order (the CSV header). */
export const ACTUAL_COLUMNS = ['port_id', 'date', 'hour', 'direction', 'category', 'count'] as const;

/** Observed counts of one port, optionally of one direction and between two days, in date and hour order. */
export async function loadActuals(
  db: Database,
  options: { port: string; direction?: string; category?: string; from?: string; to?: string },
): Promise<Row[]> {
  return all(
    db,
    `select port_id, date::varchar as date, hour, direction, category, count::double as count
     from crossings
     where port_id = $port and ($direction is null or direction = $direction) and category = $category
       and ($from is null or date >= $from::date) and ($to is null or date <= $to::date)
     order by date, hour nulls first, direction`,
    {
      port: options.port, direction: options.direction ?? null, category: options.category ?? 'total',
      from: options.from ?? null, to: options.to ?? null,
    },
  );
}

/** How many counts and ports the database holds (the health check's proof that it answers). */
export async function healthCounts(db: Database): Promise<{ counts: number | undefined; ports: number | undefined }> {
  const rows = await all(db, `select (select count(*) from crossings)::int as counts, (select count(*) from ports)::int as ports`);
  return { counts: rows[0]?.['counts'] as number | undefined, ports: rows[0]?.['ports'] as number | undefined };
}

/** Every port with its names, kind, data range, status in the latest forecast run and the series it has. */
export async function listPorts(db: Database): Promise<Row[]> {
  const ports = await all(
    db,
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
  const series = await all(db, `select distinct port_id, direction, category from crossings order by all`);
  const byPort = new Map<string, Row[]>();
  for (const s of series) byPort.set(String(s['port_id']), [...(byPort.get(String(s['port_id'])) ?? []), s]);
  return ports.map((p) => ({
    ...p,
    series: (byPort.get(String(p['port_id'])) ?? []).map((s) => ({ direction: s['direction'], category: s['category'] })),
  }));
}

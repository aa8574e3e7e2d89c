/**
 * The analyst views: stable names over the tables of DESIGN.md, each column documented. The SQL
 * workbench lists them (GET /api/sql/schema); renaming a view or a column breaks analysts' saved queries.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../store/db.js';

/** A documented relation: a view this module creates or a table analysts query directly. */
export interface RelationDoc {
  name: string;
  kind: 'view' | 'table';
  description: string;
  columns: Record<string, string>;
  /** The view's query (views only). */
  sql?: string;
}

const PORT = { port_id: 'Port id (see ports), e.g. hk-lo-wu', port: 'Port name in English' };

/** Every analyst view, in the order they are created (later ones may read earlier ones). */
export const ANALYST_VIEWS: readonly RelationDoc[] = [
  {
    name: 'daily_crossings',
    kind: 'view',
    description: 'Daily counts per port, direction and traveller category (hourly data summed to days; monthly sources left out, see monthly_crossings).',
    columns: {
      ...PORT, port_zh: 'Port name in simplified Chinese', kind: 'land, rail, sea, air or bridge', region: 'Region of the port (HK, US ...)',
      date: 'Calendar day', direction: 'arrival or departure', category: 'total, or a traveller group such as hk_residents, mainland_visitors, other_visitors',
      count: 'Travellers that day (BIGINT)',
    },
    sql: `select c.port_id, p.name as port, p.name_zh as port_zh, p.kind, p.region, c.date, c.direction::varchar as direction, c.category, sum(c.count)::bigint as count
      from crossings c left join ports p using (port_id)
      where c.freq in ('day', 'hour')
      group by c.port_id, p.name, p.name_zh, p.kind, p.region, c.date, c.direction, c.category`,
  },
  {
    name: 'monthly_crossings',
    kind: 'view',
    description: 'Monthly counts per port, direction and category, from every source (daily data summed to months).',
    columns: { ...PORT, region: 'Region of the port', month: 'First day of the month', direction: 'arrival or departure', category: 'total or a traveller group / source measure', count: 'Travellers that month (BIGINT)' },
    sql: `select c.port_id, p.name as port, p.region, date_trunc('month', c.date)::date as month, c.direction::varchar as direction, c.category, sum(c.count)::bigint as count
      from crossings c left join ports p using (port_id)
      group by c.port_id, p.name, p.region, date_trunc('month', c.date), c.direction, c.category`,
  },
  {
    name: 'latest_forecasts',
    kind: 'view',
    description: 'The forecasts of the latest forecast run, with intervals.',
    columns: {
      run_id: 'Forecast run (see forecast_runs)', run_created_at: 'When the run was made', ...PORT, direction: 'arrival or departure', category: 'Traveller category',
      date: 'Forecast day (or month for monthly series)', model: 'Model chosen for this series by backtest', mean: 'Point forecast',
      lo80: 'Lower bound of the 80% interval', hi80: 'Upper bound of the 80% interval', lo95: 'Lower bound of the 95% interval', hi95: 'Upper bound of the 95% interval',
    },
    sql: `select f.run_id, r.created_at as run_created_at, f.port_id, p.name as port, f.direction, f.category, f.date, f.model,
        f.mean, f.lo80, f.hi80, f.lo95, f.hi95
      from forecasts f join forecast_runs r using (run_id) left join ports p using (port_id)
      where f.run_id = (select max(run_id) from forecasts)`,
  },
  {
    name: 'forecast_accuracy',
    kind: 'view',
    description: 'Every stored forecast and backtest day whose actual is known, with its error and whether the intervals held it.',
    columns: {
      source: 'backtest (rolling-origin test) or forecast (a stored run scored against actuals loaded since)', run_id: 'Run that made the forecast',
      ...PORT, direction: 'arrival or departure', category: 'Traveller category', model: 'Model', cutoff: 'Last day of data the forecast was made from',
      date: 'Forecast day', horizon_days: 'Days ahead of the cutoff (1 = next day)', actual: 'What happened', mean: 'Point forecast',
      error: 'actual - mean', abs_error: '|actual - mean|', ape: '|actual - mean| / actual (null when actual is 0)',
      in80: 'Actual inside the 80% interval', in95: 'Actual inside the 95% interval',
    },
    sql: `with actuals as (
        select port_id, date, direction, category, sum(count)::double as actual from crossings group by port_id, date, direction, category
      ), stored as (
        select 'backtest' as source, run_id, port_id, direction, category, model, cutoff, date, actual, mean, lo80, hi80, lo95, hi95 from backtests
        union all
        select 'forecast', f.run_id, f.port_id, f.direction, f.category, f.model,
          (min(f.date) over (partition by f.run_id, f.port_id, f.direction, f.category) - 1)::date,
          f.date, a.actual, f.mean, f.lo80, f.hi80, f.lo95, f.hi95
        from forecasts f join actuals a using (port_id, date, direction, category)
      )
      select s.source, s.run_id, s.port_id, p.name as port, s.direction, s.category, s.model, s.cutoff, s.date,
        (s.date - s.cutoff)::integer as horizon_days, s.actual, s.mean, s.actual - s.mean as error, abs(s.actual - s.mean) as abs_error,
        case when s.actual > 0 then abs(s.actual - s.mean) / s.actual end as ape,
        s.actual between s.lo80 and s.hi80 as in80, s.actual between s.lo95 and s.hi95 as in95
      from stored s left join ports p using (port_id)
      where s.actual is not null`,
  },
  {
    name: 'peaks',
    kind: 'view',
    description: "Historical peak days: days whose total count is above the 90th percentile of that port and direction's daily totals, with the holidays of that day.",
    columns: {
      ...PORT, direction: 'arrival or departure', date: 'Calendar day', weekday: 'Day of the week', count: 'Travellers that day (all categories)',
      threshold: '90th percentile of the daily totals of this port and direction', ratio: 'count / threshold',
      holidays: 'Holidays that day, "REGION: name" separated by "; " (null when none)',
    },
    sql: `with d as (select port_id, port, date, direction, count from daily_crossings where category = 'total'),
      q as (select port_id, direction, quantile_cont(count, 0.9) as threshold from d group by port_id, direction),
      h as (select date, string_agg(distinct region || ': ' || name, '; ') as holidays from calendar where kind = 'holiday' group by date)
      select d.port_id, d.port, d.direction, d.date, dayname(d.date) as weekday, d.count, q.threshold, d.count / q.threshold as ratio, h.holidays
      from d join q using (port_id, direction) left join h using (date)
      where d.count > q.threshold`,
  },
];

/** The tables analysts read directly, documented like the views. */
export const ANALYST_TABLES: readonly RelationDoc[] = [
  {
    name: 'calendar', kind: 'table',
    description: 'Public holidays of HK and mainland China (with adjusted working days, 调休) and imported regions.',
    columns: { date: 'Calendar day', region: 'HK, CN or an imported region', name: 'Holiday name', kind: 'holiday, adjusted_workday or event', source: 'Where the day came from' },
  },
  {
    name: 'events', kind: 'table',
    description: 'Events known in advance (ship calls, large events, bookings), regressors of their port\'s forecasts (crossings events import).',
    columns: { date: 'Day of the event', port_id: 'Its port; null for a region-wide event', region: 'Region of a region-wide event; null with no port: every port', name: 'Event name', kind: 'ship, event, booking, ...', volume: 'Size (a ship\'s capacity, an audience); null when not known', source: 'File or request it came from' },
  },
  {
    name: 'ports', kind: 'table', description: 'Border control points.',
    columns: { port_id: 'Stable id', name: 'English name', name_zh: 'Simplified Chinese name', name_zh_hant: 'Traditional Chinese name', kind: 'land, rail, sea, air or bridge', region: 'Region', country: 'Country', timezone: 'IANA time zone', source: 'Source that introduced it', source_code: "The source's own code (e.g. BTS Port Code)" },
  },
  {
    name: 'crossings', kind: 'table', description: 'Every loaded count, long format (the source of the views).',
    columns: { port_id: 'Port id', date: 'Day (first of the month for monthly data)', hour: 'Hour 0-23, null for daily and monthly totals', direction: 'arrival or departure', category: 'total or a traveller group', count: 'Travellers (BIGINT)', freq: 'hour, day or month', ingest_run_id: 'Load that wrote it (see ingest_runs)' },
  },
  {
    name: 'forecast_runs', kind: 'table', description: 'Forecast and backtest runs.',
    columns: { run_id: 'Run id', created_at: 'When it ran', horizon: 'Periods ahead', levels: 'Interval levels', series_count: 'Series forecast', seconds: 'Run time', note: 'forecast or backtest' },
  },
  {
    name: 'aggregate_forecasts', kind: 'table',
    description: 'Each forecast run\'s directly forecast and reconciled totals: all control points and land / sea / air per direction; the sum of the run\'s port forecasts to the unit, with their own intervals.',
    columns: { run_id: 'Forecast run (see forecast_runs)', aggregate_id: 'hk-all, hk-land, hk-sea or hk-air (not a port)', direction: 'arrival or departure', category: 'total', date: 'Day', model: 'Model the engine chose for the aggregate series', mean: 'Forecast (whole travellers)', lo80: 'Lower 80% bound', hi80: 'Upper 80% bound', lo95: 'Lower 95% bound', hi95: 'Upper 95% bound' },
  },
];

/** Creates (or replaces) the analyst views; call at server start and when the CLI opens a database. */
export async function ensureAnalystViews(db: Database | DuckDBConnection): Promise<void> {
  const conn = 'conn' in db ? db.conn : db;
  for (const view of ANALYST_VIEWS) await conn.run(`create or replace view ${view.name} as ${view.sql!}`);
}

/** One relation of GET /api/sql/schema. */
export interface SchemaRelation {
  name: string;
  kind: 'view' | 'table';
  description: string;
  columns: { name: string; type: string; description: string }[];
}

/** Lists the documented views and tables first, then every other table, each with its columns and docs. */
export async function describeSchema(conn: DuckDBConnection): Promise<SchemaRelation[]> {
  const reader = await conn.runAndReadAll(
    `select c.table_name, c.column_name, c.data_type, coalesce(v.view_name is not null, false) as is_view
       from duckdb_columns() c
       left join duckdb_views() v on v.database_name = c.database_name and v.schema_name = c.schema_name and v.view_name = c.table_name
      where c.database_name = current_database() and c.schema_name = 'main' and not c.internal
      order by c.table_name, c.column_index`,
  );
  const docs = new Map([...ANALYST_VIEWS, ...ANALYST_TABLES].map((d) => [d.name, d]));
  const byName = new Map<string, SchemaRelation>();
  for (const [table, column, type, isView] of reader.getRows()) {
    const name = String(table);
    const doc = docs.get(name);
    let rel = byName.get(name);
    if (!rel) {
      rel = { name, kind: isView ? 'view' : 'table', description: doc?.description ?? '', columns: [] };
      byName.set(name, rel);
    }
    rel.columns.push({ name: String(column), type: String(type), description: doc?.columns[String(column)] ?? '' });
  }
  const documented = [...docs.keys()].flatMap((n) => (byName.has(n) ? [byName.get(n)!] : []));
  const others = [...byName.values()].filter((r) => !docs.has(r.name));
  return [...documented, ...others];
}

/** Writes forecast runs, forecasts and backtests to the database (append-only; runs are never edited). */
import { all, run, transaction, type Database } from '../db.js';
import { sqlString } from '../sqlText.js';

/** One stored forecast row, plus the port's name for exports. */
export interface ForecastRow {
  port_id: string;
  port: string;
  direction: string;
  category: string;
  date: string;
  model: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** One stored backtest row. */
export interface BacktestRow extends ForecastRow {
  cutoff: string;
  actual: number | null;
}

const num = (x: number | null) => (x === null || !Number.isFinite(x) ? 'null' : String(x));

/** Inserts rows in chunks of literal VALUES: a few thousand rows load in milliseconds. */
async function insertRows(db: Database, table: string, columns: string[], rows: string[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const values = rows.slice(i, i + 2000).map((r) => `(${r.join(',')})`).join(',\n');
    await run(db, `insert into ${table} (${columns.join(', ')}) values ${values}`);
  }
}

/** Creates a forecast_runs row and returns its id. */
export async function createRun(db: Database, run_: { horizon: number; seriesCount: number; seconds: number; note: string }): Promise<number> {
  const id = Number((await all(db, `select nextval('forecast_run_seq')::int as id`))[0]!['id']);
  await run(
    db,
    `insert into forecast_runs (run_id, created_at, horizon, levels, series_count, seconds, note)
     values ($id, now()::timestamp, $h, '80,95', $n, $s, $note)`,
    { id, h: run_.horizon, n: run_.seriesCount, s: run_.seconds, note: run_.note },
  );
  return id;
}

/** Stores a forecast run and its rows in one transaction; returns the run id. */
export async function storeForecasts(db: Database, rows: readonly ForecastRow[], meta: { horizon: number; seriesCount: number; seconds: number; note?: string }): Promise<number> {
  return transaction(db, async () => {
    const id = await createRun(db, { ...meta, note: meta.note ?? 'forecast' });
    await insertRows(
      db,
      'forecasts',
      ['run_id', 'port_id', 'direction', 'category', 'date', 'model', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'],
      rows.map((r) => [String(id), sqlString(r.port_id), sqlString(r.direction), sqlString(r.category), `${sqlString(r.date)}::date`, sqlString(r.model), num(r.mean), num(r.lo80), num(r.hi80), num(r.lo95), num(r.hi95)]),
    );
    return id;
  });
}

/** Stores a backtest run (a forecast_runs row with note 'backtest') and its rows; returns the run id. */
export async function storeBacktests(db: Database, rows: readonly BacktestRow[], meta: { horizon: number; seriesCount: number; seconds: number; note?: string }): Promise<number> {
  return transaction(db, async () => {
    const id = await createRun(db, { ...meta, note: meta.note ?? 'backtest' });
    await insertRows(
      db,
      'backtests',
      ['run_id', 'port_id', 'direction', 'category', 'cutoff', 'date', 'model', 'actual', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'],
      rows.map((r) => [String(id), sqlString(r.port_id), sqlString(r.direction), sqlString(r.category), `${sqlString(r.cutoff)}::date`, `${sqlString(r.date)}::date`, sqlString(r.model), num(r.actual), num(r.mean), num(r.lo80), num(r.hi80), num(r.lo95), num(r.hi95)]),
    );
    return id;
  });
}

/** Reads of stored backtests: the windows GET /api/backtests lists, and the rows and series the scorer needs. */
import { all, type Database, type Params, type Row } from './db.js';
import type { ForecastDay } from './forecastActuals.js';

/** Which stored backtest rows: one run, optionally one port, direction, category and model (null: all). */
export interface BacktestFilter {
  run: number;
  port: string | null;
  direction: string | null;
  category: string | null;
  model: string | null;
}

/** The listing's filter: also one cutoff and a range of forecast days (null: all). */
export interface BacktestListFilter extends BacktestFilter {
  cutoff: string | null;
  from: string | null;
  to: string | null;
}

// Unqualified, so that it reads the same inside the series filter's subquery on backtests.
const WHERE = `run_id = $run and ($port is null or port_id = $port) and ($direction is null or direction = $direction)
   and ($category is null or category = $category) and ($model is null or model = $model)`;

const params = (f: BacktestFilter): Params => ({ run: f.run, port: f.port, direction: f.direction, category: f.category, model: f.model });

/** Backtest rows with ISO dates, by series, cutoff, model and day, as GET /api/backtests answers them. */
export async function listBacktests(db: Database, f: BacktestListFilter): Promise<Row[]> {
  return all(
    db,
    `select run_id, port_id, direction, category, strftime(cutoff, '%Y-%m-%d') as cutoff, strftime(date, '%Y-%m-%d') as date, model,
            actual, mean, lo80, hi80, lo95, hi95
       from backtests
      where ${WHERE}
        and ($cutoff is null or cutoff = $cutoff::date) and ($from is null or date >= $from::date) and ($to is null or date <= $to::date)
      order by port_id, direction, cutoff, model, date`,
    { ...params(f), cutoff: f.cutoff, from: f.from, to: f.to },
  );
}

/** A stored backtest row as the scorer reads it: a day of the window of one series, model and cutoff (YYYY-MM-DD). */
export interface StoredBacktestRow extends ForecastDay {
  port_id: string;
  direction: string;
  category: string;
  model: string;
  cutoff: string;
}

/** The rows to score, window by window (series, model, cutoff), each window's days in date order. */
export async function backtestRowsToScore(db: Database, f: BacktestFilter): Promise<StoredBacktestRow[]> {
  const rows = await all(
    db,
    `select port_id, direction, category, model, strftime(cutoff, '%Y-%m-%d') as cutoff, actual, mean, lo80, hi80, lo95, hi95
       from backtests
      where ${WHERE}
      order by port_id, direction, category, model, cutoff, date`,
    params(f),
  );
  return rows as unknown as StoredBacktestRow[];
}

/** A `loadSeries` filter (crossings as `c`) for the series the filtered rows forecast: their MASE scales come from them. */
export function backtestSeriesFilter(f: BacktestFilter): { where: string; params: Params } {
  return {
    where: `exists (select 1 from backtests b where ${WHERE} and b.port_id = c.port_id and b.direction = c.direction and b.category = c.category)`,
    params: params(f),
  };
}

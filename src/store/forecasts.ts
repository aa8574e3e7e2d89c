/** Reads of the stored forecasts as the API lists them: one run's rows, and every run with its row counts. */
import { all, type Database, type Row } from './db.js';

/** The columns of a forecast row with the interval bounds of `levels` (e.g. ['80']), in order (the CSV header). */
export function forecastColumns(levels: readonly string[]): string[] {
  return ['run_id', 'port_id', 'direction', 'category', 'date', 'model', 'mean', ...intervalColumns(levels), 'last_actual'];
}

const intervalColumns = (levels: readonly string[]) => levels.flatMap((l) => [`lo${l}`, `hi${l}`]);

/** Forecast rows of one run, filtered by port, direction, category, model and dates, with the asked interval levels. */
export async function loadForecasts(
  db: Database,
  options: { run: number; levels: readonly string[]; port?: string | null; direction?: string; category?: string; model?: string; from?: string; to?: string },
): Promise<Row[]> {
  const intervals = intervalColumns(options.levels);
  return all(
    db,
    `select run_id, port_id, direction, category, strftime(date, '%Y-%m-%d') as date, model, mean${intervals.map((c) => `, ${c}`).join('')},
            strftime(last_actual, '%Y-%m-%d') as last_actual
       from forecasts
      where run_id = $run and ($port is null or port_id = $port) and ($direction is null or direction = $direction)
        and category = $category and ($model is null or model = $model)
        and ($from is null or date >= $from::date) and ($to is null or date <= $to::date)
      order by port_id, direction, date, model`,
    {
      run: options.run, port: options.port ?? null, direction: options.direction ?? null, category: options.category ?? 'total',
      model: options.model ?? null, from: options.from ?? null, to: options.to ?? null,
    },
  );
}

/** Every forecast run, newest first, with how many forecast and backtest rows it stored. */
export async function listForecastRuns(db: Database): Promise<Row[]> {
  return all(
    db,
    `select r.run_id, strftime(r.created_at, '%Y-%m-%dT%H:%M:%S') as created_at, r.horizon, r.levels, r.series_count, r.seconds, r.note,
            (select count(*) from forecasts f where f.run_id = r.run_id)::int as forecasts,
            (select count(*) from backtests b where b.run_id = r.run_id)::int as backtests
       from forecast_runs r order by r.run_id desc`,
  );
}

/** Reads of stored forecasts beside the actuals loaded since, for `crossings accuracy`. */
import { all, type Database } from './db.js';

/** A stored forecast day beside what happened (null where no actual is loaded yet); bounds null where not finite. */
export interface ForecastDay {
  actual: number | null;
  mean: number;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
}

/** A day of a stored forecast run and series. */
export interface ForecastBesideActual extends ForecastDay {
  run_id: number;
  created_at: string;
  port: string;
  direction: string;
  category: string;
  /** Steps from the run's first date of the series, from 1. */
  step: number;
}

/**
 * Every day of every stored forecast of a series that has at least one actual by now, by run, port name, direction,
 * category and step: whole windows, so that the scorer sees each day at its step.
 */
export async function forecastsBesideActuals(db: Database): Promise<ForecastBesideActual[]> {
  const rows = await all(
    db,
    `with act as (
       select port_id, direction, category, date, sum(count)::double as actual
         from crossings group by all),
     fc as (
       select f.*, row_number() over (partition by f.run_id, f.port_id, f.direction, f.category order by f.date) as step
         from forecasts f)
     select fc.run_id, strftime(r.created_at, '%Y-%m-%d %H:%M') as created_at, coalesce(p.name, fc.port_id) as port,
            fc.direction, fc.category, fc.step::int as step, act.actual, fc.mean, fc.lo80, fc.hi80, fc.lo95, fc.hi95
       from fc left join act using (port_id, direction, category, date)
       join forecast_runs r on r.run_id = fc.run_id
       left join ports p on p.port_id = fc.port_id
     qualify count(act.actual) over (partition by fc.run_id, fc.port_id, fc.direction, fc.category) > 0
      order by fc.run_id, port, fc.direction, fc.category, step`,
  );
  return rows as unknown as ForecastBesideActual[];
}

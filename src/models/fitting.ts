/**
 * Fitting every series, as a pure function of plain data (no database): forecastAll runs it in the main thread or in
 * worker threads (worker.ts), which therefore load only the models, not DuckDB.
 */
import { autoForecast, type AutoOptions } from './auto.js';
import type { HolidayCalendar } from './calendar.js';
import { isoOf } from './dates.js';
import type { StoredSeries } from './series.js';
import type { ForecastRow } from './store.js';
import type { Forecast } from './types.js';

/** Progress callback: (done, total, label). */
export type ModelProgress = (done: number, total: number, label: string) => void;

/** Everything a forecast of every series needs, as plain data (it can cross to a worker thread). */
export interface FitInput {
  list: StoredSeries[];
  calendar: HolidayCalendar;
  horizon: number;
  engine: Partial<AutoOptions>;
}

/** Runs the fitting of forecastAll elsewhere, e.g. in a worker thread (src/models/worker.ts). */
export type FitJob = (input: FitInput) => Promise<ForecastRow[]>;

/** Fits and forecasts every series of `input` (pure: no database). */
export function fitAll(input: FitInput, progress?: ModelProgress): ForecastRow[] {
  const rows: ForecastRow[] = [];
  input.list.forEach((s, k) => {
    const r = autoForecast(s.series, input.horizon, { calendar: input.calendar, ...input.engine });
    pushRows(rows, s, r.forecast, r.model, s.series.start + s.series.y.length);
    progress?.(k + 1, input.list.length, s.series.key);
  });
  return rows;
}

function pushRows(rows: ForecastRow[], s: StoredSeries, f: Forecast, model: string, first: number): void {
  for (let i = 0; i < f.mean.length; i++) {
    rows.push({
      port_id: s.port_id,
      port: s.port,
      direction: s.direction,
      category: s.category,
      date: isoOf(s.series.freq, first + i),
      model,
      mean: round(f.mean[i]!),
      lo80: round(f.lo80[i]!),
      hi80: round(f.hi80[i]!),
      lo95: round(f.lo95[i]!),
      hi95: round(f.hi95[i]!),
    });
  }
}

/** Rounds a forecast value to one decimal for storage. */
export const round = (x: number) => Math.round(x * 10) / 10;

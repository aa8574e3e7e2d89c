/**
 * Fitting every series, as pure functions of plain data (no database): forecastAll runs them in the main thread or,
 * one series at a time, in worker threads (worker.ts), which therefore load only the models, not DuckDB.
 */
import { autoForecast, type AutoOptions, type SeriesErrors } from './auto.js';
import type { HolidayCalendar } from './calendar.js';
import { head } from './backtest.js';
import { isoOf } from './dates.js';
import type { StoredSeries } from './series.js';
import type { ForecastRow } from './rows.js';
import type { Forecast, Part, Series } from './types.js';

/** Progress callback: (done, total, label). */
export type ModelProgress = (done: number, total: number, label: string) => void;

/** What the fitting of every series shares, as plain data (it can cross to a worker thread). */
export interface FitContext {
  calendar: HolidayCalendar;
  horizon: number;
  engine: Partial<AutoOptions>;
}

/** Everything a forecast of every series needs. */
export interface FitInput extends FitContext {
  list: StoredSeries[];
}

/** One series to fit, with its plan (judged against the whole list, so made before the list is split up). */
export interface SeriesFit {
  s: StoredSeries;
  plan: SeriesPlan;
}

/**
 * Where a series stands against the rest of its source: `current` reaches the source's last period; `stale`
 * stopped earlier (its source still reports: it stopped, or was renamed and not recognised); `closed` had only
 * zeros over its last CLOSED_PERIODS; `gone` has reported nothing for more than STALE_LIMIT and is not forecast.
 */
export type SeriesStatus = 'current' | 'stale' | 'closed' | 'gone';

export interface SeriesPlan {
  status: SeriesStatus;
  /** The series' last period with data, and the first period of its forecast (its source's last + 1). */
  last: number;
  first: number;
}

export const CLOSED_PERIODS = { day: 28, month: 3 } as const;
export const STALE_LIMIT = { day: 365, month: 24 } as const;

/** Model name of a closed series' forecast (zero on every day). */
export const CLOSED_MODEL = 'closed';

/** The status and forecast start of every series of `list`, judged against the other series of its source. */
export function planSeries(list: readonly StoredSeries[]): SeriesPlan[] {
  const sourceEnd = new Map<string, number>();
  const key = (s: StoredSeries) => `${s.source}|${s.series.freq}`;
  const lastOf = (s: StoredSeries) => s.series.start + s.series.y.length - 1;
  for (const s of list) sourceEnd.set(key(s), Math.max(sourceEnd.get(key(s)) ?? -Infinity, lastOf(s)));
  return list.map((s) => {
    const last = lastOf(s);
    const first = sourceEnd.get(key(s))! + 1;
    const { freq } = s.series;
    if (first - 1 - last > STALE_LIMIT[freq]) return { status: 'gone', last, first };
    if (onlyZerosAtEnd(s.series.y, CLOSED_PERIODS[freq])) return { status: 'closed', last, first };
    return { status: first - 1 > last ? 'stale' : 'current', last, first };
  });
}

/** True when the last `n` observed values are all zero (NaN gaps skipped) and there are at least `n`. */
function onlyZerosAtEnd(y: Float64Array, n: number): boolean {
  let seen = 0;
  for (let i = y.length - 1; i >= 0 && seen < n; i--) {
    if (Number.isNaN(y[i]!)) continue;
    if (y[i] !== 0) return false;
    seen++;
  }
  return seen === n;
}

/** The series of `input` with their plans, in order: the tasks of fitAll, alone or spread over worker threads. */
export function seriesFits(input: FitInput): SeriesFit[] {
  const plans = planSeries(input.list);
  return input.list.map((s, k) => ({ s, plan: plans[k]! }));
}

/** The forecast rows of one series, and the engine's backtest errors behind them (none for a closed or gone series). */
export interface SeriesForecast {
  rows: ForecastRow[];
  errors?: SeriesErrors;
}

/**
 * Fits and forecasts every series of `input` (pure: no database). Every forecast starts after its source's last
 * period: a stale series is forecast across its gap and the gap's days are dropped; a closed one is zero.
 */
export function fitAll(input: FitInput, progress?: ModelProgress): ForecastRow[] {
  const fits = seriesFits(input);
  return fits.flatMap((fit, k) => {
    const { rows } = fitSeries(input, fit);
    progress?.(k + 1, fits.length, fit.s.series.key);
    return rows;
  });
}

/** The forecast rows of one series: none when it is gone, zeros when closed, else the engine's across any gap. */
export function fitSeries(context: FitContext, { s, plan }: SeriesFit): SeriesForecast {
  const rows: ForecastRow[] = [];
  const lastActual = isoOf(s.series.freq, plan.last);
  if (plan.status === 'closed') {
    const zero = new Float64Array(context.horizon);
    pushRows(rows, s, { mean: zero, lo80: zero, hi80: zero, lo95: zero, hi95: zero }, CLOSED_MODEL, plan.first, 0, lastActual);
  } else if (plan.status !== 'gone') {
    const gap = plan.first - 1 - plan.last;
    const r = autoForecast(s.series, context.horizon + gap, { calendar: context.calendar, ...context.engine });
    pushRows(rows, s, r.forecast, r.model, plan.first, gap, lastActual, r.parts);
    return { rows, ...(r.errors ? { errors: r.errors } : {}) };
  }
  return { rows };
}

/** One series of a backtest, with the last training index of each of its windows (models/backtest.ts, originCutoffs). */
export interface BacktestFit {
  series: Series;
  cutoffs: readonly number[];
}

/** What the engine chose and forecast in one backtest window. */
export interface EngineFit {
  model: string;
  forecast: Forecast;
}

/** The engine's forecast of `horizon` periods after each cutoff of a series, trained on the data up to the cutoff. */
export function backtestFits(context: FitContext, { series, cutoffs }: BacktestFit): EngineFit[] {
  return cutoffs.map((cutoff) => {
    const { model, forecast } = autoForecast(head(series, cutoff), context.horizon, { calendar: context.calendar, ...context.engine });
    return { model, forecast };
  });
}

function pushRows(rows: ForecastRow[], s: StoredSeries, f: Forecast, model: string, first: number, skip: number, lastActual: string, parts?: Part[][]): void {
  for (let i = skip; i < f.mean.length; i++) {
    rows.push({
      port_id: s.port_id,
      port: s.port,
      direction: s.direction,
      category: s.category,
      date: isoOf(s.series.freq, first + i - skip),
      model,
      mean: round(f.mean[i]!),
      lo80: round(f.lo80[i]!),
      hi80: round(f.hi80[i]!),
      lo95: round(f.lo95[i]!),
      hi95: round(f.hi95[i]!),
      last_actual: lastActual,
      ...(parts ? { components: parts[i]! } : {}),
    });
  }
}

/** Rounds a forecast value to one decimal for storage. */
export const round = (x: number) => Math.round(x * 10) / 10;

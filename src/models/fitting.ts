/**
 * Fitting every series, as a pure function of plain data (no database): forecastAll runs it in the main thread or in
 * worker threads (worker.ts), which therefore load only the models, not DuckDB.
 */
import { autoForecast, type AutoOptions } from './auto.js';
import type { HolidayCalendar } from './calendar.js';
import { isoOf } from './dates.js';
import type { StoredSeries } from './series.js';
import type { ForecastRow } from './rows.js';
import type { Forecast, Part } from './types.js';

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

/**
 * Fits and forecasts every series of `input` (pure: no database). Every forecast starts after its source's last
 * period: a stale series is forecast across its gap and the gap's days are dropped; a closed one is zero.
 */
export function fitAll(input: FitInput, progress?: ModelProgress): ForecastRow[] {
  const rows: ForecastRow[] = [];
  const plans = planSeries(input.list);
  input.list.forEach((s, k) => {
    const plan = plans[k]!;
    const lastActual = isoOf(s.series.freq, plan.last);
    if (plan.status === 'closed') {
      const zero = new Float64Array(input.horizon);
      pushRows(rows, s, { mean: zero, lo80: zero, hi80: zero, lo95: zero, hi95: zero }, CLOSED_MODEL, plan.first, 0, lastActual);
    } else if (plan.status !== 'gone') {
      const gap = plan.first - 1 - plan.last;
      const r = autoForecast(s.series, input.horizon + gap, { calendar: input.calendar, ...input.engine });
      pushRows(rows, s, r.forecast, r.model, plan.first, gap, lastActual, r.parts);
    }
    progress?.(k + 1, input.list.length, s.series.key);
  });
  return rows;
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

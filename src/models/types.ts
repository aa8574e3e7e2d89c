/** Shared types of the forecasting engine: series, forecasts and the model contract (STYLE.md). */

export type Freq = 'day' | 'month';

/**
 * One regular time series. `start` is a day number (days since 1970-01-01) for daily series and a
 * month number (year * 12 + month0) for monthly ones; `y[i]` is the count at `start + i`, NaN if missing.
 */
export interface Series {
  key: string;
  freq: Freq;
  start: number;
  y: Float64Array;
  /** Events known in advance at the series' port (ship calls, large events), regressors of the calendar regression. */
  events?: readonly SeriesEvent[];
}

/** An event on day `day` (a day number): its kind and, where known, its size (a ship's capacity). */
export interface SeriesEvent {
  day: number;
  kind: string;
  volume: number | null;
}

/** Point forecast and 80/95% intervals, one entry per step ahead. */
export interface Forecast {
  mean: Float64Array;
  lo80: Float64Array;
  hi80: Float64Array;
  lo95: Float64Array;
  hi95: Float64Array;
}

/**
 * One additive part of a log1p-scale point forecast: what the fitted model adds on one day for one reason. The parts of a
 * day add up to log1p(mean), so on the count scale they multiply (1 + mean).
 */
export interface Part {
  kind: 'level' | 'weekly' | 'yearly' | 'month_of_year' | 'month_position' | 'holiday' | 'event' | 'workday' | 'year_ago' | 'limit';
  /** Holidays and events: the region whose calendar has it, and the calendar name of its anchor day. */
  region?: string;
  name?: string;
  /** Before the anchor day (days to it), during the block (day number from the anchor) or after its last day (days since). */
  phase?: 'before' | 'during' | 'after';
  days?: number;
  value: number;
}

/** A fitted model: it only predicts, and where its maths has parts, says them (`explain(h)[i]`: the parts of step i). */
export interface Fitted {
  readonly model: string;
  predict(h: number, levels?: readonly number[]): Forecast;
  explain?(h: number): Part[][];
}

/** The key that identifies a part across days and ensemble members (everything but its value). */
export const partKey = (p: Part): string => `${p.kind}|${p.region ?? ''}|${p.name ?? ''}|${p.phase ?? ''}|${p.days ?? ''}`;

/** Adds `value` to the part with the same key in `parts`, or appends it. */
export function addPart(parts: Part[], part: Part): void {
  const key = partKey(part);
  const same = parts.find((p) => partKey(p) === key);
  if (same) same.value += part.value;
  else parts.push({ ...part });
}

/** A model: parameters in the constructor, `fit` returns a fitted model (STYLE.md). */
export interface Model {
  readonly name: string;
  fit(series: Series): Fitted;
  /**
   * Optional fast path for `backtest`: the forecasts of h periods after each cutoff, equal to
   * fitting on each prefix, for models that can share work between the cutoffs.
   */
  backtest?(series: Series, cutoffs: readonly number[], h: number): Forecast[];
}

export const LEVELS = [80, 95] as const;

/** A forecast of h steps filled with zeros. */
export function emptyForecast(h: number): Forecast {
  return {
    mean: new Float64Array(h),
    lo80: new Float64Array(h),
    hi80: new Float64Array(h),
    lo95: new Float64Array(h),
    hi95: new Float64Array(h),
  };
}

/** Clamps every array of a forecast at zero and orders lo95 <= lo80 <= mean <= hi80 <= hi95. */
export function tidyForecast(f: Forecast): Forecast {
  const h = f.mean.length;
  for (let i = 0; i < h; i++) {
    const m = Math.max(0, fin(f.mean[i]!));
    const lo80 = Math.min(m, Math.max(0, fin(f.lo80[i]!)));
    const hi80 = Math.max(m, fin(f.hi80[i]!));
    f.mean[i] = m;
    f.lo80[i] = lo80;
    f.hi80[i] = hi80;
    f.lo95[i] = Math.min(lo80, Math.max(0, fin(f.lo95[i]!)));
    f.hi95[i] = Math.max(hi80, fin(f.hi95[i]!));
  }
  return f;
}

function fin(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/** z-scores of the two-sided normal intervals we report. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

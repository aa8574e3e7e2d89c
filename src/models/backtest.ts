/** Rolling-origin backtest: refit at each cutoff on data up to it, forecast the next h periods. */
import { periodOf } from './dates.js';
import type { Forecast, Model, Series } from './types.js';

/** One forecast window of a backtest. */
export interface BacktestWindow {
  model: string;
  /** Index in the series of the last training period. */
  cutoff: number;
  forecast: Forecast;
  actual: Float64Array;
}

/** The prefix of a series up to and including index `cutoff`. */
export function head(series: Series, cutoff: number): Series {
  return { ...series, y: series.y.subarray(0, cutoff + 1) };
}

/**
 * The last training index of each origin's window (YYYY-MM-DD; a monthly series takes the origin's month), in the
 * origins' order, skipping origins with under two seasons of data up to them or none after them.
 */
export function originCutoffs(series: Series, origins: readonly string[]): number[] {
  const m = series.freq === 'day' ? 7 : 12;
  const cutoffs = origins.map((origin) => periodOf(series.freq, origin) - series.start);
  return cutoffs.filter((cutoff) => cutoff >= 2 * m && cutoff < series.y.length - 1);
}

/**
 * Backtests each model at each cutoff (indexes into the series); windows running past the data
 * have NaN actuals. Example: backtest(s, [seasonalNaive({ season: 7 })], [700, 728], 28).
 */
export function backtest(series: Series, models: readonly Model[], cutoffs: readonly number[], h: number): BacktestWindow[] {
  const out: BacktestWindow[] = [];
  const actuals = cutoffs.map((cutoff) => {
    const actual = new Float64Array(h).fill(NaN);
    for (let i = 0; i < h; i++) {
      const j = cutoff + 1 + i;
      if (j < series.y.length) actual[i] = series.y[j]!;
    }
    return actual;
  });
  for (const model of models) {
    const fs = model.backtest ? model.backtest(series, cutoffs, h) : cutoffs.map((c) => model.fit(head(series, c)).predict(h));
    cutoffs.forEach((cutoff, k) => out.push({ model: model.name, cutoff, forecast: fs[k]!, actual: actuals[k]! }));
  }
  return out;
}

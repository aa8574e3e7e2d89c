/** Seasonal naive: each period repeats the last observed value one season earlier. */
import { quantile, quantiles } from '../numeric/linalg.js';
import { emptyForecast, tidyForecast, type Fitted, type Forecast, type Model, type Series } from '../types.js';

/**
 * Seasonal naive forecast with intervals from the empirical quantiles of the seasonal differences,
 * widened by √(number of seasons ahead). Example: seasonalNaiveForecast(y, 14, 7).
 */
export function seasonalNaiveForecast(y: Float64Array, h: number, season: number): Forecast {
  const n = y.length;
  const f = emptyForecast(h);
  if (n === 0) return f;
  const m = Math.min(season, n);
  const last = new Float64Array(m);
  // Missing values take the most recent finite value of the same season slot.
  for (let s = 0; s < m; s++) {
    let v = NaN;
    for (let i = n - m + s; i >= 0 && !Number.isFinite(v); i -= m) v = y[i]!;
    last[s] = Number.isFinite(v) ? v : 0;
  }
  const diffs: number[] = [];
  for (let i = Math.max(m, n - 52 * m); i < n; i++) {
    const d = y[i]! - y[i - m]!;
    if (Number.isFinite(d)) diffs.push(d);
  }
  const q = quantiles(diffs, [0.025, 0.1, 0.9, 0.975]).map((v) => v || 0);
  for (let i = 0; i < h; i++) {
    const v = last[i % m]!;
    const g = Math.sqrt(Math.floor(i / m) + 1);
    f.mean[i] = v;
    f.lo95[i] = v + g * q[0]!;
    f.lo80[i] = v + g * q[1]!;
    f.hi80[i] = v + g * q[2]!;
    f.hi95[i] = v + g * q[3]!;
  }
  return tidyForecast(f);
}

/** Seasonal naive as a model object: seasonalNaive({ season: 7 }) for daily, 12 for monthly data. */
export function seasonalNaive(options: { season: number }): Model {
  const season = options.season;
  const name = `snaive${season}`;
  return {
    name,
    fit(series: Series): Fitted {
      const y = series.y;
      return { model: name, predict: (h: number) => seasonalNaiveForecast(y, h, season) };
    },
  };
}

/**
 * Seasonal mean: each season slot forecast by the median of its last `seasons` values, a steadier
 * choice than seasonal naive for sparse or spiky series (a cruise terminal with ships on a few days).
 */
export function seasonalMeanForecast(y: Float64Array, h: number, season: number, seasons: number): Forecast {
  const n = y.length;
  const f = emptyForecast(h);
  if (n === 0) return f;
  const m = Math.min(season, n);
  const slot = new Float64Array(m);
  const vals: number[] = [];
  for (let s = 0; s < m; s++) {
    vals.length = 0;
    for (let i = n - m + s, k = 0; i >= 0 && k < seasons; i -= m, k++) if (Number.isFinite(y[i]!)) vals.push(y[i]!);
    slot[s] = vals.length ? quantile(vals, 0.5) : 0;
  }
  const res: number[] = [];
  for (let i = Math.max(0, n - seasons * m); i < n; i++) {
    const r = y[i]! - slot[(i - (n - m) + seasons * m) % m]!;
    if (Number.isFinite(r)) res.push(r);
  }
  const q = quantiles(res, [0.025, 0.1, 0.9, 0.975]).map((v) => v || 0);
  for (let i = 0; i < h; i++) {
    const v = slot[i % m]!;
    f.mean[i] = v;
    f.lo95[i] = v + q[0]!;
    f.lo80[i] = v + q[1]!;
    f.hi80[i] = v + q[2]!;
    f.hi95[i] = v + q[3]!;
  }
  return tidyForecast(f);
}

/** Seasonal median of the last few seasons as a model object: seasonalMean({ season: 7, seasons: 4 }). */
export function seasonalMean(options: { season: number; seasons?: number }): Model {
  const { season } = options;
  const seasons = options.seasons ?? 4;
  return {
    name: 'smean',
    fit(series: Series): Fitted {
      const y = series.y;
      return { model: 'smean', predict: (h: number) => seasonalMeanForecast(y, h, season, seasons) };
    },
  };
}

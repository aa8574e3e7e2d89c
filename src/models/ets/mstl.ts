/**
 * Decomposition model (MSTL-style): weekly and yearly seasonal components of log counts, estimated
 * together by a recency-weighted regression on day-of-week dummies and yearly Fourier terms with a
 * linear trend, then a non-seasonal AICc-selected ETS on the seasonally adjusted series.
 */
import { weekday, yearFraction } from '../dates.js';
import { autoEts, etsPredict, expForecast } from './ets.js';
import { ridgeSolve } from '../numeric/linalg.js';
import type { Fitted, Forecast, Model, Series } from '../types.js';

export interface DecompOptions {
  fourier?: number;
  halfLife?: number;
  /** Periods of adjusted series given to ETS. */
  window?: number;
}

function seasonalRow(day: number, K: number, out: Float64Array, off: number): void {
  const wd = weekday(day);
  for (let k = 0; k < 6; k++) out[off + k] = wd === k + 1 ? 1 : 0;
  const f = yearFraction(day) * 2 * Math.PI;
  for (let k = 1; k <= K; k++) {
    out[off + 6 + 2 * (k - 1)] = Math.sin(k * f);
    out[off + 7 + 2 * (k - 1)] = Math.cos(k * f);
  }
}

/** Decomposition forecast of a daily series (log1p scale inside, counts out). */
export function decompForecast(series: Series, h: number, options: DecompOptions = {}): Forecast {
  return fitDecomp(series, options).predict(h);
}

function fitDecomp(series: Series, options: DecompOptions): Fitted {
  const n = series.y.length;
  // Yearly terms need more than a year of data to be told apart from the trend.
  const K = n >= 540 ? options.fourier ?? 4 : 0;
  const halfLife = options.halfLife ?? 365;
  const window = options.window ?? 365;
  const p = 2 + 6 + 2 * K; // intercept, trend, dow, Fourier
  const X = new Float64Array(n * p);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = series.y[i]!;
    z[i] = Number.isFinite(v) ? Math.log1p(Math.max(0, v)) : NaN;
    w[i] = Number.isFinite(v) ? Math.pow(0.5, (n - 1 - i) / halfLife) : 0;
    X[i * p] = 1;
    X[i * p + 1] = (i - n) / 365;
    seasonalRow(series.start + i, K, X, i * p + 2);
  }
  const lambda = new Float64Array(p).fill(0.5);
  lambda[0] = 0;
  lambda[1] = 0;
  const beta = ridgeSolve(X, n, p, z, w, lambda);
  const seasonalAt = (day: number) => {
    const row = new Float64Array(p);
    seasonalRow(day, K, row, 2);
    let s = 0;
    for (let j = 2; j < p; j++) s += row[j]! * beta[j]!;
    return s;
  };
  const from = Math.max(0, n - window);
  const adj = new Float64Array(n - from);
  for (let i = from; i < n; i++) adj[i - from] = z[i]! - seasonalAt(series.start + i);
  const fit = autoEts(adj, 1);
  return {
    model: 'mstl',
    predict(h: number): Forecast {
      const f = etsPredict(fit, h);
      for (let i = 0; i < h; i++) {
        const s = seasonalAt(series.start + n + i);
        f.mean[i] = f.mean[i]! + s;
        f.lo80[i] = f.lo80[i]! + s;
        f.hi80[i] = f.hi80[i]! + s;
        f.lo95[i] = f.lo95[i]! + s;
        f.hi95[i] = f.hi95[i]! + s;
      }
      return expForecast(f);
    },
  };
}

/** The decomposition model as a model object (daily series). */
export function mstl(options: DecompOptions = {}): Model {
  return { name: 'mstl', fit: (series: Series) => fitDecomp(series, options) };
}

/** Split-conformal intervals on the log scale from backtest residuals. */
import { quantiles } from '../numeric/linalg.js';
import { tidyForecast, type Forecast } from '../types.js';

/** Log-scale residual quantiles [q2.5, q10, q90, q97.5] used to place intervals around a forecast. */
export type Offsets = Float64Array;

/**
 * Quantile offsets of log1p(actual) − log1p(forecast) over the backtest windows, with the
 * finite-sample correction of split conformal prediction ((n+1)/n on the tail probabilities).
 */
export function conformalOffsets(
  pairs: ReadonlyArray<{ actual: ArrayLike<number>; mean: ArrayLike<number>; use?: (i: number) => boolean }>,
  minCount = 10,
): Offsets | undefined {
  const r: number[] = [];
  for (const { actual, mean, use } of pairs) {
    for (let i = 0; i < actual.length; i++) {
      const a = actual[i]!;
      const m = mean[i]!;
      if (Number.isFinite(a) && Number.isFinite(m) && (!use || use(i))) r.push(Math.log1p(Math.max(0, a)) - Math.log1p(Math.max(0, m)));
    }
  }
  if (r.length < Math.max(10, minCount)) return undefined;
  const n = r.length;
  const tail = (p: number) => Math.max(0, Math.min(1, p * (n + 1) / n - 1 / n));
  return Float64Array.from(quantiles(r, [tail(0.025), tail(0.1), 1 - tail(0.1), 1 - tail(0.025)]));
}

/**
 * Replaces the intervals of a forecast by mean × exp(offset); steps beyond the calibrated horizon
 * widen with √(step / calibrated), as errors of a random walk would. Steps where `alt.at(i)` holds
 * (days near a holiday) use `alt.q` instead.
 */
export function applyOffsets(f: Forecast, q: Offsets, calibratedH: number, inflate = 1, alt?: { q: Offsets; at: (i: number) => boolean }): Forecast {
  const h = f.mean.length;
  const base = q;
  for (let i = 0; i < h; i++) {
    q = alt && alt.at(i) ? alt.q : base;
    const g = inflate * horizonGrowth(i, calibratedH);
    const z = Math.log1p(Math.max(0, f.mean[i]!));
    f.lo95[i] = Math.expm1(z + g * Math.min(0, q[0]!));
    f.lo80[i] = Math.expm1(z + g * Math.min(0, q[1]!));
    f.hi80[i] = Math.expm1(z + g * Math.max(0, q[2]!));
    f.hi95[i] = Math.expm1(z + g * Math.max(0, q[3]!));
  }
  return tidyForecast(f);
}

/**
 * Raw-scale quantile offsets of actual − forecast [q2.5, q10, q90, q97.5] with the same finite-sample correction:
 * near zero a log-scale offset turns a small mean into an absurd bound, an additive one does not.
 */
export function rawOffsets(pairs: ReadonlyArray<{ actual: ArrayLike<number>; mean: ArrayLike<number> }>, minCount = 10): Offsets | undefined {
  const r: number[] = [];
  for (const { actual, mean } of pairs) {
    for (let i = 0; i < actual.length; i++) {
      const a = actual[i]!;
      const m = mean[i]!;
      if (Number.isFinite(a) && Number.isFinite(m)) r.push(Math.max(0, a) - Math.max(0, m));
    }
  }
  if (r.length < Math.max(10, minCount)) return undefined;
  const n = r.length;
  const tail = (p: number) => Math.max(0, Math.min(1, p * (n + 1) / n - 1 / n));
  return Float64Array.from(quantiles(r, [tail(0.025), tail(0.1), 1 - tail(0.1), 1 - tail(0.025)]));
}

/** Replaces the intervals of a forecast by mean + offset (raw scale), widened beyond the calibrated horizon as applyOffsets does. */
export function applyRawOffsets(f: Forecast, q: Offsets, calibratedH: number): Forecast {
  for (let i = 0; i < f.mean.length; i++) {
    const g = horizonGrowth(i, calibratedH);
    const m = Math.max(0, f.mean[i]!);
    f.lo95[i] = m + g * Math.min(0, q[0]!);
    f.lo80[i] = m + g * Math.min(0, q[1]!);
    f.hi80[i] = m + g * Math.max(0, q[2]!);
    f.hi95[i] = m + g * Math.max(0, q[3]!);
  }
  return tidyForecast(f);
}

/** How many times the highest actual of the last year a forecast bound may reach (issue 16). */
export const RECORD_CAP = 3;

/** Highest finite actual of the last `days` periods (0 when none). */
export function recentRecord(y: ArrayLike<number>, days = 365): number {
  let max = 0;
  for (let i = Math.max(0, y.length - days); i < y.length; i++) if (Number.isFinite(y[i]!) && y[i]! > max) max = y[i]!;
  return max;
}

/** Caps every bound and the mean at RECORD_CAP × record (no cap when the record is 0: nothing to scale by). */
export function capAtRecord(f: Forecast, record: number): Forecast {
  if (!(record > 0)) return f;
  const cap = RECORD_CAP * record;
  for (const a of [f.mean, f.lo80, f.hi80, f.lo95, f.hi95]) for (let i = 0; i < a.length; i++) if (a[i]! > cap) a[i] = cap;
  return tidyForecast(f);
}

/** How much wider than calibrated an offset gets at step i: 1 inside the calibrated horizon, √(h / calibrated h) past it. */
function horizonGrowth(i: number, calibratedH: number): number {
  return i < calibratedH ? 1 : Math.sqrt((i + 1) / calibratedH);
}

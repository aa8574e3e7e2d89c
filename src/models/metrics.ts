/** Forecast accuracy measures on plain arrays; NaN actuals are skipped. */

/** Mean absolute seasonal difference |y_t − y_{t−m}| over the finite pairs (the MASE scale). */
export function maseScale(y: ArrayLike<number>, m: number): number {
  let s = 0;
  let c = 0;
  for (let i = m; i < y.length; i++) {
    const d = Math.abs(y[i]! - y[i - m]!);
    if (Number.isFinite(d)) {
      s += d;
      c++;
    }
  }
  return c > 0 ? s / c : NaN;
}

/** Sums that aggregate across series and windows before the ratios are taken. */
export interface ErrorSums {
  n: number;
  absErr: number;
  actual: number;
  smape: number;
  in80: number;
  in95: number;
  nInterval: number;
  /** Σ over windows of mean|e| / scale, and the number of windows. */
  scaledErr: number;
  windows: number;
  /** Σ over windows of the mean 95% interval score / scale (MSIS), and the number of windows. */
  scaledInterval: number;
  intervalWindows: number;
  /** Σ over windows of peak hit@3, and the number of windows scored. */
  peakHits: number;
  peakWindows: number;
}

/** Fresh zeroed sums. */
export function emptySums(): ErrorSums {
  return { n: 0, absErr: 0, actual: 0, smape: 0, in80: 0, in95: 0, nInterval: 0, scaledErr: 0, windows: 0, scaledInterval: 0, intervalWindows: 0, peakHits: 0, peakWindows: 0 };
}

export interface WindowForecast {
  mean: ArrayLike<number>;
  lo80?: ArrayLike<number>;
  hi80?: ArrayLike<number>;
  lo95?: ArrayLike<number>;
  hi95?: ArrayLike<number>;
}

/** Adds one forecast window (one series, one origin) to the sums; `include` limits which days count. */
export function addWindow(
  sums: ErrorSums,
  actual: ArrayLike<number>,
  f: WindowForecast,
  scale: number,
  include?: (i: number) => boolean,
): void {
  let absErr = 0;
  let cnt = 0;
  let winkler = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    if (!Number.isFinite(a) || (include && !include(i))) continue;
    const m = f.mean[i]!;
    const e = Math.abs(a - m);
    absErr += e;
    cnt++;
    sums.absErr += e;
    sums.actual += a;
    sums.smape += a + m > 0 ? (2 * e) / (a + m) : 0;
    sums.n++;
    if (f.lo80 && f.hi80 && f.lo95 && f.hi95) {
      sums.nInterval++;
      if (a >= f.lo80[i]! && a <= f.hi80[i]!) sums.in80++;
      if (a >= f.lo95[i]! && a <= f.hi95[i]!) sums.in95++;
      winkler += intervalScore(a, f.lo95[i]!, f.hi95[i]!);
    }
  }
  if (cnt > 0 && scale > 0 && Number.isFinite(scale)) {
    sums.scaledErr += absErr / cnt / scale;
    sums.windows++;
    if (f.lo95 && f.hi95) {
      sums.scaledInterval += winkler / cnt / scale;
      sums.intervalWindows++;
    }
  }
  if (!include && cnt === actual.length && actual.length >= 3) {
    sums.peakHits += peakHit(actual, f.mean, 3);
    sums.peakWindows++;
  }
}

/**
 * Winkler score of one day's 95% interval: its width plus 2/0.05 = 40 times the distance by which the actual falls
 * outside it. Averaged over a window and divided by the MASE scale it is the MSIS.
 */
export function intervalScore(actual: number, lo: number, hi: number): number {
  return hi - lo + 40 * Math.max(0, lo - actual) + 40 * Math.max(0, actual - hi);
}

/** Indexes of the k highest values, highest first (ties: the earlier index). */
export function topDays(xs: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: xs.length }, (_, i) => i)
    .sort((a, b) => xs[b]! - xs[a]! || a - b)
    .slice(0, k);
}

/** Overlap of the k highest actual days and the k highest forecast days, divided by k. */
export function peakHit(actual: ArrayLike<number>, forecast: ArrayLike<number>, k: number): number {
  const ta = new Set(topDays(actual, k));
  return topDays(forecast, k).filter((i) => ta.has(i)).length / k;
}

export interface Scores {
  mase: number;
  /** Mean absolute error, in the series' units. */
  mae: number;
  wape: number;
  smape: number;
  cov80: number;
  cov95: number;
  peakHit3: number;
  /** Mean scaled interval score of the 95% intervals (Winkler score / MASE scale). */
  msis: number;
  n: number;
}

/** Turns the sums into the reported measures (WAPE and sMAPE in %). */
export function scores(s: ErrorSums): Scores {
  return {
    mase: s.windows ? s.scaledErr / s.windows : NaN,
    mae: s.n ? s.absErr / s.n : NaN,
    wape: s.actual > 0 ? (100 * s.absErr) / s.actual : NaN,
    smape: s.n ? (100 * s.smape) / s.n : NaN,
    cov80: s.nInterval ? s.in80 / s.nInterval : NaN,
    cov95: s.nInterval ? s.in95 / s.nInterval : NaN,
    peakHit3: s.peakWindows ? s.peakHits / s.peakWindows : NaN,
    msis: s.intervalWindows ? s.scaledInterval / s.intervalWindows : NaN,
    n: s.n,
  };
}

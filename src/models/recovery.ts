/**
 * Monthly level-and-profile model for series through a regime break (issue 20): log counts = a seasonal profile
 * (the median, over the last years, of each month's deviation from its centred 12-month mean — robust to one
 * crash year) + a deseasonalised level. The level is forecast from its last three months with a damped trend, and,
 * while it stays well below its pre-break high, it closes part of that gap over the horizon (a rebound that neither
 * carries the crash on nor a steep post-break slope for years). Short histories (under two years) keep the level
 * of the last months with no seasonal profile.
 */
import { median } from 'simple-statistics';
import { emptyForecast, tidyForecast, Z80, Z95, type Fitted, type Forecast, type Model, type Part, type Series } from './types.js';

export interface RecoveryOptions {
  /** Monthly damping of the level's trend (0 = no trend). */
  phi?: number;
  /** Monthly share of the gap to the pre-break level that stays open (1 = no reversion). */
  rho?: number;
  /** Years of history behind the seasonal profile. */
  years?: number;
}


/** Seasonal profile by calendar month (index = month number mod 12), centred; zeros where it cannot be estimated. */
export function seasonalProfile(z: Float64Array, start: number, years: number): Float64Array {
  const n = z.length;
  const dev: number[][] = Array.from({ length: 12 }, () => []);
  for (let t = n - 7; t >= 6 && t >= n - 6 - 12 * years; t--) {
    // Centred 2×12 moving average.
    let s = 0;
    let ok = Number.isFinite(z[t]!);
    for (let k = -6; k <= 6 && ok; k++) {
      const v = z[t + k]!;
      if (!Number.isFinite(v)) ok = false;
      else s += Math.abs(k) === 6 ? v / 24 : v / 12;
    }
    if (ok) dev[(((start + t) % 12) + 12) % 12]!.push(z[t]! - s);
  }
  const p = new Float64Array(12);
  if (dev.some((d) => d.length < 1)) return p;
  for (let m = 0; m < 12; m++) p[m] = median(dev[m]!);
  const mean = p.reduce((a, b) => a + b, 0) / 12;
  for (let m = 0; m < 12; m++) p[m] = p[m]! - mean;
  return p;
}

function meanOf(a: Float64Array, from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let i = Math.max(0, from); i < to; i++) if (Number.isFinite(a[i]!)) { s += a[i]!; c++; }
  return c ? s / c : NaN;
}

/**
 * How far (log units) the deseasonalised level of the last three months lies below its highest 12-month mean of
 * the last five years; 0 when within 0.1 or when no abrupt drop led there (a slow decline is not a break).
 */
export function breakGap(y: Float64Array, start: number, years = 5, abrupt = 0.5, steady = 0.08): number {
  const n = y.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Number.isFinite(y[i]!) ? Math.log1p(Math.max(0, y[i]!)) : NaN;
  const p = n >= 24 ? seasonalProfile(z, start, years) : new Float64Array(12);
  const a = new Float64Array(n);
  for (let t = 0; t < n; t++) a[t] = z[t]! - p[(((start + t) % 12) + 12) % 12]!;
  const level = meanOf(a, n - 3, n);
  let high = -Infinity;
  for (let t = Math.max(12, n - 60); t <= n; t++) {
    const m = meanOf(a, t - 12, t);
    if (Number.isFinite(m) && m > high) high = m;
  }
  if (!(Number.isFinite(level) && Number.isFinite(high) && high - level > 0.1)) return 0;
  // Only after an abrupt drop: within the last four years, three months at least `abrupt` below the year before them.
  // and a steady series before it (month-to-month changes of the deseasonalised level under `steady` in the two
  // years before): a noisy small flow that fades is not a port through a border closure.
  let drop = 0;
  let at = -1;
  for (let t = Math.max(12, n - 48); t + 3 <= n; t++) {
    const d = meanOf(a, t - 12, t) - meanOf(a, t, t + 3);
    if (d > drop) { drop = d; at = t; }
  }
  if (!(drop > abrupt) || at < 13) return 0;
  const moves: number[] = [];
  for (let t = Math.max(1, at - 24); t < at; t++) {
    const v = a[t]! - a[t - 1]!;
    if (Number.isFinite(v)) moves.push(Math.abs(v));
  }
  return moves.length >= 6 && median(moves) < steady ? high - level : 0;
}

/**
 * Deepest drop (log units) of the deseasonalised 3-month level below the highest 12-month mean before it, over the
 * last five years: a break, current or recovered from.
 */
export function recentDrop(y: Float64Array, start: number, years = 5): number {
  const n = y.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Number.isFinite(y[i]!) ? Math.log1p(Math.max(0, y[i]!)) : NaN;
  const p = n >= 24 ? seasonalProfile(z, start, years) : new Float64Array(12);
  const a = new Float64Array(n);
  for (let t = 0; t < n; t++) a[t] = z[t]! - p[(((start + t) % 12) + 12) % 12]!;
  let high = -Infinity;
  let drop = 0;
  for (let t = Math.max(12, n - 12 * years); t <= n; t++) {
    const m = meanOf(a, t - 12, t);
    if (Number.isFinite(m) && m > high) high = m;
    const l = meanOf(a, t - 3, t);
    if (Number.isFinite(l) && high - l > drop) drop = high - l;
  }
  return drop;
}

/** Forecast h months after the end of y (raw counts) with the level-and-profile model. */
export function recoveryForecast(y: Float64Array, start: number, h: number, options: RecoveryOptions = {}): Forecast {
  const phi = options.phi ?? 0.8;
  const rho = options.rho ?? 0.92;
  const years = options.years ?? 5;
  const n = y.length;
  const f = emptyForecast(h);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Number.isFinite(y[i]!) ? Math.log1p(Math.max(0, y[i]!)) : NaN;
  const p = n >= 24 ? seasonalProfile(z, start, years) : new Float64Array(12);
  const month = (t: number) => (((start + t) % 12) + 12) % 12;
  const a = new Float64Array(n);
  for (let t = 0; t < n; t++) a[t] = z[t]! - p[month(t)]!;
  const level = meanOf(a, n - 3, n);
  if (!Number.isFinite(level)) return f;
  const before = meanOf(a, n - 6, n - 3);
  const slope = Number.isFinite(before) ? (level - before) / 3 : 0;
  // Pre-break level: the highest 12-month mean of the deseasonalised level over the last five years.
  let high = -Infinity;
  for (let t = Math.max(12, n - 60); t <= n; t++) {
    const m = meanOf(a, t - 12, t);
    if (Number.isFinite(m) && m > high) high = m;
  }
  const gap = Number.isFinite(high) && high - level > 0.1 ? high - level : 0;
  // Residual spread of the one-step level change, for the model's own (pre-calibration) intervals.
  const d: number[] = [];
  for (let t = Math.max(1, n - 36); t < n; t++) {
    const v = a[t]! - a[t - 1]!;
    if (Number.isFinite(v)) d.push(Math.abs(v));
  }
  const sd = d.length ? 1.25 * median(d) : 0.1;
  let damp = 0;
  for (let i = 0; i < h; i++) {
    damp = damp * phi + phi;
    let lv = level + slope * damp;
    if (gap > 0) lv = Math.max(lv, level + gap * (1 - rho ** (i + 1)));
    // A rebound does not overshoot the pre-break high by more than a little.
    if (slope > 0 && Number.isFinite(high)) lv = Math.min(lv, Math.max(level, high + 0.05));
    const v = lv + p[month(n + i)]!;
    const w = sd * Math.sqrt(i + 1);
    f.mean[i] = Math.expm1(v);
    f.lo80[i] = Math.expm1(v - Z80 * w);
    f.hi80[i] = Math.expm1(v + Z80 * w);
    f.lo95[i] = Math.expm1(v - Z95 * w);
    f.hi95[i] = Math.expm1(v + Z95 * w);
  }
  return tidyForecast(f);
}

/** The parts of recoveryForecast's point forecast: the month-of-year profile, and the level (what the profile leaves). */
export function recoveryExplain(y: Float64Array, start: number, h: number, options: RecoveryOptions = {}): Part[][] {
  const f = recoveryForecast(y, start, h, options);
  const n = y.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Number.isFinite(y[i]!) ? Math.log1p(Math.max(0, y[i]!)) : NaN;
  const p = n >= 24 ? seasonalProfile(z, start, options.years ?? 5) : new Float64Array(12);
  return Array.from({ length: h }, (_, i) => {
    const season = p[(((start + n + i) % 12) + 12) % 12]!;
    return [{ kind: 'level' as const, value: Math.log1p(f.mean[i]!) - season }, { kind: 'month_of_year' as const, value: season }];
  });
}

/** The level-and-profile model as a model object: recovery().fit(series).predict(12). */
export function recovery(options: RecoveryOptions = {}): Model {
  return {
    name: 'recovery',
    fit(series: Series): Fitted {
      return { model: 'recovery', predict: (h: number) => recoveryForecast(series.y, series.start, h, options), explain: (h: number) => recoveryExplain(series.y, series.start, h, options) };
    },
  };
}

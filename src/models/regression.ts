/**
 * Calendar regression on log counts: day of week, yearly Fourier terms, a piecewise-linear trend,
 * and holiday-block effects for HK and the mainland with lead and lag days. Each series gets its own
 * coefficients, so direction asymmetry (leave before, return after) is learnt, not assumed.
 */
import { holidayBlocks, type HolidayCalendar } from './calendar.js';
import { weekday, yearFraction } from './dates.js';
import { csrMul, quantile, ridgeSolveCsr, toCsr, type Csr } from './linalg.js';
import { emptyForecast, tidyForecast, type Fitted, type Forecast, type Model, type Series } from './types.js';

export interface RegressionOptions {
  calendar: HolidayCalendar;
  /** Yearly Fourier pairs. */
  fourier?: number;
  /** Half-life (days) of the recency weights: recent behaviour counts more. */
  halfLife?: number;
  /** Spacing (days) of trend knots. */
  knotEvery?: number;
  /** Ridge penalties by feature group. */
  lambdaTrend?: number;
  lambdaFourier?: number;
  lambdaHoliday?: number;
  lambdaSpecific?: number;
  /** Share of the mean residual of the last `levelDays` days carried into the forecast. */
  levelShare?: number;
  levelDays?: number;
  /** Residuals beyond this many robust SDs get zero weight (typhoon days). */
  outlierK?: number;
  /** Refits after down-weighting outliers. */
  robustPasses?: number;
}

const DEFAULTS = {
  fourier: 6,
  halfLife: 365,
  knotEvery: 56,
  lambdaTrend: 2,
  lambdaFourier: 1,
  lambdaHoliday: 1,
  lambdaSpecific: 4,
  levelShare: 0.5,
  levelDays: 14,
  outlierK: 4,
  robustPasses: 2,
};

const POSITIONS = ['pre3', 'pre2', 'pre1', 's0', 's1', 'mid', 'e1', 'e0', 'post1', 'post2', 'post3'] as const;
const SPECIFIC_OFFSETS = 16; // pre3..pre1, day0..day9 (capped), post1..post3
/** Holiday kinds with their own offset-by-day effects (beyond the generic block shape). */
const SPECIFIC: ReadonlyArray<{ region: 'HK' | 'CN'; test: RegExp }> = [
  { region: 'CN', test: /春节|Spring/ },
  { region: 'CN', test: /国庆|National/ },
  { region: 'HK', test: /Easter|Good Friday/ },
];

/** Column layout of the calendar design for a given number of trend knots. */
interface Layout {
  p: number;
  trend: number; // linear trend column; hinges follow
  knots: number;
  dow: number;
  fourier: number;
  K: number;
  generic: number; // 2 regions × 2 length classes × POSITIONS
  specific: number;
  cnWork: number;
}

function layout(knots: number, K: number): Layout {
  let c = 1; // intercept at 0
  const trend = c;
  c += 1 + knots;
  const dow = c;
  c += 6;
  const fourier = c;
  c += 2 * K;
  const generic = c;
  c += 4 * POSITIONS.length;
  const specific = c;
  c += SPECIFIC.length * SPECIFIC_OFFSETS;
  const cnWork = c;
  c += 1;
  return { p: c, trend, knots, dow, fourier, K, generic, specific, cnWork };
}

/** Holiday-position features of each day in [from, to]: a sparse list of column indexes per day. */
function holidayColumns(cal: HolidayCalendar, lay: Layout, from: number, to: number): Map<number, number[]> {
  const cols = new Map<number, number[]>();
  const add = (d: number, col: number) => {
    if (d < from || d > to) return;
    const list = cols.get(d);
    if (list) list.push(col);
    else cols.set(d, [col]);
  };
  (['HK', 'CN'] as const).forEach((region, ri) => {
    for (const b of holidayBlocks(cal, region, from, to)) {
      const len = b.end - b.start + 1;
      const base = lay.generic + (ri * 2 + (len >= 5 ? 1 : 0)) * POSITIONS.length;
      for (let k = 1; k <= 3; k++) {
        add(b.start - k, base + 3 - k); // pre1 at index 2
        add(b.end + k, base + 7 + k); // post1 at index 8
      }
      for (let d = b.start; d <= b.end; d++) {
        const i = d - b.start;
        const j = b.end - d;
        if (i === 0) add(d, base + 3);
        else if (i === 1 && j >= 1) add(d, base + 4);
        if (j === 0) add(d, base + 7);
        else if (j === 1 && i >= 2) add(d, base + 6);
        if (i >= 2 && j >= 2) add(d, base + 5);
      }
      const names = blockNames(cal, region, b.start, b.end);
      SPECIFIC.forEach((sp, si) => {
        if (sp.region !== region || !sp.test.test(names)) return;
        const sb = lay.specific + si * SPECIFIC_OFFSETS;
        for (let k = 1; k <= 3; k++) {
          add(b.start - k, sb + 3 - k);
          add(b.end + k, sb + 12 + k);
        }
        for (let d = b.start; d <= b.end; d++) add(d, sb + 3 + Math.min(9, d - b.start));
      });
    }
  });
  for (const d of cal.cnWork) add(d, lay.cnWork);
  return cols;
}

function blockNames(cal: HolidayCalendar, region: 'HK' | 'CN', s: number, e: number): string {
  const hol = region === 'HK' ? cal.hk : cal.cn;
  let out = '';
  for (let d = s; d <= e; d++) out += (hol.get(d) ?? '') + ';';
  return out;
}

/** Fills the design rows for days first..first+n-1; the trend is held flat after `trendEnd`. */
function design(
  lay: Layout,
  first: number,
  n: number,
  knotDays: Float64Array,
  trendEnd: number,
  hol: Map<number, number[]>,
): Float64Array {
  const { p } = lay;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const d = first + i;
    const off = i * p;
    X[off] = 1;
    const td = Math.min(d, trendEnd);
    X[off + lay.trend] = (td - trendEnd) / 365;
    for (let k = 0; k < knotDays.length; k++) X[off + lay.trend + 1 + k] = Math.max(0, td - knotDays[k]!) / 365;
    const wd = weekday(d);
    if (wd > 0) X[off + lay.dow + wd - 1] = 1;
    const f = yearFraction(d) * 2 * Math.PI;
    for (let k = 1; k <= lay.K; k++) {
      X[off + lay.fourier + 2 * (k - 1)] = Math.sin(k * f);
      X[off + lay.fourier + 2 * (k - 1) + 1] = Math.cos(k * f);
    }
    const hc = hol.get(d);
    if (hc) for (const c of hc) X[off + c] = X[off + c]! + 1;
  }
  return X;
}

export interface RegressionFit {
  beta: Float64Array;
  lay: Layout;
  knotDays: Float64Array;
  first: number;
  last: number;
  /** log-scale residuals on the training days (NaN where no data). */
  resid: Float64Array;
  weights: Float64Array;
  level: number;
}

/** Fits the regression to a daily series (pure; the series should already be the current regime). */
export function fitCalendarRegression(series: Series, options: RegressionOptions): RegressionFit {
  const o = { ...DEFAULTS, ...options };
  const n = series.y.length;
  const first = series.start;
  const last = first + n - 1;
  const knots: number[] = [];
  // Knots stop well before the end so the final slope rests on more than a few weeks of data.
  for (let d = first + o.knotEvery; d < last - 42; d += o.knotEvery) knots.push(d);
  const knotDays = Float64Array.from(knots);
  const lay = layout(knots.length, o.fourier);
  const hol = holidayColumns(o.calendar, lay, first, last);
  const X = toCsr(design(lay, first, n, knotDays, last, hol), n, lay.p);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = series.y[i]!;
    z[i] = Number.isFinite(v) ? Math.log1p(Math.max(0, v)) : NaN;
    w[i] = Number.isFinite(v) ? Math.pow(0.5, (last - first - i) / o.halfLife) : 0;
  }
  const lambda = penalties(lay, o);
  let beta = ridgeSolveCsr(X, z, w, lambda);
  const resid = new Float64Array(n);
  const rw = Float64Array.from(w);
  // Two robust passes: typhoon days and one-off closures get zero weight instead of bending the fit.
  for (let pass = 0; pass < (o.robustPasses ?? 1); pass++) {
    residuals(X, z, beta, resid);
    const s = 1.4826 * quantile(absFinite(resid, w), 0.5) || 1e-6;
    let changed = false;
    for (let i = 0; i < n; i++) {
      const nw = Math.abs(resid[i]!) > o.outlierK * s ? 0 : w[i]!;
      if (nw !== rw[i]) changed = true;
      rw[i] = nw;
    }
    if (!changed) break;
    beta = ridgeSolveCsr(X, z, rw, lambda);
  }
  residuals(X, z, beta, resid);
  let sum = 0;
  let cnt = 0;
  for (let i = Math.max(0, n - o.levelDays); i < n; i++) {
    if (rw[i]! > 0 && Number.isFinite(resid[i]!)) {
      sum += resid[i]!;
      cnt++;
    }
  }
  const level = cnt > 0 ? (o.levelShare * sum) / cnt : 0;
  return { beta, lay, knotDays, first, last, resid, weights: rw, level };
}

/** Log-scale point forecast for the h days after the training data. */
export function predictCalendarRegression(fit: RegressionFit, calendar: HolidayCalendar, h: number): Float64Array {
  const from = fit.last + 1;
  const hol = holidayColumns(calendar, fit.lay, from, from + h - 1);
  const X = design(fit.lay, from, h, fit.knotDays, fit.last, hol);
  const out = new Float64Array(h);
  const p = fit.lay.p;
  for (let i = 0; i < h; i++) {
    let v = fit.level;
    for (let j = 0; j < p; j++) v += X[i * p + j]! * fit.beta[j]!;
    out[i] = v;
  }
  return out;
}

/** Forecast of the calendar regression with intervals from its weighted in-sample log residuals. */
export function calendarRegressionForecast(series: Series, h: number, options: RegressionOptions): Forecast {
  const fit = fitCalendarRegression(series, options);
  const zf = predictCalendarRegression(fit, options.calendar, h);
  return logForecast(zf, residualQuantiles(fit.resid, fit.weights));
}

/** The calendar regression as a model object (daily series only). */
export function calendarRegression(options: RegressionOptions): Model {
  return {
    name: 'calreg',
    fit(series: Series): Fitted {
      const fit = fitCalendarRegression(series, options);
      const q = residualQuantiles(fit.resid, fit.weights);
      return {
        model: 'calreg',
        predict: (h: number) => logForecast(predictCalendarRegression(fit, options.calendar, h), q),
      };
    },
  };
}

/** Quantiles [q2.5, q10, q90, q97.5] of the log residuals with positive weight. */
export function residualQuantiles(resid: Float64Array, w: Float64Array): Float64Array {
  const r: number[] = [];
  for (let i = 0; i < resid.length; i++) if (w[i]! > 0 && Number.isFinite(resid[i]!)) r.push(resid[i]!);
  return Float64Array.from([0.025, 0.1, 0.9, 0.975].map((q) => quantile(r, q) || 0));
}

/** Back-transforms a log1p forecast with additive log-scale interval offsets [q2.5, q10, q90, q97.5]. */
export function logForecast(z: Float64Array, q: Float64Array, widen: (i: number) => number = () => 1): Forecast {
  const h = z.length;
  const f = emptyForecast(h);
  for (let i = 0; i < h; i++) {
    const m = z[i]!;
    const g = widen(i);
    f.mean[i] = Math.expm1(m);
    f.lo95[i] = Math.expm1(m + g * q[0]!);
    f.lo80[i] = Math.expm1(m + g * q[1]!);
    f.hi80[i] = Math.expm1(m + g * q[2]!);
    f.hi95[i] = Math.expm1(m + g * q[3]!);
  }
  return tidyForecast(f);
}

function penalties(lay: Layout, o: typeof DEFAULTS): Float64Array {
  const l = new Float64Array(lay.p);
  l[lay.trend] = 0.01;
  for (let k = 0; k < lay.knots; k++) l[lay.trend + 1 + k] = o.lambdaTrend;
  for (let k = 0; k < 6; k++) l[lay.dow + k] = 0.01;
  for (let k = 0; k < 2 * lay.K; k++) l[lay.fourier + k] = o.lambdaFourier;
  for (let k = lay.generic; k < lay.specific; k++) l[k] = o.lambdaHoliday;
  for (let k = lay.specific; k < lay.cnWork; k++) l[k] = o.lambdaSpecific;
  l[lay.cnWork] = o.lambdaHoliday;
  return l;
}

function residuals(X: Csr, z: Float64Array, beta: Float64Array, out: Float64Array): void {
  const fitted = csrMul(X, beta);
  for (let i = 0; i < X.n; i++) out[i] = z[i]! - fitted[i]!;
}

function absFinite(r: Float64Array, w: Float64Array): Float64Array {
  const out = new Float64Array(r.length).fill(NaN);
  for (let i = 0; i < r.length; i++) if (w[i]! > 0 && Number.isFinite(r[i]!)) out[i] = Math.abs(r[i]!);
  return out;
}

/**
 * Fitting the calendar regression: a weighted ridge on log1p counts, solved with a Cholesky factor shared by every
 * series over the same days, conjugate gradients for the rows a fit drops (gaps, outliers), and a robust refit.
 */
import { hasEvent, type HolidayCalendar } from '../calendar.js';
import { choleskyFactor, choleskySubst, sortedQuantile, type Csr } from '../numeric/linalg.js';
import type { Series, SeriesEvent } from '../types.js';
import { designCsr, layout, penalties, type Layout } from './design.js';
import { EVENTS, holidayColumns, SPRING_AT, SPRING_COLS } from './holidays.js';
import { DEFAULTS, type RegressionOptions, type Tuned } from './options.js';
import { eventColumns, eventKinds, eventsKey, type EventColumns } from './portEvents.js';

export interface RegressionFit {
  beta: Float64Array;
  lay: Layout;
  knotDays: Float64Array;
  first: number;
  last: number;
  /** Day the trend column is measured from (the workspace's last day). */
  origin: number;
  /** log-scale residuals on the training days (NaN where no data). */
  resid: Float64Array;
  weights: Float64Array;
  level: number;
  /** Share of the year-ago residual added to the forecast, and the training days it skips at the start. */
  yearAgo: number;
  yearAgoSkip: number;
  /** Training indexes given zero weight by the robust refit. */
  outliers: readonly number[];
  /** Smoothed recent residual (beyond `level`) and its per-day decay over the horizon. */
  smooth: number;
  phi: number;
  /** The series' own events as design columns, and their kinds in column order (none: no such columns). */
  ev?: EventColumns;
  eventKinds?: readonly string[];
}

/**
 * What every series over the same days shares: the design, the recency weights and, per cutoff,
 * the Cholesky factor of the weighted ridge normal equations. Missing days and outliers do not
 * change the factor: they are imputed by EM (a zero weight is the same as the fitted value as data),
 * so all series of a date range need one factorisation per cutoff, not one per fit.
 */
interface Shared {
  o: Tuned;
  lay: Layout;
  first: number;
  n: number;
  knotDays: Float64Array;
  X: Csr;
  /** Recency weights relative to the last day of the range. */
  w: Float64Array;
  lambda: Float64Array;
  factors: Map<number, Float64Array>;
  /** 1 for the days with a holiday-position column (what the robust refit may protect), made on first use. */
  onHoliday?: Uint8Array;
  /** 1 for the days with a Spring Festival offset (never zero-weighted when `springOwn`), made on first use. */
  onSpring?: Uint8Array;
  /** The series' own events (shared by the series of one port), and 1 for their days, made on first use. */
  ev?: EventColumns;
  eventKinds?: readonly string[];
  onEvent?: Uint8Array;
}

const sharedCache = new WeakMap<HolidayCalendar, Map<string, Shared>>();

function shared(o: Tuned, first: number, n: number, events: readonly SeriesEvent[] = []): Shared {
  // Series without events of their own keep the key, layout and design they had before events existed.
  const kinds = events.length ? eventKinds(events) : [];
  const own = events.length ? `|${o.lambdaPortEvents}|${eventsKey(events)}` : '';
  const key = [first, n, o.fourier, o.halfLife, o.knotEvery, o.lambdaTrend, o.lambdaFourier, o.lambdaHoliday, o.lambdaSpecific, o.lambdaDowSeason, o.blockDow, o.monthDay, o.lunarWeeks, o.lunarPre, o.lambdaLunar, o.specificAnchor, o.springOwn, o.lambdaSpring, o.solstice, o.events].join('|') + own;
  let byKey = sharedCache.get(o.calendar);
  if (!byKey) sharedCache.set(o.calendar, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const last = first + n - 1;
  const knots: number[] = [];
  // Knots stop well before the end so the final slope rests on more than a few weeks of data.
  for (let d = first + o.knotEvery; d < last - 42; d += o.knotEvery) knots.push(d);
  const knotDays = Float64Array.from(knots);
  // The solstice matters where HK or mainland holidays do, events where the calendar lists them: another
  // country's calendar gets neither set of columns.
  const lay = layout(knots.length, o.fourier, {
    ...o,
    solstice: o.calendar.hk.size + o.calendar.cn.size > 0 ? o.solstice : 0,
    events: EVENTS.some((ev) => hasEvent(o.calendar, ev.test)) ? o.events : 0,
    portEventKinds: kinds.length,
  });
  const hol = holidayColumns(o.calendar, lay, first, last);
  const ev = kinds.length ? eventColumns(events, kinds) : undefined;
  const X = designCsr(lay, first, n, knotDays, knots.length, last, last, hol, ev);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.pow(0.5, (n - 1 - i) / o.halfLife);
  const sh: Shared = { o, lay, first, n, knotDays, X, w, lambda: penalties(lay, o), factors: new Map(), ...(ev ? { ev, eventKinds: kinds } : {}) };
  if (byKey.size >= 192) byKey.clear(); // bounded: a run touches a few dozen date ranges
  byKey.set(key, sh);
  return sh;
}

/** Knots in the model of a fit whose last training index is c (none within 42 days of its end). */
function usedKnots(sh: Shared, c: number): number {
  let used = 0;
  while (used < sh.knotDays.length && sh.knotDays[used]! < sh.first + c - 42) used++;
  return used;
}

/** Cholesky factor of scale · Σ_{i≤c} w_i x_i x_iᵀ + Λ, knots outside the cutoff's model pinned to zero. */
function factorAt(sh: Shared, c: number): Float64Array {
  prepareFactors(sh, [c]);
  return sh.factors.get(c)!;
}

/** Factors for several cutoffs from one pass over the rows (the Gram matrix is a prefix sum). */
function prepareFactors(sh: Shared, cutoffs: readonly number[]): void {
  const todo = [...new Set(cutoffs)].filter((c) => !sh.factors.has(c)).sort((a, b) => a - b);
  if (todo.length === 0) return;
  const { lay, X, w, lambda } = sh;
  const p = lay.p;
  const G = new Float64Array(p * p);
  const scratch = new Float64Array(p);
  let row = 0;
  for (const c of todo) {
    for (; row <= c; row++) addRow(X, row, w[row]!, 0, G, scratch);
    const A = G.slice();
    const used = usedKnots(sh, c);
    const scale = Math.pow(2, (sh.n - 1 - c) / sh.o.halfLife);
    for (let j = 0; j < p; j++) {
      const rj = j * p;
      if (j > lay.trend + used && j <= lay.trend + lay.knots) {
        for (let k = j; k < p; k++) A[rj + k] = 0;
        for (let k = 0; k < j; k++) A[k * p + j] = 0;
        A[rj + j] = 1;
        continue;
      }
      for (let k = j; k < p; k++) A[rj + k] = A[rj + k]! * scale;
      A[rj + j] = A[rj + j]! + lambda[j]! + 1e-9;
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j]!;
    sh.factors.set(c, choleskyFactor(A, p));
  }
}

/** Adds w_i x_i x_iᵀ (upper triangle) and w_i x_i z_i of row i to A and b. */
function addRow(X: Csr, i: number, wi: number, zi: number, A: Float64Array, b: Float64Array): void {
  const { p, ptr, col, val } = X;
  const e = ptr[i + 1]!;
  for (let a = ptr[i]!; a < e; a++) {
    const j = col[a]!;
    const wx = wi * val[a]!;
    b[j] = b[j]! + wx * zi;
    const rj = j * p;
    for (let c = a; c < e; c++) {
      const k = col[c]!;
      A[rj + k] = A[rj + k]! + wx * val[c]!;
    }
  }
}

function rowDot(X: Csr, i: number, beta: Float64Array): number {
  let v = 0;
  for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) v += X.val[a]! * beta[X.col[a]!]!;
  return v;
}

/** log1p counts with missing days filled by linear interpolation (EM's starting values). */
function logFilled(y: Float64Array): { z: Float64Array; missing: number[] } {
  const n = y.length;
  const z = new Float64Array(n);
  const missing: number[] = [];
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) {
      missing.push(i);
      continue;
    }
    z[i] = Math.log1p(Math.max(0, v));
    for (let k = prev + 1; k < i; k++) z[k] = prev < 0 ? z[i]! : z[prev]! + ((z[i]! - z[prev]!) * (k - prev)) / (i - prev);
    prev = i;
  }
  for (let k = prev + 1; k < n; k++) z[k] = prev < 0 ? 0 : z[prev]!;
  return { z, missing };
}

/**
 * Fits the regression at each cutoff (index of the last training day). With `known` outliers
 * (from the fit on the whole series: typhoon days are data faults, not news) each cutoff is one
 * EM solve instead of a robust iteration.
 */
export function fitAt(series: Series, options: RegressionOptions, cutoffs: readonly number[], known?: readonly number[]): RegressionFit[] {
  const o = { ...DEFAULTS, ...options };
  const sh = shared(o, series.start, series.y.length, series.events);
  prepareFactors(sh, cutoffs);
  const { z: z0, missing } = logFilled(series.y);
  return cutoffs.map((c) => fitOne(sh, o, z0, missing.filter((i) => i <= c), c, known?.filter((i) => i <= c)));
}

/** One fit at cutoff c; `o` may differ from the shared options in what the factor does not depend on (level, robust refit, smoothing). */
function fitOne(sh: Shared, o: Tuned, z0: Float64Array, missing: readonly number[], c: number, known?: readonly number[]): RegressionFit {
  const { lay, X, w } = sh;
  const p = lay.p;
  const m = c + 1;
  const L = factorAt(sh, c);
  const scale = Math.pow(2, (sh.n - 1 - c) / o.halfLife);
  const isMissing = new Uint8Array(m);
  for (const i of missing) isMissing[i] = 1;
  const used = usedKnots(sh, c);
  const pin = (x: Float64Array) => {
    // Knots outside this cutoff's model: their rows of the factor are identity, their β is zero.
    for (let j = lay.trend + 1 + used; j <= lay.trend + lay.knots; j++) x[j] = 0;
    return x;
  };
  const bAll = new Float64Array(p);
  for (let i = 0; i < m; i++) if (!isMissing[i]) addRowB(X, i, scale * w[i]!, z0[i]!, bAll);
  /**
   * Solves the normal equations without the rows in `drop` (missing days, outliers) by conjugate
   * gradients preconditioned with the shared full-data factor: dropping rows is a low-rank change,
   * so a handful of iterations converge where refactoring would cost p³/6.
   */
  const solveWithout = (drop: readonly number[], out: readonly number[]): Float64Array => {
    const b = bAll.slice();
    for (const i of out) addRowB(X, i, -scale * w[i]!, z0[i]!, b);
    pin(b);
    /** The dropped rows' part of the normal matrix times v: Σ_drop s w_i x_i x_iᵀ v (sparse). */
    const dropMul = (v: Float64Array): Float64Array => {
      const r = new Float64Array(p);
      for (const i of drop) {
        const d = rowDot(X, i, v);
        if (d !== 0) addRowB(X, i, scale * w[i]!, d, r);
      }
      return pin(r);
    };
    const x = pin(choleskySubst(L, b, p));
    if (drop.length === 0) return x;
    // The system is (M − D) x = b with M = L Lᵀ, the preconditioner. M is never multiplied by: x starts at M⁻¹b, so
    // the first residual is D x; M times the search direction is carried along (M d = r + β M d_prev, since d = M⁻¹r
    // + β d_prev). Each iteration costs one solve with L and a sparse product, not two more dense products as well.
    const r = dropMul(x);
    let zv = pin(choleskySubst(L, r, p));
    const dir = zv.slice();
    const mDir = r.slice();
    let rz = dotv(r, zv);
    const rz0 = rz;
    for (let it = 0; it < 60 && rz > 1e-10 * rz0 && rz > 1e-300; it++) {
      const q = dropMul(dir);
      for (let j = 0; j < p; j++) q[j] = mDir[j]! - q[j]!;
      const alpha = rz / dotv(dir, q);
      for (let j = 0; j < p; j++) {
        x[j] = x[j]! + alpha * dir[j]!;
        r[j] = r[j]! - alpha * q[j]!;
      }
      zv = pin(choleskySubst(L, r, p));
      const rzNew = dotv(r, zv);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let j = 0; j < p; j++) {
        dir[j] = zv[j]! + beta * dir[j]!;
        mDir[j] = r[j]! + beta * mDir[j]!;
      }
    }
    return x;
  };
  let outliers: readonly number[] = known ?? [];
  let beta = solveWithout([...missing, ...outliers], outliers);
  const resid = new Float64Array(m);
  const absr = new Float64Array(m);
  const onHoliday = o.protectHoliday > 0 ? (sh.onHoliday ??= holidayRows(X, sh.n, lay.generic, lay.cnWork)) : undefined;
  const onSpring = lay.springOwn > 0 ? (sh.onSpring ??= holidayRows(X, sh.n, lay.specific + SPRING_AT, lay.specific + SPRING_AT + SPRING_COLS)) : undefined;
  // An event day above the fit is what the event columns must learn, like a first-time holiday flood.
  const onEvent = o.protectHoliday > 0 && lay.portEvents >= 0 ? (sh.onEvent ??= holidayRows(X, sh.n, lay.portEvents, lay.portEvents + lay.width.portEvents)) : undefined;
  const flag = (i: number, limit: number): boolean => {
    const r = resid[i]!;
    if (Math.abs(r) <= limit || onSpring?.[i]) return false;
    return !((onHoliday?.[i] || onEvent?.[i]) && (o.protectHoliday >= 2 || r > 0));
  };
  // Robust passes: typhoon days and one-off closures get zero weight instead of bending the fit.
  for (let pass = 0; pass < (known ? 0 : o.robustPasses); pass++) {
    let cnt = 0;
    for (let i = 0; i < m; i++) {
      resid[i] = isMissing[i] ? NaN : z0[i]! - rowDot(X, i, beta);
      if (!isMissing[i]) absr[cnt++] = Math.abs(resid[i]!);
    }
    const s = 1.4826 * sortedQuantile(absr.subarray(0, cnt).sort(), 0.5) || 1e-6;
    const next: number[] = [];
    for (let i = 0; i < m; i++) if (!isMissing[i] && flag(i, o.outlierK * s)) next.push(i);
    if (next.length === outliers.length && next.every((v, k) => v === outliers[k])) break;
    outliers = next;
    beta = solveWithout([...missing, ...outliers], outliers);
  }
  const rw = new Float64Array(m);
  for (let i = 0; i < m; i++) rw[i] = isMissing[i] ? 0 : w[i]! * scale;
  for (const i of outliers) rw[i] = 0;
  for (let i = 0; i < m; i++) resid[i] = isMissing[i] ? NaN : z0[i]! - rowDot(X, i, beta);
  let sum = 0;
  let cnt = 0;
  for (let i = Math.max(0, m - o.levelDays); i < m; i++) {
    if (rw[i]! > 0) {
      sum += resid[i]!;
      cnt++;
    }
  }
  const level = cnt > 0 ? (o.levelShare * sum) / cnt : 0;
  let smooth = 0;
  if (o.smoothAlpha > 0) {
    // SES over the last 8 weeks of residuals (outliers and gaps skipped), net of the carried level.
    let st = 0;
    for (let i = Math.max(0, m - 56); i < m; i++) if (rw[i]! > 0) st += o.smoothAlpha * (resid[i]! - level - st);
    smooth = st;
  }
  return { beta, lay, knotDays: sh.knotDays.subarray(0, used), first: sh.first, last: sh.first + c, origin: sh.first + sh.n - 1, resid, weights: rw, level, yearAgo: o.yearAgo, yearAgoSkip: o.yearAgoSkip, outliers, smooth, phi: o.smoothPhi, ...(sh.ev ? { ev: sh.ev, eventKinds: sh.eventKinds } : {}) };
}

/** 1 for the rows with a holiday-position column (generic or named block shape), in [from, to). */
function holidayRows(X: Csr, m: number, from: number, to: number): Uint8Array {
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) {
      const c = X.col[a]!;
      if (c >= from && c < to) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/** Adds w_i x_i d to b (the right-hand side only). */
function addRowB(X: Csr, i: number, wi: number, d: number, b: Float64Array): void {
  for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) b[X.col[a]!] = b[X.col[a]!]! + wi * X.val[a]! * d;
}

/** Fits the regression to a daily series (pure; the series should already be the current regime). */
export function fitCalendarRegression(series: Series, options: RegressionOptions): RegressionFit {
  return fitAt(series, options, [series.y.length - 1])[0]!;
}


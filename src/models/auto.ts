/**
 * The engine: cleans a series (current regime only, outages masked), backtests candidate models
 * on its most recent windows, keeps the one with the smallest absolute error, and calibrates the
 * intervals of the final forecast on that model's backtest residuals (conformal).
 */
import { backtest, type BacktestWindow } from './backtest.js';
import { movingFestivalDays, nearHolidayDays, type HolidayCalendar } from './calendar.js';
import { applyOffsets, applyRawOffsets, capAtRecord, conformalOffsets, rawOffsets, recentRecord } from './intervals/conformal.js';
import { ets } from './ets/ets.js';
import { mstl } from './ets/mstl.js';
import { seasonalMean, seasonalNaive } from './baseline/naive.js';
import { breakGap, recentDrop, recovery } from './recovery.js';
import { detectRegimeStart, maskOutages } from './regime.js';
import { calendarRegression, type RegressionOptions } from './calreg/index.js';
import { emptyForecast, tidyForecast, type Fitted, type Forecast, type Model, type Part, type Series } from './types.js';

export interface AutoOptions {
  calendar: HolidayCalendar;
  /** Backtest windows used for selection (default 4 for daily series, 6 for monthly). */
  folds?: number;
  /**
   * Backtest windows whose residuals calibrate the intervals: the most recent `folds`, and older ones on which the
   * winning model alone is backtested (default 6 for daily series, 10 for monthly). Older windows bring spells the
   * recent ones may lack (a Golden Week, a storm, a growth spurt); a monthly window holds only 12 residuals, so
   * monthly series take more of them. The coverage each choice gave is in docs/models.md.
   */
  calibrationFolds?: number;
  /** Length of each backtest window (default: 28 days / 12 months, or h if shorter). */
  foldHorizon?: number;
  /** Multiplies the calibrated log-scale interval offsets of daily series (default 0.90). */
  inflate?: number;
  /** Overrides of the calendar regression's tuning. */
  regression?: Partial<RegressionOptions>;
  /** Restricts the candidates (by model name); default all that apply. */
  candidates?: readonly string[];
  /**
   * A challenger replaces the calendar regression only if its backtest error is this much lower:
   * the recent windows often hold no holiday, where simple models look better than they are.
   */
  margin?: number;
  /**
   * Intervals on days within 2 days of an HK or mainland holiday or in a moving festival's season: the ordinary
   * days' conformal offsets times this factor (the calibration windows rarely hold the same holiday), or the holiday days' own
   * backtest offsets where there are enough of them and they are wider. 0 = one pool for all days.
   * Default 1.5 (tuned on the development and hold-out origins).
   */
  holidayWiden?: number;
  /**
   * Weeks (daily) behind the seasonal-median candidate; monthly series use 3 years. A median of 8 weeks
   * is a steadier challenger than 4 where the regression has too little history (the first year after reopening).
   */
  meanSeasons?: number;
}

/** What the engine decided for one series. */
export interface AutoResult {
  model: string;
  forecast: Forecast;
  /** Index (into the input series) where the training regime starts. */
  regimeStart: number;
  /** Mean absolute error of each candidate over the selection backtest. */
  scores: Record<string, number>;
  /**
   * The chosen model's parts of each step's point forecast (log1p scale), where its maths has parts (the calendar
   * regression, ETS); they add up to log1p(forecast.mean), a `limit` part closing what the record cap took.
   */
  parts?: Part[][];
  /**
   * The chosen model's backtest errors (actual − forecast, counts) on the windows that calibrate its intervals, by
   * period number: what reconciliation weighs the series by (models/reconcile), at the horizons it forecasts.
   */
  errors?: SeriesErrors;
}

/** Errors of one series by period: `e[k]` on period `t[k]` (day or month number), in backtest window `w[k]`. */
export interface SeriesErrors {
  t: number[];
  e: number[];
  w: number[];
}

const MAX_DAYS = 1096;
const MAX_MONTHS = 240;
const ALIGN = 28;
/**
 * Default interval scale of daily series: with the year-ago residual the backtest windows before an origin overstate
 * the error after it (the coverage at each scale tried is in docs/models.md).
 */
const INFLATE = 0.9;
/** Default weeks behind the seasonal median (4 before; 8 was better on the development, hold-out and official origins). */
const MEAN_WEEKS = 8;

/** The current regime of a series with interior outages masked; also returns where it starts. */
export function prepareSeries(series: Series): { series: Series; start: number } {
  const y = series.y;
  const regime = series.freq === 'day' ? detectRegimeStart(y) : monthlyRegimeStart(y);
  let start = Math.max(regime, y.length - (series.freq === 'day' ? MAX_DAYS : MAX_MONTHS));
  // Daily training windows start on a 28-day grid: series over the same days share one design and
  // one factorisation of the regression (a few weeks less of year-old data changes nothing).
  if (series.freq === 'day' && y.length - start > 400) start += (ALIGN - ((series.start + start) % ALIGN) + ALIGN) % ALIGN;
  const cut = y.subarray(start);
  const masked = series.freq === 'day' ? maskOutages(cut) : maskOutages(cut, 0.05, 6, 50);
  return { series: { ...series, start: series.start + start, y: masked }, start };
}

/**
 * Monthly regime start: a break found by detectRegimeStart counts only where what precedes it is an opening or a
 * closure (nothing before it reached half the later median). A drop and rebound (the 2020–21 border restrictions)
 * keeps the years before it, whose seasonal profile and level the recovery model needs.
 */
export function monthlyRegimeStart(y: Float64Array): number {
  const start = detectRegimeStart(y, { minSegment: 6 });
  if (start === 0) return 0;
  const after = Array.from(y.subarray(start)).filter(Number.isFinite).sort((a, b) => a - b);
  const med = after[Math.floor(after.length / 2)] ?? 0;
  let high = 0;
  for (let i = 0; i < start; i++) if (Number.isFinite(y[i]!) && y[i]! > high) high = y[i]!;
  return high < 0.5 * med ? start : 0;
}

/** A monthly series whose level is this far (log units, ≈ 26%) below its pre-break high is in a break. */
const BREAK_GAP = 0.3;

/** A series is sparse when more than this share of its last 8 seasons' periods are zero. */
export const SPARSE = 0.3;

/** Share of zero periods among the finite ones of the last 8 seasons (1 when none is finite). */
export function zeroShare(series: Series): number {
  const season = series.freq === 'day' ? 7 : 12;
  let zeros = 0;
  let finite = 0;
  for (const v of series.y.subarray(Math.max(0, series.y.length - 8 * season))) {
    if (Number.isFinite(v)) {
      finite++;
      if (v === 0) zeros++;
    }
  }
  return finite === 0 ? 1 : zeros / finite;
}

/** The candidate models for a series of this frequency and sparsity (`zeros`: its zeroShare). */
export function candidateModels(series: Series, options: AutoOptions, zeros = zeroShare(series)): Model[] {
  const daily = series.freq === 'day';
  const season = daily ? 7 : 12;
  const all: Model[] = [seasonalNaive({ season }), seasonalMean({ season, seasons: daily ? (options.meanSeasons ?? MEAN_WEEKS) : 3 })];
  if (daily) {
    // Sparse daily series (a cruise terminal) keep the regression as a candidate: its day-of-week, calendar and
    // year-ago terms rank ship days better than the weekday median does; it wins only on its backtest error.
    if (zeros < 1) all.push(calendarRegression({ calendar: options.calendar, ...options.regression }));
    if (zeros <= SPARSE && options.candidates?.includes('mstl')) all.push(mstl());
  } else if (zeros <= SPARSE) {
    all.push(ets({ season }));
    // The level-and-profile model is a candidate where the last five years hold a break (a drop of a third or more).
    if (recentDrop(series.y, series.start) > 0.4) all.push(recovery());
  }
  const names = options.candidates;
  return names ? all.filter((m) => names.includes(m.name) || m.name.startsWith('snaive')) : all;
}

/** Log-scale average of forecasts (combinations of calreg and mstl). */
export function combineForecasts(fs: readonly Forecast[]): Forecast {
  const h = fs[0]!.mean.length;
  const out = emptyForecast(h);
  for (const key of ['mean', 'lo80', 'hi80', 'lo95', 'hi95'] as const) {
    for (let i = 0; i < h; i++) {
      let s = 0;
      for (const f of fs) s += Math.log1p(Math.max(0, f[key][i]!));
      out[key][i] = Math.expm1(s / fs.length);
    }
  }
  return tidyForecast(out);
}

/** A combination model: fits each part and averages their forecasts on the log scale. */
export function combination(models: readonly Model[], name = models.map((m) => m.name).join('+')): Model {
  return {
    name,
    fit(series: Series): Fitted {
      const fits = models.map((m) => m.fit(series));
      return { model: name, predict: (h: number) => combineForecasts(fits.map((f) => f.predict(h))) };
    },
  };
}

/**
 * Forecasts h periods after the end of a series with the engine (selection + conformal intervals), no bound above
 * RECORD_CAP × the highest actual of the last year (issue 16: a planner cannot use a bound of billions).
 */
export function autoForecast(series: Series, h: number, options: AutoOptions): AutoResult {
  const r = uncappedForecast(series, h, options);
  // Monthly: the record of four years, so a rebound from a break is not capped at three times the crash's months.
  const record = recentRecord(series.y, series.freq === 'day' ? 365 : 48);
  const forecast = capAtRecord(r.forecast, record);
  return { ...r, forecast, ...(r.parts ? { parts: closeParts(r.parts, forecast.mean) } : {}) };
}

/** Adds a `limit` part to each step whose parts miss log1p(mean): what the record cap or the clamp at zero took off. */
export function closeParts(parts: readonly Part[][], mean: Float64Array): Part[][] {
  return parts.map((day, i) => {
    let sum = 0;
    for (const p of day) sum += p.value;
    const gap = Math.log1p(mean[i]!) - sum;
    return Math.abs(gap) > 1e-9 ? [...day, { kind: 'limit' as const, value: gap }] : [...day];
  });
}

/** Below this recent mean a daily series is a small-count one: its intervals are calibrated on the raw scale. */
const SMALL_COUNT = 200;

function recentMean(y: Float64Array, days: number): number {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(0, y.length - days); i < y.length; i++) if (Number.isFinite(y[i]!)) { sum += y[i]!; n++; }
  return n ? sum / n : 0;
}

function uncappedForecast(series: Series, h: number, options: AutoOptions): AutoResult {
  const { series: s, start } = prepareSeries(series);
  const daily = s.freq === 'day';
  const n = s.y.length;
  const fh = Math.min(options.foldHorizon ?? (daily ? 28 : 12), Math.max(h, 1));
  const minTrain = daily ? 8 * 7 : 24;
  const selectionFolds = options.folds ?? (daily ? 4 : 6);
  const calibrationFolds = Math.max(selectionFolds, options.calibrationFolds ?? (daily ? 6 : 10));
  /** Cutoffs of the backtest windows k = from..to, counted back from the last one. */
  const foldCutoffs = (from: number, to: number) => {
    const out: number[] = [];
    for (let k = from; k <= to; k++) if (n - k * fh >= minTrain) out.push(n - 1 - k * fh);
    return out;
  };
  const folds = foldCutoffs(1, selectionFolds);
  const zeros = zeroShare(s);
  const models = candidateModels(s, options, zeros);
  if (n === 0) return { model: 'empty', forecast: emptyForecast(h), regimeStart: start, scores: {} };
  if (folds.length === 0) {
    // Too short to backtest: the simplest honest model, with its own (wide) intervals.
    const m = models[0]!;
    return { model: m.name, forecast: m.fit(s).predict(h), regimeStart: start, scores: {} };
  }
  const windows = backtest(s, models, folds, fh);
  const byModel = groupWindows(windows);
  // Combinations come from the same backtest fits: no extra fitting.
  if (byModel.has('calreg') && byModel.has('mstl')) {
    const a = byModel.get('calreg')!;
    const b = byModel.get('mstl')!;
    byModel.set(
      'calreg+mstl',
      a.map((w, i) => ({ ...w, model: 'calreg+mstl', forecast: combineForecasts([w.forecast, b[i]!.forecast]) })),
    );
  }
  const scores: Record<string, number> = {};
  let best = '';
  for (const [name, ws] of byModel) {
    scores[name] = meanAbsError(ws);
    if (!best || scores[name]! < scores[best]!) best = name;
  }
  // The margin protects the regression where holidays make recent windows misleading; on a sparse series it
  // is one candidate among the others.
  const margin = zeros > SPARSE ? 0 : (options.margin ?? 0.35);
  if (scores['calreg'] !== undefined && scores[best]! > (1 - margin) * scores['calreg']!) best = 'calreg';
  // A monthly series still far below its pre-break level: the backtests score the crash and the closed months, not
  // the rebound to come; the recovery model, built for it, forecasts it (bench:monthly's break protocol).
  if (!daily && scores['recovery'] !== undefined && breakGap(s.y, s.start) > BREAK_GAP) best = 'recovery';
  const chosen = best === 'calreg+mstl' ? combination(models.filter((m) => m.name === 'calreg' || m.name === 'mstl'), best) : models.find((m) => m.name === best)!;
  const fitted = chosen.fit(s);
  const forecast = fitted.predict(h);
  const parts = fitted.explain?.(h);
  // Older windows calibrate the intervals only: the winner alone is backtested on them.
  const older = foldCutoffs(selectionFolds + 1, calibrationFolds);
  const ws = older.length ? [...byModel.get(best)!, ...backtest(s, [chosen], older, fh)] : byModel.get(best)!;
  const pairs = ws.map((w) => ({ actual: w.actual, mean: w.forecast.mean }));
  const errors = windowErrors(ws, s.start);
  // Intermittent and small-count series: additive offsets, a log-scale one explodes near zero.
  if (zeros > SPARSE || (daily && recentMean(s.y, 56) < SMALL_COUNT)) {
    const rq = rawOffsets(pairs);
    return { model: best, forecast: rq ? applyRawOffsets(forecast, rq, fh) : forecast, regimeStart: start, scores, errors, ...(parts ? { parts } : {}) };
  }
  const q = conformalOffsets(pairs);
  const widen = options.holidayWiden ?? 1.5;
  if (!q) return { model: best, forecast, regimeStart: start, scores, errors, ...(parts ? { parts } : {}) };
  const gap = daily ? 0 : breakGap(s.y, s.start);
  if (gap > BREAK_GAP) {
    // A monthly series still far below its pre-break level: its backtests hold the crash and the closed months, not
    // the rebound to come, so the intervals are sized by the gap still open (tuned on the break protocol of
    // bench:monthly): the upper 80/95% offsets 0.3/0.5 of it at least, the lower ones no wider than 0.4/0.8 of it.
    q[1] = Math.max(q[1]!, -0.4 * gap);
    q[0] = Math.min(q[1]!, -0.8 * gap);
    q[2] = Math.max(q[2]!, 0.3 * gap);
    q[3] = Math.max(q[2]!, 0.5 * gap);
  }
  if (!daily || widen <= 0) return { model: best, forecast: applyOffsets(forecast, q, fh, options.inflate ?? (daily ? INFLATE : 1)), regimeStart: start, scores, errors, ...(parts ? { parts } : {}) };
  const near = nearDays(options.calendar);
  const own = conformalOffsets(ws.map((w, j) => ({ ...pairs[j]!, use: (i: number) => near.has(s.start + w.cutoff + 1 + i) })), 40);
  // Ordinary days keep the offsets of all days: calibrating them on ordinary days alone made them too narrow.
  const hq = q.map((v, j) => {
    const wide = v * widen;
    const o = own?.[j];
    return o === undefined ? wide : j < 2 ? Math.min(wide, o) : Math.max(wide, o);
  });
  const at = (i: number) => near.has(s.start + n + i);
  return { model: best, forecast: applyOffsets(forecast, q, fh, options.inflate ?? INFLATE, { q: hq, at }), regimeStart: start, scores, errors, ...(parts ? { parts } : {}) };
}

/** The engine as a model object: auto({ calendar }).fit(series).predict(h). */
export function auto(options: AutoOptions): Model {
  return {
    name: 'auto',
    fit(series: Series): Fitted {
      const cache = new Map<number, AutoResult>();
      return {
        model: 'auto',
        predict(h: number): Forecast {
          let r = cache.get(h);
          if (!r) {
            r = autoForecast(series, h, options);
            cache.set(h, r);
          }
          return cloneForecast(r.forecast);
        },
      };
    },
  };
}

function cloneForecast(f: Forecast): Forecast {
  return { mean: f.mean.slice(), lo80: f.lo80.slice(), hi80: f.hi80.slice(), lo95: f.lo95.slice(), hi95: f.hi95.slice() };
}

function groupWindows(ws: readonly BacktestWindow[]): Map<string, BacktestWindow[]> {
  const out = new Map<string, BacktestWindow[]>();
  for (const w of ws) {
    const list = out.get(w.model);
    if (list) list.push(w);
    else out.set(w.model, [w]);
  }
  return out;
}

const nearCache = new WeakMap<HolidayCalendar, Set<number>>();

/**
 * Days whose intervals get the holiday treatment: within 2 days of an HK or mainland holiday, and the seasons of
 * the moving festivals (the weeks around the Spring Festival and Easter, with one or two past occurrences to learn
 * from and no year-ago residual). Cached per calendar.
 */
function nearDays(cal: HolidayCalendar): Set<number> {
  let near = nearCache.get(cal);
  if (!near) {
    near = nearHolidayDays(cal, 2);
    for (const d of movingFestivalDays(cal)) near.add(d);
    nearCache.set(cal, near);
  }
  return near;
}

/** Actual − forecast of every finite actual of the windows, by period (`start`: the period of index 0). */
function windowErrors(ws: readonly BacktestWindow[], start: number): SeriesErrors {
  const t: number[] = [];
  const e: number[] = [];
  const win: number[] = [];
  ws.forEach((w, k) => {
    for (let i = 0; i < w.actual.length; i++) {
      const a = w.actual[i]!;
      if (Number.isFinite(a)) {
        t.push(start + w.cutoff + 1 + i);
        e.push(a - w.forecast.mean[i]!);
        win.push(k);
      }
    }
  });
  return { t, e, w: win };
}

function meanAbsError(ws: readonly BacktestWindow[]): number {
  let s = 0;
  let c = 0;
  for (const w of ws) {
    for (let i = 0; i < w.actual.length; i++) {
      const a = w.actual[i]!;
      if (Number.isFinite(a)) {
        s += Math.abs(a - w.forecast.mean[i]!);
        c++;
      }
    }
  }
  return c ? s / c : Infinity;
}

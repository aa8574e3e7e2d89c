/**
 * The one scorer of stored forecast windows: the CLI's backtest table, GET /api/accuracy and `crossings accuracy`
 * all group their rows into windows here and score them with the measures of metrics.ts.
 */
import { prepareSeries } from './auto.js';
import { head } from './backtest.js';
import type { StoredBacktestRow } from '../store/backtests.js';
import type { ForecastDay } from '../store/forecastActuals.js';
import { periodOf } from './dates.js';
import { addWindow, emptySums, maseScale, scores, type ErrorSums, type Scores } from './metrics.js';
import type { Series } from './types.js';

/** A window's days as arrays, NaN where a row had null, with its first row (for its keys). */
export interface Window<R> {
  row: R;
  actual: Float64Array;
  mean: Float64Array;
  lo80: Float64Array;
  hi80: Float64Array;
  lo95: Float64Array;
  hi95: Float64Array;
}

/** Scores of a group of windows, with its first window (for its keys) and how many windows it holds. */
export interface WindowGroup<W> {
  first: W;
  windows: number;
  scores: Scores;
}

/** `port_id|direction|category`: the key of a window's series, as the engine's series keys. */
export const seriesKeyOf = (r: { port_id: string; direction: string; category: string }): string => `${r.port_id}|${r.direction}|${r.category}`;

/** The window of a backtest row: its series, model and cutoff. */
export const backtestWindowOf = (r: StoredBacktestRow): string => `${seriesKeyOf(r)}|${r.model}|${r.cutoff}`;

/** Groupings of backtest windows: per model, and per series and model. */
export const byModel = (w: Window<StoredBacktestRow>): string => w.row.model;
export const bySeriesAndModel = (w: Window<StoredBacktestRow>): string => `${seriesKeyOf(w.row)}|${w.row.model}`;

const valueOf = (x: number | null): number => (x === null ? NaN : x);

/** Groups rows into windows by `keyOf`, in the order windows first appear; the rows of a window come in day order. */
export function windowsOf<R extends ForecastDay>(rows: readonly R[], keyOf: (r: R) => string): Array<Window<R>> {
  const days = new Map<string, R[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = days.get(key);
    if (list) list.push(r);
    else days.set(key, [r]);
  }
  return [...days.values()].map((list) => {
    const column = (pick: (r: R) => number | null) => Float64Array.from(list, (r) => valueOf(pick(r)));
    return {
      row: list[0]!,
      actual: column((r) => r.actual), mean: column((r) => r.mean),
      lo80: column((r) => r.lo80), hi80: column((r) => r.hi80), lo95: column((r) => r.lo95), hi95: column((r) => r.hi95),
    };
  });
}

/** Days `from` (inclusive) to `to` (exclusive) of a window, as a window of their own. */
export function sliceWindow<R>(w: Window<R>, from: number, to: number): Window<R> {
  return {
    row: w.row,
    actual: w.actual.subarray(from, to), mean: w.mean.subarray(from, to),
    lo80: w.lo80.subarray(from, to), hi80: w.hi80.subarray(from, to), lo95: w.lo95.subarray(from, to), hi95: w.hi95.subarray(from, to),
  };
}

/**
 * The MASE scale of a window cut at index `cutoff`: the mean seasonal difference (lag 7 days or 12 months) of the
 * engine's cleaned training series (regime start, outages masked), the series the model was fitted on.
 */
export function windowScale(series: Series, cutoff: number): number {
  if (cutoff < 0 || cutoff >= series.y.length) return NaN;
  return maseScale(prepareSeries(head(series, cutoff)).series.y, series.freq === 'day' ? 7 : 12);
}

/**
 * The scale of each window from the stored series (by `seriesKeyOf`), computed once per series and cutoff;
 * NaN for a window whose series is not there (its MASE is then left out).
 */
export function scalesFrom(series: ReadonlyMap<string, Series>): (w: Window<StoredBacktestRow>) => number {
  const memo = new Map<string, number>();
  return ({ row }) => {
    const key = `${seriesKeyOf(row)}|${row.cutoff}`;
    let scale = memo.get(key);
    if (scale === undefined) {
      const s = series.get(seriesKeyOf(row));
      scale = s ? windowScale(s, periodOf(s.freq, row.cutoff) - s.start) : NaN;
      memo.set(key, scale);
    }
    return scale;
  };
}

/** Scores windows per group (`keyOf`), groups in the order they first appear. */
export function scoreWindows<W extends Window<unknown>>(
  windows: readonly W[],
  scaleOf: (w: W) => number,
  keyOf: (w: W) => string,
): Array<WindowGroup<W>> {
  const groups = new Map<string, { first: W; windows: number; sums: ErrorSums }>();
  for (const w of windows) {
    const key = keyOf(w);
    const g = groups.get(key) ?? { first: w, windows: 0, sums: emptySums() };
    groups.set(key, g);
    g.windows++;
    addWindow(g.sums, w.actual, w, scaleOf(w));
  }
  return [...groups.values()].map(({ first, windows: count, sums }) => ({ first, windows: count, scores: scores(sums) }));
}

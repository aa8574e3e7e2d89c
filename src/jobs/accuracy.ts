/**
 * The accuracy jobs: every stored forecast scored against the actuals loaded since (`crossings accuracy`), and a
 * stored backtest scored per series or model (GET /api/accuracy), both by the scorer of the CLI's backtest table.
 */
import type { Database } from '../store/db.js';
import { backtestRowsToScore, backtestSeriesFilter, type BacktestFilter } from '../store/backtests.js';
import { forecastsBesideActuals, type ForecastBesideActual } from '../store/forecastActuals.js';
import type { Scores } from '../models/metrics.js';
import { backtestWindowOf, byModel, bySeriesAndModel, scalesFrom, scoreWindows, sliceWindow, windowsOf, type Window, type WindowGroup } from '../models/scoring.js';
import { loadSeries } from '../store/series.js';

/** How stored forecasts did against actuals loaded since, per run, per run and series, per run and horizon week. */
export interface AccuracyReport {
  runs: Array<{ run_id: number; created_at: string } & AccuracyScores>;
  series: Array<{ run_id: number; port: string; direction: string; category: string } & AccuracyScores>;
  horizons: Array<{ run_id: number; horizon: string } & AccuracyScores>;
}

export interface AccuracyScores {
  n: number;
  mae: number;
  wape: number;
  cov80: number;
  cov95: number;
}

/** Stored forecasts carry no training series, hence no MASE scale. */
const NO_SCALE = () => NaN;
const WEEK = 7;

const accuracyScores = ({ n, mae, wape, cov80, cov95 }: Scores): AccuracyScores => ({ n, mae, wape, cov80, cov95 });

/** The groups that hold at least one actual, with their scores. */
const scored = <W>(groups: Array<WindowGroup<W>>) => groups.filter((g) => g.scores.n > 0).map((g) => ({ first: g.first, s: accuracyScores(g.scores) }));

/** The days of a window by horizon week (steps 1-7, 8-14, ...). */
function weeksOf(w: Window<ForecastBesideActual>): Array<{ week: number; window: Window<ForecastBesideActual> }> {
  return Array.from({ length: Math.ceil(w.actual.length / WEEK) }, (_, k) => ({ week: k, window: sliceWindow(w, WEEK * k, WEEK * (k + 1)) }));
}

/** Scores every stored forecast that now has an actual (horizon in steps from the run's first date). */
export async function accuracy(db: Database): Promise<AccuracyReport> {
  const windows = windowsOf(await forecastsBesideActuals(db), (r) => `${r.run_id}|${r.port}|${r.direction}|${r.category}`);
  const weeks = windows.flatMap((w) => weeksOf(w).map(({ week, window }) => ({ ...window, week })));
  const horizons = scored(scoreWindows(weeks, NO_SCALE, (w) => `${w.row.run_id}|${w.week}`))
    .sort((a, b) => a.first.row.run_id - b.first.row.run_id || a.first.week - b.first.week);
  return {
    runs: scored(scoreWindows(windows, NO_SCALE, (w) => String(w.row.run_id))).map(({ first: { row }, s }) => ({ run_id: row.run_id, created_at: row.created_at, ...s })),
    series: scored(scoreWindows(windows, NO_SCALE, (w) => `${w.row.run_id}|${w.row.port}|${w.row.direction}|${w.row.category}`)).map(({ first: { row }, s }) => ({
      run_id: row.run_id, port: row.port, direction: row.direction, category: row.category, ...s,
    })),
    horizons: horizons.map(({ first, s }) => ({ run_id: first.row.run_id, horizon: `${WEEK * first.week + 1}-${WEEK * first.week + WEEK}`, ...s })),
  };
}

/** Scores of a backtest per series and model (or per model), as GET /api/accuracy answers them; null where undefined. */
export type BacktestAccuracyRow = {
  port_id?: string;
  direction?: string;
  category?: string;
  model: string;
  windows: number;
  n: number;
  mase: number | null;
  wape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  peak_hit3: number | null;
};

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Scores of a stored backtest's windows, MASE scaled by the stored series up to each cutoff as the engine cleans it,
 * as the backtest job's table does: the same figures for the same rows, unless the history before a cutoff was revised.
 */
export async function backtestAccuracy(db: Database, filter: BacktestFilter, by: 'series' | 'model'): Promise<BacktestAccuracyRow[]> {
  const windows = windowsOf(await backtestRowsToScore(db, filter), backtestWindowOf);
  if (windows.length === 0) return [];
  const series = await loadSeries(db, backtestSeriesFilter(filter));
  const scaleOf = scalesFrom(new Map(series.map((s) => [s.series.key, s.series])));
  // The rows come by series and model, so groups by series appear in order; models alone need sorting.
  const groups = by === 'series' ? scoreWindows(windows, scaleOf, bySeriesAndModel) : scoreWindows(windows, scaleOf, byModel).sort((a, b) => (a.first.row.model < b.first.row.model ? -1 : 1));
  return groups.map(({ first: { row }, windows: count, scores: s }) => ({
    ...(by === 'series' ? { port_id: row.port_id, direction: row.direction, category: row.category } : {}),
    model: row.model, windows: count, n: s.n,
    mase: finite(s.mase), wape: finite(s.wape), coverage80: finite(s.cov80), coverage95: finite(s.cov95), peak_hit3: finite(s.peakHit3),
  }));
}

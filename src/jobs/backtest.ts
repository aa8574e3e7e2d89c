/** The backtest job: the engine and seasonal naive at rolling origins, scored and stored. */
import { type Database } from '../store/db.js';
import { CrossingsError, modelMessages } from '../messages.js';
import type { AutoOptions } from '../models/auto.js';
import { head, originCutoffs } from '../models/backtest.js';
import { isoOf } from '../models/dates.js';
import { round, type ModelProgress } from '../models/fitting.js';
import type { Scores } from '../models/metrics.js';
import { backtestWindowOf, byModel, bySeriesAndModel, scalesFrom, scoreWindows, seriesKeyOf, windowsOf } from '../models/scoring.js';
import { seasonalNaiveForecast } from '../models/baseline/naive.js';
import type { BacktestRow } from '../models/rows.js';
import { storeBacktests } from '../store/forecastRows.js';
import { loadCalendar, loadSeries } from '../store/series.js';
import type { Forecast } from '../models/types.js';
import { runTasks } from '../models/worker.js';


/** Scores of one model, overall or for one series. */
export interface ScoreRow extends Scores {
  model: string;
  port_id?: string;
  port?: string;
  direction?: string;
  category?: string;
}

export interface BacktestSummary {
  runId: number;
  horizon: number;
  origins: string[];
  seconds: number;
  models: ScoreRow[];
  series: ScoreRow[];
  /** How often the engine chose each model. */
  chosen: Record<string, number>;
}

/**
 * Rolling-origin backtest of the engine ('auto') and seasonal naive at each origin (data up to and
 * including the origin; monthly series use the origin's month). Stores `backtests` and returns scores.
 * The scores are those of the rows as stored, by the scorer of GET /api/accuracy, so both give the same figures.
 * `workers`: fit in that many worker threads (config.forecastWorkers) instead of this thread; the same rows either way.
 */
export async function backtestAll(
  db: Database,
  options: { horizon: number; origins: readonly string[]; progress?: ModelProgress; engine?: Partial<AutoOptions>; workers?: number; clock?: () => number },
): Promise<BacktestSummary> {
  // The run's recorded seconds come from the clock given (tests pass a fixed one), else the process's.
  const clock = options.clock ?? (() => performance.now());
  const t0 = clock();
  if (options.origins.length === 0) throw new CrossingsError(modelMessages.noOrigins());
  for (const o of options.origins) if (!/^\d{4}-\d{2}-\d{2}$/.test(o) || Number.isNaN(Date.parse(o))) throw new CrossingsError(modelMessages.badOrigin(o));
  const [list, calendar] = await Promise.all([loadSeries(db), loadCalendar(db)]);
  const h = options.horizon;
  const rows: BacktestRow[] = [];
  const chosen: Record<string, number> = {};
  // The engine's fits are the slow part: they run per series, in worker threads when asked; the rest is summing.
  const cutoffs = list.map((s) => originCutoffs(s.series, options.origins));
  const tasks = list.map((s, k) => ({ series: s.series, cutoffs: cutoffs[k]! }));
  const onDone = (k: number, done: number) => options.progress?.(done, list.length, list[k]!.series.key);
  const fits = await runTasks('backtest', { calendar, horizon: h, engine: options.engine ?? {} }, tasks, { workers: options.workers, onDone });
  list.forEach((s, k) => {
    const { freq, start, y } = s.series;
    const m = freq === 'day' ? 7 : 12;
    cutoffs[k]!.forEach((cutoff, j) => {
      const train = head(s.series, cutoff);
      const actual = new Float64Array(h).fill(NaN);
      for (let i = 0; i < h && cutoff + 1 + i < y.length; i++) actual[i] = y[cutoff + 1 + i]!;
      const auto = fits[k]![j]!;
      chosen[auto.model] = (chosen[auto.model] ?? 0) + 1;
      const candidates: Array<[string, Forecast]> = [
        ['auto', auto.forecast],
        [`snaive${m}`, seasonalNaiveForecast(train.y, h, m)],
      ];
      for (const [model, f] of candidates) {
        for (let i = 0; i < h; i++) {
          rows.push({
            port_id: s.port_id, port: s.port, direction: s.direction, category: s.category,
            cutoff: isoOf(freq, start + cutoff), date: isoOf(freq, start + cutoff + 1 + i), model,
            actual: Number.isFinite(actual[i]!) ? actual[i]! : null,
            mean: round(f.mean[i]!), lo80: round(f.lo80[i]!), hi80: round(f.hi80[i]!), lo95: round(f.lo95[i]!), hi95: round(f.hi95[i]!),
          });
        }
      }
    });
  });
  if (rows.length === 0) throw new CrossingsError(modelMessages.noBacktestWindows(options.origins));
  const seconds = (clock() - t0) / 1000;
  const runId = await storeBacktests(db, rows, { horizon: h, seriesCount: list.length, seconds, note: `backtest origins ${options.origins.join(',')}` });
  const windows = windowsOf(rows, backtestWindowOf);
  const scaleOf = scalesFrom(new Map(list.map((s) => [s.series.key, s.series])));
  const names = new Map(list.map((s) => [s.series.key, s.port]));
  return {
    runId,
    horizon: h,
    origins: [...options.origins],
    seconds,
    models: scoreWindows(windows, scaleOf, byModel).map(({ first, scores }) => ({ model: first.row.model, ...scores })),
    series: scoreWindows(windows, scaleOf, bySeriesAndModel).map(({ first: { row }, scores }) => ({
      model: row.model, port_id: row.port_id, port: names.get(seriesKeyOf(row)) ?? row.port_id, direction: row.direction, category: row.category, ...scores,
    })),
    chosen,
  };
}

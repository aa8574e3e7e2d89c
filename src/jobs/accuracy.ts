/**
 * The accuracy jobs: every stored forecast scored against the actuals loaded since (`crossings accuracy`), and a
 * stored backtest scored per series or model (GET /api/accuracy) by the scorer of the CLI's backtest table.
 */
import { all, type Database } from '../store/db.js';
import { backtestRowsToScore, backtestSeriesFilter, type BacktestFilter } from '../store/backtests.js';
import { backtestWindowOf, byModel, bySeriesAndModel, scalesFrom, scoreWindows, windowsOf } from '../models/scoring.js';
import { loadSeries } from '../models/series.js';


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

/** Scores every stored forecast that now has an actual (horizon in steps from the run's first date). */
export async function accuracy(db: Database): Promise<AccuracyReport> {
  const rows = await all(
    db,
    `with act as (
       select port_id, direction, category, date, sum(count)::double as actual
         from crossings group by all),
     fc as (
       select f.*, row_number() over (partition by f.run_id, f.port_id, f.direction, f.category order by f.date) as step
         from forecasts f)
     select fc.run_id, strftime(r.created_at, '%Y-%m-%d %H:%M') as created_at, coalesce(p.name, fc.port_id) as port,
            fc.direction, fc.category, fc.step::int as step, act.actual, fc.mean, fc.lo80, fc.hi80, fc.lo95, fc.hi95
       from fc join act using (port_id, direction, category, date)
       join forecast_runs r on r.run_id = fc.run_id
       left join ports p on p.port_id = fc.port_id
      order by fc.run_id, port, fc.direction, fc.category, step`,
  );
  const groups = <K extends string>(keyOf: (r: Record<string, unknown>) => K) => {
    const m = new Map<K, { first: Record<string, unknown>; acc: number[] }>();
    for (const r of rows) {
      const k = keyOf(r);
      const g = m.get(k) ?? { first: r, acc: [0, 0, 0, 0, 0] };
      m.set(k, g);
      const a = Number(r['actual']);
      const e = Math.abs(a - Number(r['mean']));
      g.acc[0]! += 1;
      g.acc[1]! += e;
      g.acc[2]! += a;
      if (a >= Number(r['lo80']) && a <= Number(r['hi80'])) g.acc[3]! += 1;
      if (a >= Number(r['lo95']) && a <= Number(r['hi95'])) g.acc[4]! += 1;
    }
    return [...m.values()].map(({ first, acc }) => ({
      first,
      s: { n: acc[0]!, mae: acc[1]! / acc[0]!, wape: acc[2]! > 0 ? (100 * acc[1]!) / acc[2]! : NaN, cov80: acc[3]! / acc[0]!, cov95: acc[4]! / acc[0]! },
    }));
  };
  const week = (step: number) => `${7 * Math.floor((step - 1) / 7) + 1}-${7 * Math.floor((step - 1) / 7) + 7}`;
  return {
    runs: groups((r) => String(r['run_id'])).map(({ first, s }) => ({ run_id: Number(first['run_id']), created_at: String(first['created_at']), ...s })),
    series: groups((r) => `${r['run_id']}|${r['port']}|${r['direction']}|${r['category']}`).map(({ first, s }) => ({
      run_id: Number(first['run_id']), port: String(first['port']), direction: String(first['direction']), category: String(first['category']), ...s,
    })),
    horizons: groups((r) => `${r['run_id']}|${week(Number(r['step']))}`).map(({ first, s }) => ({
      run_id: Number(first['run_id']), horizon: week(Number(first['step'])), ...s,
    })),
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

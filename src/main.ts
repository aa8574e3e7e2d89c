import { closeOnSignals, startServer } from './api/server.js';
import { loadConfig } from './config.js';
import { all, type Database } from './store/db.js';
import { CrossingsError } from './messages.js';
import { backtestAll } from './jobs/backtest.js';
import { forecastAll } from './jobs/forecast.js';
import { addDays } from './isoDays.js';

/** Days ahead the embedded default forecasts: the planners' eight weeks. */
const DEFAULT_HORIZON = 56;

/** Backtest windows the embedded default scores, so the dashboard can show past accuracy from the start. */
const BACKTEST_HORIZON = 28;
const BACKTEST_WINDOWS = 2;

/** Fits forecasts, and a backtest of the last few 4-week windows, once when the database has data but none yet. */
async function forecastIfNone(db: Database, workers: number): Promise<void> {
  const [counts] = await all(
    db,
    `select (select count(*) from forecast_runs)::int as runs, (select count(*) from backtests)::int as backtests,
            (select max(date) from crossings where freq in ('day', 'hour'))::varchar as last`,
  );
  const last = counts?.['last'];
  if (typeof last !== 'string') return;
  if (Number(counts?.['runs']) === 0) {
    const r = await forecastAll(db, { horizon: DEFAULT_HORIZON, workers });
    console.log(`forecast run ${r.runId}: ${r.rows.length} forecast rows in ${r.seconds.toFixed(1)} s`);
  }
  if (Number(counts?.['backtests']) === 0) {
    const origins = Array.from({ length: BACKTEST_WINDOWS }, (_, i) => addDays(last, -BACKTEST_HORIZON * (BACKTEST_WINDOWS - i)));
    const t = performance.now();
    await backtestAll(db, { horizon: BACKTEST_HORIZON, origins, workers });
    console.log(`backtest at ${origins.join(', ')}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

// `npm start`: the embedded default on data/crossings.duckdb (CROSSINGS_DB, HOST and PORT override).
try {
  const config = loadConfig();
  const running = await startServer(config, { afterLoad: (db) => forecastIfNone(db, config.forecastWorkers) });
  console.log(`crossings is serving on ${running.url}`);
  closeOnSignals(running);
} catch (err) {
  console.error(err instanceof CrossingsError ? err.message : err);
  process.exit(2);
}

import { startServer } from './api/server.js';
import { loadConfig } from './config.js';
import { all, type Database } from './db.js';
import { CrossingsError } from './messages.js';
import { forecastAll } from './models/commands.js';

/** Days ahead the embedded default forecasts: the planners' eight weeks. */
const DEFAULT_HORIZON = 56;

/** Fits forecasts once when the database has data but no forecast run yet. */
async function forecastIfNone(db: Database): Promise<void> {
  const runs = await all(db, 'select count(*)::int as n from forecast_runs');
  const data = await all(db, 'select count(*)::int as n from crossings');
  if (Number(runs[0]?.['n']) > 0 || Number(data[0]?.['n']) === 0) return;
  const r = await forecastAll(db, { horizon: DEFAULT_HORIZON });
  console.log(`forecast run ${r.runId}: ${r.rows.length} forecast rows in ${r.seconds.toFixed(1)} s`);
}

// `npm start`: the embedded default on data/crossings.duckdb (CROSSINGS_DB, HOST and PORT override).
try {
  const running = await startServer(loadConfig(), { afterLoad: forecastIfNone });
  console.log(`crossings is serving on ${running.url}`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(err instanceof CrossingsError ? err.message : err);
  process.exit(2);
}

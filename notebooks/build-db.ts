/**
 * Builds the notebooks' database: the sample data (data/sample), a 56-day forecast run and a rolling-origin
 * backtest at two origins, all with the project's own jobs. Usage: deno run -A build-db.ts PATH
 */
import { existsSync, rmSync } from 'node:fs';
import { closeDatabase, openDatabase } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { loadSampleIfEmpty } from '../src/ingest/sample.js';
import { backtestAll } from '../src/jobs/backtest.js';
import { forecastAll } from '../src/jobs/forecast.js';
import { ensureAnalystViews } from '../src/sql/views.js';

const path = process.argv[2] ?? Deno.args[0];
if (!path) throw new Error('usage: build-db.ts PATH');
for (const f of [path, `${path}.wal`]) if (existsSync(f)) rmSync(f);
const t0 = performance.now();
const db = await openDatabase(path);
try {
  await prepareDatabase(db);
  const loaded = await loadSampleIfEmpty(db, new URL('../data/sample/', import.meta.url).pathname);
  console.log(`loaded ${loaded.length} sample files`);
  const fc = await forecastAll(db, { horizon: 56 });
  console.log(`forecast run ${fc.runId}: ${fc.rows.length} rows`);
  const bt = await backtestAll(db, { horizon: 28, origins: ['2025-03-31', '2025-09-30'] });
  console.log(`backtest done in ${((performance.now() - t0) / 1000).toFixed(1)} s`, Object.keys(bt).join(','));
  await ensureAnalystViews(db);
} finally {
  await closeDatabase(db);
}

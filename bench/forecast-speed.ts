/**
 * Time to forecast every series of a database (target < 3 s). Builds a temporary DuckDB from the
 * HK ImmD CSV and the US BTS excerpt through `crossings ingest`, unless --db PATH is given.
 *
 *   npx tsx bench/forecast-speed.ts [--db PATH] [--horizon 28] [--worker]
 *
 * --worker fits in a worker thread, as POST /api/forecasts does (the server stays responsive): the figure then
 * includes starting the worker and loading the models into it.
 */
import { join } from 'node:path';
import { closeDatabase, openDatabase, type Database } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { forecastAll } from '../src/jobs/forecast.js';
import { fitInWorker } from '../src/models/worker.js';
import { withTempDatabase } from './tempDatabase.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const horizon = Number(arg('--horizon') ?? 28);
const data = new URL('../../shared/data/', import.meta.url).pathname;

async function measure(db: Database): Promise<void> {
  const t0 = performance.now();
  const r = await forecastAll(db, { horizon, ...(args.includes('--worker') ? { fit: fitInWorker } : {}) });
  const total = (performance.now() - t0) / 1000;
  const series = new Set(r.rows.map((x) => `${x.port_id}|${x.direction}|${x.category}`)).size;
  const models: Record<string, number> = {};
  for (const x of r.rows) models[x.model] = (models[x.model] ?? 0) + 1 / horizon;
  console.log(`forecast of ${series} series × ${horizon} periods: ${r.seconds.toFixed(2)} s fitting${args.includes('--worker') ? ' in a worker thread' : ''}, ${total.toFixed(2)} s including storing run ${r.runId}`);
  console.log(`models chosen: ${Object.entries(models).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
}

const given = arg('--db');
if (given) {
  const db = await openDatabase(given);
  try {
    await prepareDatabase(db);
    await measure(db);
  } finally {
    await closeDatabase(db);
  }
} else {
  await withTempDatabase('crossings-speed-', async (db) => {
    await ingestFile(db, join(data, 'hk_immd_daily_passenger_traffic.csv'), { format: 'hk-immd' });
    await ingestFile(db, join(data, 'us_bts_border_crossing_excerpt.csv'), { format: 'us-bts' });
    await measure(db);
  });
}

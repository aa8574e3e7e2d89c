/**
 * Time to forecast every series of a database (target < 3 s), fitting in 1 worker thread and then in all of them
 * (CROSSINGS_WORKERS, default one per core). Builds a temporary DuckDB from the HK ImmD CSV and the US BTS excerpt
 * through `crossings ingest`, unless --db PATH is given.
 *
 *   npx tsx bench/forecast-speed.ts [--db PATH] [--horizon 28]   (npm run bench:forecast-speed)
 *
 * Each figure includes starting the workers and loading the models into them, as POST /api/forecast-runs does.
 */
import { join } from 'node:path';
import { forecastWorkers } from '../src/config.js';
import { closeDatabase, openDatabase, type Database } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { forecastAll } from '../src/jobs/forecast.js';
import type { ForecastRow } from '../src/models/rows.js';
import { withTempDatabase } from './tempDatabase.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const horizon = Number(arg('--horizon') ?? 28);
const data = new URL('../../shared/data/', import.meta.url).pathname;

/** One forecast of every series in `workers` threads: prints its times and returns its rows. */
async function timed(db: Database, workers: number): Promise<ForecastRow[]> {
  const t0 = performance.now();
  const r = await forecastAll(db, { horizon, workers });
  const total = (performance.now() - t0) / 1000;
  const series = new Set(r.rows.map((x) => `${x.port_id}|${x.direction}|${x.category}`)).size;
  console.log(`${workers} worker${workers === 1 ? '' : 's'}: ${series} series × ${horizon} periods, ${r.seconds.toFixed(2)} s fitting, ${total.toFixed(2)} s including storing run ${r.runId}`);
  return r.rows;
}

async function measure(db: Database): Promise<void> {
  const all = forecastWorkers();
  const one = await timed(db, 1);
  const many = await timed(db, all);
  console.log(`worker count: ${all} (CROSSINGS_WORKERS, else the cores); the same rows: ${JSON.stringify(one) === JSON.stringify(many)}`);
  const models: Record<string, number> = {};
  for (const x of many) models[x.model] = (models[x.model] ?? 0) + 1 / horizon;
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

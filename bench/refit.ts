/**
 * The API while it refits: POST /api/forecast-runs on the full HK file (plus the US BTS excerpt), with
 * GET /healthz polled every 20 ms meanwhile. Prints how long the refit took and the health-check
 * latencies during it (fitting runs in a worker thread, so they should stay small).
 *
 *   npx tsx bench/refit.ts   (npm run bench:refit)
 */
import { join } from 'node:path';
import { startServer } from '../src/api/server.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { withTempDir } from './tempDatabase.js';

const data = new URL('../../shared/data/', import.meta.url).pathname;

/** Runs the benchmark and returns printable lines. */
export async function benchRefit(): Promise<string[]> {
  return withTempDir('crossings-refit-', (dir) => refitIn(dir));
}

async function refitIn(dir: string): Promise<string[]> {
  const path = join(dir, 'refit.duckdb');
  const db = await openDatabase(path);
  await prepareDatabase(db);
  await ingestFile(db, join(data, 'hk_immd_daily_passenger_traffic.csv'), { format: 'hk-immd' });
  await ingestFile(db, join(data, 'us_bts_border_crossing_excerpt.csv'), { format: 'us-bts' });
  await closeDatabase(db);

  const key = 'bench-admin-key';
  const config = { ...loadConfig({ ...process.env, CROSSINGS_API_KEYS: `${key}:admin` }), db: path, port: 0, logLevel: 'warn' };
  const server = await startServer(config);
  try {
    await fetch(`${server.url}/healthz`);
    const latencies: number[] = [];
    let refitting = true;
    const polling = (async () => {
      while (refitting) {
        const t = performance.now();
        await fetch(`${server.url}/healthz`);
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/forecast-runs`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ horizon: 56 }),
    });
    const refit = (performance.now() - t0) / 1000;
    refitting = false;
    await polling;
    const body = (await res.json()) as { series: number; rows: number };
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(0);
    return [
      `POST /api/forecast-runs (HTTP ${res.status}): ${body.series} series, ${body.rows} rows in ${refit.toFixed(2)} s`,
      `GET /healthz meanwhile: ${latencies.length} requests, median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`,
    ];
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await benchRefit()).join('\n'));
}

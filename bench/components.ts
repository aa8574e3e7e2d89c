/**
 * Latency of GET /api/forecasts/components (issue 18, why this forecast) through the real Fastify app (inject) over a
 * copy of a database with a forecast run: the first answer of each series (database read and report, response cache
 * empty) and repeated answers (from the cache), against GET /api/forecasts for the same series.
 *
 * Run: npx tsx bench/components.ts [DB]   (default data/crossings.duckdb; it needs a forecast run made with components)
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { all, closeDatabase, openDatabase, type Database } from '../src/store/db.js';

const source = process.argv[2] ?? 'data/crossings.duckdb';
const dir = mkdtempSync(join(tmpdir(), 'crossings-bench-components-'));
const path = join(dir, 'bench.duckdb');
copyFileSync(source, path);
const db = await openDatabase(path);
const readDb: Database = { ...db, conn: await db.instance.connect() };
const app = await buildApp({ readDb, writeDb: db, config: { ...loadConfig({}), db: path } });
try {
  const series = (await all(readDb, `select distinct port_id, direction from forecasts where run_id = (select max(run_id) from forecasts) and category = 'total' order by all`)) as Array<{ port_id: string; direction: string }>;
  const time = async (url: string) => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.payload.slice(0, 200)}`);
    return performance.now() - t0;
  };
  const quantile = (xs: number[], q: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  for (const route of ['/api/forecasts/components', '/api/forecasts']) {
    const cold: number[] = [];
    const warm: number[] = [];
    for (const s of series) cold.push(await time(`${route}?port=${s.port_id}&direction=${s.direction}`));
    for (let k = 0; k < 20; k++) for (const s of series) warm.push(await time(`${route}?port=${s.port_id}&direction=${s.direction}`));
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    console.log(`${route} over ${series.length} series: first answer p50 ${ms(quantile(cold, 0.5))}, p90 ${ms(quantile(cold, 0.9))}, max ${ms(Math.max(...cold))}; cached p50 ${ms(quantile(warm, 0.5))}, p99 ${ms(quantile(warm, 0.99))}`);
  }
} finally {
  await app.close();
  readDb.conn.closeSync();
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Latency of GET /api/accuracy through the real Fastify app (inject), response cache empty before each request, over
 * a temporary database: the sample data (data/sample) with a backtest like `npm start`'s (origins 28 and 56 days
 * before the last day, horizon 28), seasonal naive candidates only, since the scoring does not depend on the models.
 * Times the whole run by series and by model, and the dashboard's one-series query for every port and direction.
 * Prints the scores by model, so that a change of scorer shows in the figures.
 *
 *   npx tsx bench/accuracy-api.ts [--origins N]   (N windows of 28 days, default 2)
 */
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { addDays } from '../src/isoDays.js';
import { loadSampleIfEmpty } from '../src/ingest/sample.js';
import { backtestAll } from '../src/jobs/backtest.js';
import { all, closeDatabase, openDatabase, type Database } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { numberTable as table } from '../src/reports/text.js';
import { withTempDir } from './tempDatabase.js';

const SAMPLE = new URL('../data/sample/', import.meta.url).pathname;
const HORIZON = 28;
const REPEATS = 9;
const args = process.argv.slice(2);
const windows = args.includes('--origins') ? Number(args[args.indexOf('--origins') + 1]) : 2;

await withTempDir('crossings-bench-accuracy-api-', async (dir) => {
  const path = join(dir, 'bench.duckdb');
  const db = await openDatabase(path);
  const readDb: Database = { ...db, conn: await db.instance.connect() };
  try {
    await prepareDatabase(db);
    await loadSampleIfEmpty(db, SAMPLE);
    const [last] = await all(db, `select max(date)::varchar as last from crossings where freq in ('day', 'hour')`);
    const origins = Array.from({ length: windows }, (_, i) => addDays(String(last?.['last']), -HORIZON * (windows - i)));
    const summary = await backtestAll(db, { horizon: HORIZON, origins, engine: { candidates: [] } });
    const app = await buildApp({ readDb, writeDb: db, config: { ...loadConfig({}), db: path } });
    try {
      const time = async (url: string): Promise<{ ms: number; body: unknown }> => {
        app.responseCache.clear();
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.payload.slice(0, 200)}`);
        return { ms, body: res.json() };
      };
      const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const ms = (x: number) => `${x.toFixed(1)} ms`;
      // The best run shows the cost with the least interference from other processes, the median a typical one.
      const repeat = async (url: string) => {
        const runs: number[] = [];
        for (let k = 0; k < REPEATS; k++) runs.push((await time(url)).ms);
        return `median of ${REPEATS} ${ms(median(runs))}, best ${ms(Math.min(...runs))}`;
      };
      console.log(`GET /api/accuracy over backtest run ${summary.runId}: ${summary.series.length / 2} series, origins ${origins.join(', ')}, horizon ${HORIZON}`);
      console.log(`by series, every category: ${await repeat('/api/accuracy')}`);
      console.log(`by model, every category:  ${await repeat('/api/accuracy?by=model')}`);
      const series = (await all(readDb, `select distinct port_id, direction from backtests where run_id = $run and category = 'total' order by all`, { run: summary.runId })) as Array<{ port_id: string; direction: string }>;
      const one: number[] = [];
      for (const s of series) one.push((await time(`/api/accuracy?port=${s.port_id}&direction=${s.direction}&category=total`)).ms);
      console.log(`one series (the dashboard's query), ${series.length} series: median ${ms(median(one))}, best ${ms(Math.min(...one))}, max ${ms(Math.max(...one))}`);
      const byModel = (await time('/api/accuracy?by=model')).body as Array<Record<string, number | string | null>>;
      const f = (x: unknown, d: number) => (typeof x === 'number' ? x.toFixed(d) : '–');
      console.log(`\n${table(['model', 'windows', 'n', 'MASE', 'WAPE %', 'cov80', 'cov95', 'peak hit@3'], byModel.map((r) => [String(r['model']), String(r['windows']), String(r['n']), f(r['mase'], 4), f(r['wape'], 3), f(r['coverage80'], 4), f(r['coverage95'], 4), f(r['peak_hit3'], 4)]))}`);
      const cli = summary.models.map((r) => [r.model, '', String(r.n), f(r.mase, 4), f(r.wape, 3), f(r.cov80, 4), f(r.cov95, 4), f(r.peakHit3, 4)]);
      console.log(`\nthe CLI's backtest table for the same run\n${table(['model', '', 'n', 'MASE', 'WAPE %', 'cov80', 'cov95', 'peak hit@3'], cli)}`);
    } finally {
      await app.close();
    }
  } finally {
    readDb.conn.closeSync();
    await closeDatabase(db);
  }
});

/**
 * Load test of the API on the real server: starts `startServer` on 127.0.0.1 (in a child process, so its
 * RSS is the server's alone) over a temporary copy of the database, then runs autocannon with 50 connections
 * for 20 s each against GET /api/forecasts (one port, 90 days) and a cached PNG chart.
 * Prints req/s, p50/p97.5/p99 latency, errors and non-2xx answers, and the server's RSS before and after.
 * A third run repeats the forecasts route with analysts' queries in flight (issue 19): ANALYST_QUERIES runaway
 * recursive CTEs (default 6, from 3 analyst keys, each resent as soon as it is stopped) keep the SQL worker
 * pool full, so the p99 of the forecast route with and without them can be compared.
 *
 * Run: npx tsx bench/api.ts        (BENCH_SECONDS=5 for a quick look; CROSSINGS_DB picks the source database)
 * Targets (2 cores): forecasts ≥ 3,000 req/s with p99 ≤ 30 ms; PNG from cache ≥ 1,000 req/s; no errors; RSS growth < 50 MB.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Histogram { average: number; mean: number; p50: number; p97_5: number; p99: number; max: number }
interface Result { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx': number; duration: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;

const KEY = 'bench-planner-key';
const ANALYST_KEYS = ['bench-analyst-1', 'bench-analyst-2', 'bench-analyst-3'];
const ANALYST_QUERIES = Number(process.env['ANALYST_QUERIES'] ?? 6);
const RUNAWAY = 'WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r) SELECT count(*) FROM r';
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const CONNECTIONS = 50;
// autocannon parses every response in JavaScript; with 80 KB PNG bodies one client thread saturates before the
// server does, so the client runs in worker threads (BENCH_WORKERS, default 2).
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 2);
const HORIZON = 90;

if (process.argv.includes('--serve')) await serve();
else await main();

/** Child: the real server over a temporary copy of the database, with a forecast run of at least 90 days. */
async function serve(): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { startServer } = await import('../src/api/server.js');
  const { all } = await import('../src/store/db.js');
  const { forecastAll } = await import('../src/jobs/forecast.js');
  const dir = mkdtempSync(join(tmpdir(), 'crossings-bench-'));
  const db = join(dir, 'bench.duckdb');
  const source = resolve(process.env['CROSSINGS_DB'] ?? 'data/crossings.duckdb');
  if (existsSync(source)) {
    copyFileSync(source, db);
    if (existsSync(`${source}.wal`)) copyFileSync(`${source}.wal`, `${db}.wal`);
  }
  const config = {
    ...loadConfig({ ...process.env, CROSSINGS_API_KEYS: [`${KEY}:planner`, ...ANALYST_KEYS.map((k) => `${k}:analyst`)].join(','), LOG_LEVEL: 'warn' }),
    db, host: '127.0.0.1', port: 0,
    // The bench makes ~100k requests a minute from one key; the limiter stays on (its cost is part of the figure).
    rateLimitMax: 100_000_000,
  };
  const running = await startServer(config, {
    afterLoad: async (w) => {
      const rows = await all(w, 'select coalesce(max(r.horizon), 0)::int as h from forecast_runs r where exists (select 1 from forecasts f where f.run_id = r.run_id)');
      if (Number(rows[0]?.['h']) < HORIZON) {
        const t0 = performance.now();
        const r = await forecastAll(w, { horizon: HORIZON });
        console.log(`bench: forecast run ${r.runId} (${HORIZON} days) made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    },
  });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'rss') process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
    if (m.type === 'stop') void running.close().then(() => { rmSync(dir, { recursive: true, force: true }); process.exit(0); });
  });
  process.send?.({ type: 'ready', url: running.url });
}

function ask<T>(child: ChildProcess, type: string, answer: string): Promise<T> {
  return new Promise((res) => {
    const on = (m: { type: string } & Record<string, unknown>) => {
      if (m.type === answer) {
        child.off('message', on);
        res(m as T);
      }
    };
    child.on('message', on);
    if (type) child.send({ type });
  });
}

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: process.execArgv, stdio: 'inherit' });
  const { url } = await ask<{ url: string }>(child, '', 'ready');
  const headers = { 'x-api-key': KEY };
  // One port, 90 days, the latest run.
  const forecastsPath = `/api/forecasts?port=hk-lo-wu&direction=arrival&from=${await firstForecastDay(url, headers)}&to=${await lastOf90(url, headers)}`;
  const pngPath = '/api/charts/forecast.png?port=hk-lo-wu&direction=arrival&lang=zh';
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;

  for (const path of [forecastsPath, pngPath]) {
    const t0 = performance.now();
    const warm = await fetch(url + path, { headers });
    const bytes = (await warm.arrayBuffer()).byteLength;
    if (!warm.ok) throw new Error(`${path}: ${warm.status}`);
    console.log(`warm-up ${path}: ${warm.status}, ${bytes} bytes, ${(performance.now() - t0).toFixed(0)} ms (first request computes and caches)`);
  }
  const rssBefore = (await ask<{ rss: number }>(child, 'rss', 'rss')).rss;
  console.log(`server RSS before: ${mb(rssBefore)}; autocannon ${CONNECTIONS} connections × ${SECONDS} s per route, ${WORKERS} client worker(s); Node ${process.version}`);
  console.log('route                                               req/s    p50 ms  p97.5 ms  p99 ms  max ms  2xx      non-2xx  errors');
  const runs = [
    ['GET /api/forecasts (1 port, 90 days, JSON)', forecastsPath, false],
    ['GET /api/charts/forecast.png (cached)', pngPath, false],
    [`GET /api/forecasts, ${ANALYST_QUERIES} analyst queries in flight`, forecastsPath, true],
  ] as const;
  for (const [label, path, analysts] of runs) {
    if (analysts && ANALYST_QUERIES === 0) continue;
    const load = analysts ? await analystLoad(url, ANALYST_QUERIES) : undefined;
    const r = await autocannon({ url: url + path, connections: CONNECTIONS, duration: SECONDS, headers, ...(WORKERS > 1 ? { workers: WORKERS } : {}) });
    const sql = await load?.stop();
    console.log(
      `${label.padEnd(50)}  ${r.requests.average.toFixed(0).padStart(6)}  ${fmt(r.latency.p50)}  ${fmt(r.latency.p97_5, 8)}  ${fmt(r.latency.p99)}  ${fmt(r.latency.max)}  ${String(r['2xx']).padEnd(7)}  ${String(r.non2xx).padEnd(7)}  ${r.errors + r.timeouts}`,
    );
    if (sql) console.log(`  analysts' queries meanwhile: ${sql.answers} answered (${Object.entries(sql.statuses).map(([s, n]) => `${n}× ${s}`).join(', ')})`);
  }
  const rssAfter = (await ask<{ rss: number }>(child, 'rss', 'rss')).rss;
  console.log(`server RSS after: ${mb(rssAfter)} (growth ${mb(rssAfter - rssBefore)})`);
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
}

/**
 * Keeps `n` runaway analyst queries in flight (2 running in the SQL workers, the rest queued), each resent as
 * soon as its time limit stops it; a 429 waits for its Retry-After. Resolves once the pool is full.
 */
async function analystLoad(url: string, n: number): Promise<{ stop: () => Promise<{ answers: number; statuses: Record<string, number> }> }> {
  let stopping = false;
  const statuses: Record<string, number> = {};
  let answers = 0;
  const loop = async (key: string) => {
    while (!stopping) {
      const res = await fetch(`${url}/api/sql`, {
        method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: JSON.stringify({ sql: RUNAWAY, timeout_ms: 5000 }),
      });
      await res.arrayBuffer();
      answers++;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 429) await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
    }
  };
  const loops = Array.from({ length: n }, (_, i) => loop(ANALYST_KEYS[i % ANALYST_KEYS.length]!));
  // The first queries start the workers and take the snapshot; measure once they run.
  await new Promise((r) => setTimeout(r, 3000));
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
      return { answers, statuses };
    },
  };
}

function fmt(ms: number, width = 6): string {
  return ms.toFixed(1).padStart(width);
}

async function firstForecastDay(url: string, headers: Record<string, string>): Promise<string> {
  const rows = (await (await fetch(`${url}/api/forecasts?port=hk-lo-wu&direction=arrival&levels=none`, { headers })).json()) as { date: string }[];
  if (!rows[0]) throw new Error('no forecasts for hk-lo-wu');
  return rows[0].date;
}

async function lastOf90(url: string, headers: Record<string, string>): Promise<string> {
  const first = await firstForecastDay(url, headers);
  return new Date(Date.parse(`${first}T00:00:00Z`) + (HORIZON - 1) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Ingest speed: our `ingestFile` against DuckDB's own read_csv into a plain table (the physical limit
 * here), on the HK ImmD file and on a generated 10-million-row long CSV, in the same run.
 * Run: npm run bench:ingest   (ROWS=3000000 npm run bench:ingest for a quicker look)
 * Each figure is the best of several runs; the CPU columns (all threads) are steadier when other work shares the machine.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, openDatabase, run } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { ingestFile } from '../src/ingest/ingestFile.js';

const OUT = new URL('./out/', import.meta.url).pathname;
const HK = new URL('../../shared/data/hk_immd_daily_passenger_traffic.csv', import.meta.url).pathname;
const ROWS = Number(process.env['ROWS'] ?? 10_000_000);

interface Result {
  file: string;
  rows: number;
  ours: number;
  limit: number;
  oursCpu: number;
  limitCpu: number;
}

/** Wall-clock and CPU seconds (all threads of this process) of `work`. CPU time is steadier on a shared machine. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
  const t = performance.now();
  const c = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(c);
  return { value, seconds: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/**
 * Writes a long-format CSV of `rows` rows: 100 ports × 2 directions × 4 categories over consecutive days from
 * 1991, so that ten million rows end before today (ingest rejects dates in the future).
 */
async function generateLong(file: string, rows: number): Promise<void> {
  if (existsSync(file)) return;
  const db = await openDatabase(':memory:');
  await run(
    db,
    `copy (select 'Port ' || (i % 100) as port, (date '1991-01-01' + (i // 800)::int) as date,
                  case when (i // 100) % 2 = 0 then 'arrival' else 'departure' end as direction,
                  ['total', 'hk_residents', 'mainland_visitors', 'other_visitors'][((i // 200) % 4) + 1] as category,
                  (hash(i) % 100000)::bigint as count
           from range(${rows}) t(i)) to '${file}' (header, delimiter ',')`,
  );
  await closeDatabase(db);
}

/** Seconds (wall, CPU) for DuckDB to read the file into a plain table with its own type detection. */
async function duckdbLimit(file: string, options = ''): Promise<{ seconds: number; cpu: number }> {
  const path = join(OUT, 'limit.duckdb');
  rmSync(path, { force: true });
  const db = await openDatabase(path, { createSchema: false });
  const { seconds, cpu } = await timed(() => run(db, `create table plain as select * from read_csv('${file}'${options})`));
  await closeDatabase(db);
  rmSync(path, { force: true });
  return { seconds, cpu };
}

/** Seconds for our ingest of the file into a new database (schema and calendars prepared beforehand). */
async function ours(file: string, format: string): Promise<{ seconds: number; cpu: number; rows: number }> {
  const path = join(OUT, 'ours.duckdb');
  rmSync(path, { force: true });
  const db = await openDatabase(path);
  await prepareDatabase(db);
  const { value: s, seconds, cpu } = await timed(() => ingestFile(db, file, { format }));
  await closeDatabase(db);
  rmSync(path, { force: true });
  if (s.rowsRejected > 0) throw new Error(`${file}: ${s.rowsRejected} rows rejected`);
  return { seconds, cpu, rows: s.rowsRead };
}

/** Runs both loaders `repeat` times and keeps the best of each (the least disturbed by other work). */
async function compare(file: string, format: string, repeat: number): Promise<Result> {
  let best = { ours: Infinity, limit: Infinity, oursCpu: Infinity, limitCpu: Infinity, rows: 0 };
  for (let i = 0; i < repeat; i++) {
    const limit = await duckdbLimit(file);
    const o = await ours(file, format);
    best = {
      ours: Math.min(best.ours, o.seconds),
      limit: Math.min(best.limit, limit.seconds),
      oursCpu: Math.min(best.oursCpu, o.cpu),
      limitCpu: Math.min(best.limitCpu, limit.cpu),
      rows: o.rows,
    };
  }
  return { file, ...best };
}

/** Runs the ingest benchmark and returns printable lines. */
export async function benchIngest(): Promise<string[]> {
  mkdirSync(OUT, { recursive: true });
  const longFile = join(OUT, `long-100ports-${ROWS}.csv`);
  await generateLong(longFile, ROWS);
  const results = [await compare(HK, 'hk-immd', 3), await compare(longFile, 'long', 2)];
  const lines = [
    '| file | size | rows | crossings ingest s | rows/s | DuckDB read_csv s | rows/s | ratio | CPU s ours / read_csv | CPU ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const mb = (statSync(r.file).size / 1e6).toFixed(1);
    lines.push(
      `| ${r.file.split('/').pop()} | ${mb} MB | ${r.rows.toLocaleString('en')} | ${r.ours.toFixed(2)} | ${Math.round(r.rows / r.ours).toLocaleString('en')} | ` +
        `${r.limit.toFixed(2)} | ${Math.round(r.rows / r.limit).toLocaleString('en')} | ${(r.ours / r.limit).toFixed(2)}x | ` +
        `${r.oursCpu.toFixed(2)} / ${r.limitCpu.toFixed(2)} | ${(r.oursCpu / r.limitCpu).toFixed(2)}x |`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await benchIngest()).join('\n'));
}

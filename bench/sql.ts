/**
 * SQL workbench bench: builds a database from the full HK ImmD history (../shared/data), then times in the
 * sandbox (one thread, read-only, locked) a year-over-year comparison by port over all history, the Arrow
 * IPC export of the full crossings table, and the server's snapshot copy that precedes a query after a write.
 *
 * Run: npx tsx bench/sql.ts        (CROSSINGS_BENCH_CSV picks another HK ImmD file)
 */
import { join, resolve } from 'node:path';
import { all, closeDatabase, openDatabase } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { openFileSandbox } from '../src/sql/fileSandbox.js';
import { toArrowIpc, toParquet } from '../src/sql/formats.js';
import { closeSandbox, runInSandbox } from '../src/sql/sandbox.js';
import { snapshotSql } from '../src/sql/snapshot.js';
import { withTempDir } from './tempDatabase.js';

const CSV = resolve(process.env['CROSSINGS_BENCH_CSV'] ?? '../shared/data/hk_immd_daily_passenger_traffic.csv');
const REPEATS = 5;

const YOY = `
  with yearly as (
    select port_id, port, year(date) as year, direction, sum(count)::bigint as travellers
    from daily_crossings where category = 'total' group by all)
  select port_id, port, year, direction, travellers,
         lag(travellers) over (partition by port_id, direction order by year) as previous_year,
         round(travellers / nullif(lag(travellers) over (partition by port_id, direction order by year), 0) - 1, 4) as yoy_change
  from yearly order by port_id, direction, year`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

await withTempDir('crossings-bench-sql-', async (dir) => {
  const path = join(dir, 'bench.duckdb');
  const db = await openDatabase(path);
  await prepareDatabase(db);
  const [summary, ingestMs] = await time(() => ingestFile(db, CSV, { format: 'hk-immd' }));
  if (summary.status !== 'loaded') throw new Error(`${CSV}: ${summary.message ?? 'refused'}`);
  const counts = Number((await all(db, 'select count(*)::bigint as n from crossings'))[0]?.['n']);
  console.log(`database: ${counts.toLocaleString('en')} counts from ${CSV} (ingest ${ms(ingestMs)})`);

  const server = snapshotSql(db.instance, path);
  const [, snapshotMs] = await time(() => server.run('select 1'));
  const [, warmMs] = await time(() => server.run('select 1'));
  console.log(`server snapshot copy (first query after a write): ${ms(snapshotMs)}; a query on an unchanged snapshot: ${ms(warmMs)}`);
  await server.close();
  await closeDatabase(db);

  const sandbox = await openFileSandbox(path, { rowLimit: 100_000_000, maxResultBytes: 8 * 1024 ** 3, timeoutMs: 120_000 });
  try {
    const yoy: number[] = [];
    let rows = 0;
    for (let i = 0; i < REPEATS; i++) {
      const [r, t] = await time(() => runInSandbox(sandbox, YOY));
      rows = r.rowCount;
      yoy.push(t);
    }
    console.log(`year-over-year by port over all history: median ${ms(median(yoy))} of ${REPEATS} (${rows} rows; first ${ms(yoy[0]!)})`);

    const [full, queryMs] = await time(() => runInSandbox(sandbox, 'select * from crossings'));
    const [ipc, arrowMs] = await time(async () => toArrowIpc(full));
    console.log(`Arrow export of crossings: ${full.rowCount.toLocaleString('en')} rows, ${(ipc.byteLength / 1024 ** 2).toFixed(1)} MB; ` +
      `query+fetch ${ms(queryMs)} + Arrow build ${ms(arrowMs)} = ${ms(queryMs + arrowMs)}`);
    const [parquet, parquetMs] = await time(() => toParquet(full));
    console.log(`Parquet export of crossings: ${(parquet.byteLength / 1024 ** 2).toFixed(1)} MB in ${ms(parquetMs)} (after the query)`);
    console.log(`RSS ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB`);
  } finally {
    closeSandbox(sandbox);
  }
});

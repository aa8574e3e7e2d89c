/**
 * Where the ingest time goes, on the generated long CSV of bench/ingest.ts (10M rows; ROWS=3000000 for
 * a quicker look), best of 2 each:
 *  - the direct path (a first load: none of the file's ports holds data) against the two-pass quick path
 *    (the same file when its ports already hold data, here one row each on a date before the file's);
 *  - why crossings stores direction and freq as ENUMs: the same 8 columns written by DuckDB from the
 *    file into a plain table, with those two as VARCHAR and as ENUM, next to DuckDB's read_csv.
 * Run: npx tsx bench/ingest-paths.ts   (npm run bench:ingest-paths; generate the file with bench:ingest first)
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, openDatabase, run } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';
import { ingestFile } from '../src/ingest/ingestFile.js';

const OUT = new URL('./out/', import.meta.url).pathname;
const ROWS = Number(process.env['ROWS'] ?? 10_000_000);
const FILE = join(OUT, `long-100ports-${ROWS}.csv`);

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return (performance.now() - t) / 1000;
}

async function best(repeat: number, once: () => Promise<number>): Promise<number> {
  let b = Infinity;
  for (let i = 0; i < repeat; i++) b = Math.min(b, await once());
  return b;
}

/** Our ingest into a new database; with `held`, every port of the file first gets one row on 1980-01-01. */
async function ingest(held: boolean): Promise<number> {
  const path = join(OUT, 'paths.duckdb');
  rmSync(path, { force: true });
  const db = await openDatabase(path);
  await prepareDatabase(db);
  if (held) {
    await ingestFile(db, makeSeed(), { format: 'long' });
  }
  const s = await seconds(() => ingestFile(db, FILE, { format: 'long' }));
  await closeDatabase(db);
  rmSync(path, { force: true });
  return s;
}

/** A tiny long CSV naming the 100 ports of the generated file, one count each, a year before its dates. */
function makeSeed(): string {
  const seed = join(OUT, 'paths-seed.csv');
  if (!existsSync(seed)) {
    const lines = ['port,date,direction,category,count', ...Array.from({ length: 100 }, (_, i) => `Port ${i},1990-01-01,arrival,total,1`)];
    writeFileSync(seed, `${lines.join('\n')}\n`);
  }
  return seed;
}

/** DuckDB alone: the file's columns plus hour, freq and run into a plain table, with direction and freq typed as given. */
async function plainWrite(types: 'varchar' | 'enum' | 'read_csv'): Promise<number> {
  const path = join(OUT, 'paths-plain.duckdb');
  rmSync(path, { force: true });
  const db = await openDatabase(path, { createSchema: false });
  const dir = types === 'enum' ? "enum ('arrival', 'departure')" : 'varchar';
  const freq = types === 'enum' ? "enum ('hour', 'day', 'month')" : 'varchar';
  const s = await seconds(async () => {
    if (types === 'read_csv') return run(db, `create table plain as select * from read_csv('${FILE}')`);
    await run(db, `create table t (port varchar, date date, hour tinyint, direction ${dir}, category varchar, count bigint, freq ${freq}, run integer)`);
    await run(db, `insert into t select port, date, null, direction, category, count, 'day', 1 from read_csv('${FILE}')`);
  });
  await closeDatabase(db);
  rmSync(path, { force: true });
  return s;
}

if (!existsSync(FILE)) {
  console.log(`${FILE} is missing: run npm run bench:ingest (ROWS=${ROWS}) first, it generates the file.`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const direct = await best(2, () => ingest(false));
const quick = await best(2, () => ingest(true));
const limit = await best(2, () => plainWrite('read_csv'));
const varchar = await best(2, () => plainWrite('varchar'));
const enums = await best(2, () => plainWrite('enum'));
console.log(`| what (${ROWS.toLocaleString('en')} rows, best of 2) | seconds |`);
console.log('| --- | ---: |');
console.log(`| crossings ingest, first load (direct path: one checking insert) | ${direct.toFixed(2)} |`);
console.log(`| crossings ingest, ports already hold data (quick path: check, then merge) | ${quick.toFixed(2)} |`);
console.log(`| DuckDB read_csv into a plain table | ${limit.toFixed(2)} |`);
console.log(`| DuckDB, 8 columns with direction and freq as VARCHAR | ${varchar.toFixed(2)} |`);
console.log(`| DuckDB, 8 columns with direction and freq as ENUM | ${enums.toFixed(2)} |`);

/** A real DuckDB file for report tests: the HK sample ingested, plus a forecast run written with SQL. */
import { join } from 'node:path';
import { closeDatabase, openDatabase, run, type Database } from '../../../src/store/db.js';
import { prepareDatabase } from '../../../src/store/open.js';
import { ingestFile } from '../../../src/ingest/ingestFile.js';
import { HK_SAMPLE } from '../../helpers/files.js';

export const FROM = '2026-02-01';
export const TO = '2026-02-28';
export const PORTS = ['hk-lo-wu', 'hk-shenzhen-bay'] as const;

/**
 * Builds `dir/crossings.duckdb` and returns its path. The forecast is each weekday's mean of the last
 * 8 weeks of 2025, with a flood before Lunar New Year 2026 (departures 13–16 Feb, residents leaving)
 * and after it (arrivals 20–22 Feb, coming home), so peaks and their holiday labels are known.
 * SQL rather than the models module: the test is about reports, and fitting would take most of its time.
 */
export async function buildReportDb(dir: string): Promise<string> {
  const path = join(dir, 'crossings.duckdb');
  const db = await openDatabase(path);
  try {
    await prepareDatabase(db);
    await ingestFile(db, HK_SAMPLE, { format: 'hk-immd' });
    await insertForecast(db);
  } finally {
    await closeDatabase(db);
  }
  return path;
}

async function insertForecast(db: Database): Promise<void> {
  await run(db, `insert into forecast_runs values (1, timestamp '2026-01-01 00:00:00', 59, '80,95', 4, 0.1, 'report test')`);
  await run(
    db,
    `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95)
     with base as (
       select port_id, direction, dayofweek(date) as dow, avg(count)::double as level
         from crossings
        where category = 'total' and freq = 'day' and date between date '2025-11-05' and date '2025-12-31'
          and list_contains(string_split($ports, ','), port_id)
        group by all
     ), days as (
       select d::date as date from range(date '${FROM}', date '${TO}' + interval 1 day, interval 1 day) t(d)
     ), f as (
       select b.port_id, b.direction, days.date,
              round(b.level * case
                when b.direction = 'departure' and days.date between date '2026-02-13' and date '2026-02-16' then 1.6
                when b.direction = 'arrival' and days.date between date '2026-02-20' and date '2026-02-22' then 1.6
                else 1 end, 1) as mean
         from base b join days on dayofweek(days.date) = b.dow
     )
     select 1, port_id, direction, 'total', date, 'test', mean, mean * 0.9, mean * 1.1, mean * 0.85, mean * 1.15 from f`,
    { ports: PORTS.join(',') },
  );
}

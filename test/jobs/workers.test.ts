/**
 * The forecast and backtest jobs give the same rows, written in the same order, whether they fit in this thread, in
 * one worker thread or in two: a real DuckDB file of the sample data, cut to a few ports to keep the fits short.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, run, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { loadSampleIfEmpty } from '../../src/ingest/sample.js';
import { backtestAll } from '../../src/jobs/backtest.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import { SAMPLE, tempDir } from '../helpers/files.js';

let db: Database;
const dir = tempDir();

beforeAll(async () => {
  db = await openDatabase(join(dir, 'workers.duckdb'));
  await prepareDatabase(db);
  await loadSampleIfEmpty(db, SAMPLE);
  // Lo Wu's current series, Hung Hom's, which stop in 2024, and a US port whose rail measures stop early.
  await run(db, `delete from crossings where port_id not in ('hk-lo-wu', 'hk-hung-hom', 'us-2504')`);
}, 120_000);
afterAll(async () => closeDatabase(db));

/** The rows of a run as stored, in the order they were written. */
async function stored(table: string, runId: number): Promise<Record<string, unknown>[]> {
  return all(db, `select * exclude (run_id) from ${table} where run_id = ${runId}`);
}

describe('fitting in worker threads', () => {
  it('forecasts the same rows, in the same order, in this thread, in 1 worker and in 2', async () => {
    const progress: Array<[number, number, string]> = [];
    const here = await forecastAll(db, { horizon: 14 });
    const one = await forecastAll(db, { horizon: 14, workers: 1 });
    const two = await forecastAll(db, { horizon: 14, workers: 2, progress: (done, total, label) => progress.push([done, total, label]) });
    expect(new Set(here.rows.map((r) => r.port_id))).toEqual(new Set(['hk-lo-wu', 'us-2504']));
    expect(JSON.stringify(one.rows)).toBe(JSON.stringify(here.rows));
    expect(JSON.stringify(two.rows)).toBe(JSON.stringify(here.rows));
    expect(two.statusLines).toEqual(here.statusLines);
    for (const table of ['forecasts', 'forecast_components', 'aggregate_forecasts']) {
      const written = await stored(table, here.runId);
      expect(written.length).toBeGreaterThan(0);
      expect(await stored(table, one.runId)).toEqual(written);
      expect(await stored(table, two.runId)).toEqual(written);
    }
    // Progress counts up once per series, each series named once: the ports' and the aggregates' the run fits directly
    // (all control points and land, per direction).
    const series = await all(db, `select count(distinct (port_id, direction, category))::int as n from crossings`);
    const n = Number(series[0]!['n']) + 4;
    expect(new Set(here.aggregates.map((r) => r.port_id))).toEqual(new Set(['hk-all', 'hk-land']));
    expect(progress.map(([done, total]) => [done, total])).toEqual(Array.from({ length: n }, (_, i) => [i + 1, n]));
    expect(new Set(progress.map(([, , label]) => label)).size).toBe(n);
  }, 120_000);

  it('backtests the same rows and scores in this thread and in 2 workers', async () => {
    const options = { horizon: 14, origins: ['2025-06-30', '2019-06-30'] };
    const here = await backtestAll(db, options);
    const two = await backtestAll(db, { ...options, workers: 2 });
    const { runId: _a, seconds: _s, ...scoresHere } = here;
    const { runId: _b, seconds: _t, ...scoresTwo } = two;
    expect(JSON.stringify(scoresTwo)).toBe(JSON.stringify(scoresHere));
    const written = await stored('backtests', here.runId);
    expect(written.length).toBeGreaterThan(0);
    expect(await stored('backtests', two.runId)).toEqual(written);
  }, 120_000);
});

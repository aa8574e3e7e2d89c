import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import type { BacktestRow } from '../../src/models/rows.js';
import { storeBacktests, storeForecasts } from '../../src/store/forecastRows.js';

let db: Database;
beforeAll(async () => {
  db = await openDatabase(':memory:');
});
afterAll(async () => closeDatabase(db));

const row = (date: string, mean: number): BacktestRow => ({
  port_id: 'hk-lo-wu', port: 'Lo Wu', direction: 'arrival', category: 'total', date, model: 'calreg',
  mean, lo80: mean - 10, hi80: mean + 10, lo95: mean - 20, hi95: mean + 20, cutoff: '2025-01-31', actual: null,
});

describe('storing runs', () => {
  it('stores forecast rows as given, dates as DATE, and a non-finite interval bound as null', async () => {
    const id = await storeForecasts(db, [row('2025-02-01', 100.5), { ...row('2025-02-02', 7), hi95: Number.POSITIVE_INFINITY }], { horizon: 2, seriesCount: 1, seconds: 0.1 });
    expect(
      await all(db, `select port_id, direction, category, date, typeof(date) as t, model, mean, hi95 from forecasts where run_id = ${id} order by date`),
    ).toEqual([
      { port_id: 'hk-lo-wu', direction: 'arrival', category: 'total', date: '2025-02-01', t: 'DATE', model: 'calreg', mean: 100.5, hi95: 120.5 },
      { port_id: 'hk-lo-wu', direction: 'arrival', category: 'total', date: '2025-02-02', t: 'DATE', model: 'calreg', mean: 7, hi95: null },
    ]);
  });

  it('stores backtest rows with their cutoff and a missing actual as null', async () => {
    const id = await storeBacktests(db, [{ ...row('2025-02-01', 50), actual: 48 }, row('2025-02-02', 60)], { horizon: 2, seriesCount: 1, seconds: 0.1 });
    expect(await all(db, `select cutoff, date, actual, mean from backtests where run_id = ${id} order by date`)).toEqual([
      { cutoff: '2025-01-31', date: '2025-02-01', actual: 48, mean: 50 },
      { cutoff: '2025-01-31', date: '2025-02-02', actual: null, mean: 60 },
    ]);
  });

  it('a bad row stores nothing of the run, not even its forecast_runs row', async () => {
    const before = await all(db, `select (select count(*) from forecast_runs)::int as runs, (select count(*) from forecasts)::int as rows`);
    await expect(storeForecasts(db, [row('2025-02-01', 1), row('not a date', 2)], { horizon: 2, seriesCount: 1, seconds: 0.1 })).rejects.toThrow();
    expect(await all(db, `select (select count(*) from forecast_runs)::int as runs, (select count(*) from forecasts)::int as rows`)).toEqual(before);
  });
});

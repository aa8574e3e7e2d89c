import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeries } from '../../src/store/series.js';
import { backtestRowsToScore, backtestSeriesFilter, listBacktests, type BacktestFilter } from '../../src/store/backtests.js';
import { closeDatabase, openDatabase, run, type Database } from '../../src/store/db.js';

let db: Database;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  const crossings = ['arrival', 'departure'].flatMap((direction) =>
    ['2025-01-01', '2025-01-02', '2025-01-03'].map((date, i) => `('p', '${date}', null, '${direction}', 'total', ${10 + i}, 'day', 1)`));
  await run(db, `insert into crossings values ${crossings.join(',')}, ('q', '2025-01-01', null, 'arrival', 'total', 5, 'day', 1)`);
  const bt = (runId: number, direction: string, cutoff: string, date: string, model: string) =>
    `(${runId}, 'p', '${direction}', 'total', '${cutoff}', '${date}', '${model}', null, 1, 0, 2, 0, 3)`;
  // Inserted out of order: the reads order them.
  await run(db, `insert into backtests values ${[
    bt(1, 'arrival', '2025-01-02', '2025-01-04', 'snaive7'), bt(1, 'arrival', '2025-01-02', '2025-01-04', 'auto'),
    bt(1, 'arrival', '2025-01-01', '2025-01-03', 'auto'), bt(1, 'arrival', '2025-01-01', '2025-01-02', 'auto'),
    bt(2, 'departure', '2025-01-01', '2025-01-02', 'auto'),
  ].join(',')}`);
});
afterAll(() => closeDatabase(db));

const everything: BacktestFilter = { run: 1, port: null, direction: null, category: null, model: null };

describe('backtest reads', () => {
  it('lists one run by series, cutoff, model and day, with ISO dates, filtered by cutoff and day', async () => {
    const rows = await listBacktests(db, { ...everything, cutoff: null, from: null, to: null });
    expect(rows.map((r) => `${r['cutoff']} ${r['model']} ${r['date']}`)).toEqual([
      '2025-01-01 auto 2025-01-02', '2025-01-01 auto 2025-01-03', '2025-01-02 auto 2025-01-04', '2025-01-02 snaive7 2025-01-04',
    ]);
    expect(await listBacktests(db, { ...everything, cutoff: '2025-01-01', from: '2025-01-03', to: null })).toHaveLength(1);
  });

  it('reads the rows to score window by window, nulls kept', async () => {
    const rows = await backtestRowsToScore(db, { ...everything, model: 'auto' });
    expect(rows.map((r) => r.cutoff)).toEqual(['2025-01-01', '2025-01-01', '2025-01-02']);
    expect(rows[0]).toEqual({ port_id: 'p', direction: 'arrival', category: 'total', model: 'auto', cutoff: '2025-01-01', actual: null, mean: 1, lo80: 0, hi80: 2, lo95: 0, hi95: 3 });
  });

  it("filters loadSeries to the series the run's filtered rows forecast", async () => {
    const keys = async (f: BacktestFilter) => (await loadSeries(db, backtestSeriesFilter(f))).map((s) => s.series.key);
    expect(await keys(everything)).toEqual(['p|arrival|total']);
    expect(await keys({ ...everything, run: 2 })).toEqual(['p|departure|total']);
    expect(await keys({ ...everything, direction: 'departure' })).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracy, backtestAccuracy } from '../../src/jobs/accuracy.js';
import { backtestAll, type BacktestSummary } from '../../src/jobs/backtest.js';
import { dayOf, isoOfDay } from '../../src/models/dates.js';
import { closeDatabase, openDatabase, run, type Database } from '../../src/store/db.js';
import { weeklySeries } from '../models/synthetic.js';

let db: Database;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  await run(db, `insert into ports (port_id, name) values ('hk-lo-wu', 'Lo Wu'), ('us-2504', 'San Ysidro')`);
});
afterAll(() => closeDatabase(db));

const crossing = (port: string, date: string, direction: string, category: string, count: number, freq = 'day') =>
  `('${port}', '${date}', null, '${direction}', '${category}', ${count}, '${freq}', 1)`;

describe('accuracy (crossings accuracy)', () => {
  // Ten forecast days of 100 (80% 90–110, 95% 80–120); actuals for eight of them (none on the 3rd and the 10th).
  // A category of its own, so that the backtest below does not see these days.
  const ACTUALS: Array<number | null> = [100, 110, null, 95, 130, 100, 85, 100, 120, null];

  beforeAll(async () => {
    const days = ACTUALS.flatMap((a, i) => (a === null ? [] : [crossing('hk-lo-wu', `2030-01-${String(i + 1).padStart(2, '0')}`, 'arrival', 'hk_residents', a)]));
    await run(db, `insert into crossings values ${days.join(',')}`);
    const forecast = (runId: number, date: string) => `(${runId}, 'hk-lo-wu', 'arrival', 'hk_residents', '${date}', 'auto', 100, 90, 110, 80, 120)`;
    await run(db, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95) values
      ${ACTUALS.map((_, i) => forecast(7, `2030-01-${String(i + 1).padStart(2, '0')}`)).join(',')}, ${forecast(8, '2030-03-01')}`);
    await run(db, `insert into forecast_runs values (7, '2030-01-01 08:00', 10, '80,95', 1, 0, 'test'), (8, '2030-02-28 08:00', 1, '80,95', 1, 0, 'test')`);
  });

  it('scores each run, series and horizon week on the days that have an actual', async () => {
    const report = await accuracy(db);
    // Errors 0, 10, 5, 30, 0, 15 | 0, 20 over actuals summing to 620 | 220; inside 80%: 4 of 6 | 1 of 2; inside 95%: 5 of 6 | 2 of 2.
    const all = { n: 8, mae: 10, wape: (100 * 80) / 840, cov80: 5 / 8, cov95: 7 / 8 };
    expect(report.runs).toEqual([{ run_id: 7, created_at: '2030-01-01 08:00', ...all }]);
    expect(report.series).toEqual([{ run_id: 7, port: 'Lo Wu', direction: 'arrival', category: 'hk_residents', ...all }]);
    expect(report.horizons).toEqual([
      { run_id: 7, horizon: '1-7', n: 6, mae: 10, wape: (100 * 60) / 620, cov80: 4 / 6, cov95: 5 / 6 },
      { run_id: 7, horizon: '8-14', n: 2, mae: 10, wape: (100 * 20) / 220, cov80: 1 / 2, cov95: 1 },
    ]);
  });
});

describe('backtestAccuracy (GET /api/accuracy)', () => {
  let summary: BacktestSummary;
  beforeAll(async () => {
    const start = dayOf('2025-01-01');
    const rows: string[] = [];
    for (const direction of ['arrival', 'departure']) {
      const s = weeklySeries({ start, n: 200, seed: direction === 'arrival' ? 1 : 2 });
      s.y.forEach((v, i) => rows.push(crossing('hk-lo-wu', isoOfDay(start + i), direction, 'total', v)));
    }
    for (let m = 0; m < 60; m++) {
      const date = `${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
      rows.push(crossing('us-2504', date, 'arrival', 'pedestrians', Math.round(1000 + 100 * Math.sin(m / 2) + m), 'month'));
    }
    await run(db, `insert into crossings values ${rows.join(',')}`);
    summary = await backtestAll(db, { horizon: 6, origins: ['2025-05-31', '2025-06-14', '2018-06-01'], engine: { candidates: [] } });
  });

  const filter = (over: Partial<Parameters<typeof backtestAccuracy>[1]> = {}) => ({ run: summary.runId, port: null, direction: null, category: null, model: null, ...over });

  it("gives the backtest job's scores per model and per series and model", async () => {
    const byModel = await backtestAccuracy(db, filter(), 'model');
    expect(byModel.map((r) => r.model)).toEqual(['auto', 'snaive12', 'snaive7']);
    for (const r of byModel) {
      const m = summary.models.find((x) => x.model === r.model)!;
      expect([r.n, r.mase, r.wape, r.coverage80, r.coverage95, r.peak_hit3]).toEqual([m.n, m.mase, m.wape, m.cov80, m.cov95, m.peakHit3]);
    }
    const bySeries = await backtestAccuracy(db, filter(), 'series');
    expect(bySeries).toHaveLength(summary.series.length);
    for (const s of summary.series) {
      const r = bySeries.find((x) => x.port_id === s.port_id && x.direction === s.direction && x.category === s.category && x.model === s.model)!;
      expect(r.mase).toBeCloseTo(s.mase, 12);
      expect(r.windows).toBe(s.port_id === 'us-2504' ? 1 : 2);
    }
  });

  it('scores only the filtered rows, and nothing for a filter no row matches', async () => {
    const rows = await backtestAccuracy(db, filter({ direction: 'departure', model: 'auto' }), 'series');
    const cli = summary.series.find((s) => s.direction === 'departure' && s.model === 'auto')!;
    expect(rows).toEqual([{ port_id: 'hk-lo-wu', direction: 'departure', category: 'total', model: 'auto', windows: 2, n: cli.n, mase: cli.mase, wape: cli.wape, coverage80: cli.cov80, coverage95: cli.cov95, peak_hit3: cli.peakHit3 }]);
    expect(await backtestAccuracy(db, filter({ category: 'trucks' }), 'model')).toEqual([]);
  });
});

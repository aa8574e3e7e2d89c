import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestAccuracy } from '../../src/jobs/accuracy.js';
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

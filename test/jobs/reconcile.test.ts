import { describe, expect, it } from 'vitest';
import { all } from '../../src/store/db.js';
import { templateDatabase } from '../api/fixture.js';

// The sample database's forecast run (the HK file's 2024–2025 excerpt), made by forecastAll as `crossings forecast` does.
const handle = templateDatabase('reconcile');
const latest = `(select max(run_id) from forecasts)`;

describe('a reconciled forecast run of the sample data', () => {
  it('has categories that add up to the port total on every day and direction, in whole travellers', async () => {
    const rows = await all(
      handle.db,
      `select port_id, direction, date::varchar as date, sum(mean) filter (where category <> 'total') as categories,
              max(mean) filter (where category = 'total') as total, count(*) filter (where category <> 'total')::int as n,
              bool_and(mean = round(mean)) as whole
         from forecasts f join ports p using (port_id)
        where run_id = ${latest} and p.country = 'HK' group by all`,
    );
    const withCategories = rows.filter((r) => (r['n'] as number) > 0);
    expect(withCategories.length).toBeGreaterThan(500);
    for (const r of withCategories) expect([r['port_id'], r['direction'], r['date'], r['categories']]).toEqual([r['port_id'], r['direction'], r['date'], r['total']]);
    expect(rows.every((r) => r['whole'] === true)).toBe(true);
  });

  it('has ports that add up to land, sea and air, and those to all control points, to the unit', async () => {
    const rows = await all(
      handle.db,
      `with ports_sum as (
         select 'hk-' || case p.kind when 'rail' then 'land' when 'bridge' then 'land' else p.kind end as aggregate_id, f.direction, f.date, sum(f.mean) as ports
           from forecasts f join ports p using (port_id)
          where f.run_id = ${latest} and p.country = 'HK' and f.category = 'total' group by all
         union all
         select 'hk-all', f.direction, f.date, sum(f.mean) from forecasts f join ports p using (port_id)
          where f.run_id = ${latest} and p.country = 'HK' and f.category = 'total' group by all)
       select a.aggregate_id, a.direction, a.date::varchar as date, a.mean, s.ports, a.lo80, a.hi80
         from aggregate_forecasts a join ports_sum s using (aggregate_id, direction, date)
        where a.run_id = ${latest} order by all`,
    );
    expect(new Set(rows.map((r) => r['aggregate_id']))).toEqual(new Set(['hk-all', 'hk-land', 'hk-sea', 'hk-air']));
    expect(rows.length).toBe(4 * 2 * 56);
    for (const r of rows) expect([r['aggregate_id'], r['direction'], r['date'], r['mean']]).toEqual([r['aggregate_id'], r['direction'], r['date'], r['ports']]);
    // Modes add up to all too, since both are the sums of the same ports.
    const byDay = new Map<string, number>();
    for (const r of rows) if (r['aggregate_id'] !== 'hk-all') byDay.set(`${r['direction']}|${r['date']}`, (byDay.get(`${r['direction']}|${r['date']}`) ?? 0) + (r['mean'] as number));
    for (const r of rows.filter((x) => x['aggregate_id'] === 'hk-all')) expect(byDay.get(`${r['direction']}|${r['date']}`)).toBe(r['mean']);
  });

  it('gives the totals their own intervals, narrower than adding the ports\u2019 bounds', async () => {
    const rows = await all(
      handle.db,
      `select a.direction, a.date, a.hi80 - a.lo80 as own, (select sum(f.hi80 - f.lo80) from forecasts f join ports p using (port_id)
              where f.run_id = a.run_id and p.country = 'HK' and f.category = 'total' and f.direction = a.direction and f.date = a.date) as added
         from aggregate_forecasts a where a.run_id = ${latest} and a.aggregate_id = 'hk-all'`,
    );
    expect(rows.length).toBe(2 * 56);
    for (const r of rows) {
      expect(r['own'] as number).toBeGreaterThan(0);
      expect(r['own'] as number).toBeLessThan(r['added'] as number);
    }
  });

  it('stores how each aggregate\'s own errors persist between days, for the outlook to combine its days with', async () => {
    const rows = await all(handle.db, `select aggregate_id, direction, max_lag, days from aggregate_correlations where run_id = ${latest} order by all`);
    expect(rows.length).toBe(4 * 2 * 4);
    for (const r of rows) expect((r['days'] as number) >= 0 && (r['days'] as number) <= 1).toBe(true);
  });

  it('keeps the aggregates out of every list of control points', async () => {
    const leaked = await all(handle.db, `select count(*)::int as n from forecasts where port_id in ('hk-all', 'hk-land', 'hk-sea', 'hk-air')`);
    const ports = await all(handle.db, `select count(*)::int as n from ports where port_id in ('hk-all', 'hk-land', 'hk-sea', 'hk-air')`);
    expect([leaked[0]!['n'], ports[0]!['n']]).toEqual([0, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { requireForecastRun } from '../../src/store/lookups.js';
import { CrossingsError, messages } from '../../src/messages.js';
import { loadRange, loadRangePresets } from '../../src/reports/rangeData.js';
import { templateDatabase } from '../api/fixture.js';

// The template holds HK daily data to 2025-12-31, a forecast run from 2026-01-01 and backtests cut off on 2025-11-30.
const handle = templateDatabase('range');

const notFound = async (p: Promise<unknown>, message: string) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CrossingsError);
  expect((err as CrossingsError).kind).toBe('not_found');
  expect((err as CrossingsError).message).toBe(message);
};

describe('loadRange', () => {
  it('returns the backtest made before a past range, joined to its actuals and scored', async () => {
    const r = await loadRange(handle.db, { port: 'hk-lo-wu', from: '2025-12-01', to: '2025-12-14' });
    expect(r.last_actual).toBe('2025-12-31');
    expect(r.forecast).toEqual([]);
    expect(r.actuals).toHaveLength(14);
    expect(r.past).toMatchObject({ source: 'backtest', made: '2025-11-30' });
    expect(r.past!.rows).toHaveLength(14);
    expect(r.past!.rows.every((row) => typeof row.actual === 'number' && row.mean >= 0)).toBe(true);
    expect(r.past!.error.days).toBe(14);
    expect(r.past!.error.wape).toBeGreaterThan(0);
  });

  it('gives the latest run after the last actual, from the lookup it is handed', async () => {
    const run = await requireForecastRun(handle.db);
    let asked = 0;
    const r = await loadRange(handle.db, { port: 'hk-lo-wu', direction: 'departure', from: '2025-12-25', to: '2026-01-10', latestRun: async () => (asked++, run) });
    expect(asked).toBe(1);
    expect(r.run_id).toBe(run);
    expect(r.forecast.map((d) => d.date)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`));
    expect(r.past).toBeNull();
    expect(r.last_year.rows.length).toBeGreaterThan(0);
  });

  it('gives a monthly port by month: actuals on the 1st, last year twelve months back, no day marks', async () => {
    const r = await loadRange(handle.db, { port: 'us-0901', category: 'personal_vehicle_passengers', from: '2019-01-01', to: '2019-12-01' });
    expect(r.per).toBe('month');
    expect(r.last_actual).toBe('2019-12-01');
    expect(r.actuals.map((a) => a.date)).toEqual(Array.from({ length: 12 }, (_, i) => `2019-${String(i + 1).padStart(2, '0')}-01`));
    expect(r.last_year).toMatchObject({ months: 12, festival: null });
    expect(r.last_year.rows[0]).toMatchObject({ date: '2019-01-01', source_date: '2018-01-01' });
    expect(r.holidays).toEqual([]);
    expect(r.marks).toEqual({ regime_start: null, closures: [], low_days: [] });
  });

  it('refuses a series a port does not have with a not-found error', async () => {
    await notFound(loadRange(handle.db, { port: 'us-0901', from: '2019-01-01', to: '2019-03-01' }), messages.noSeries('us-0901', 'arrival', 'total'));
  });
});

describe('loadRangePresets', () => {
  it('starts the presets on the day after the data\'s last day', async () => {
    const p = await loadRangePresets(handle.db, { port: 'hk-lo-wu' });
    expect(p.last_actual).toBe('2025-12-31');
    expect(p.next8).toEqual({ from: '2026-01-01', to: '2026-02-25' });
    expect(p.holiday?.from).toBeDefined();
  });

  it('gives a monthly port and a monthly country their presets in months', async () => {
    for (const o of [{ port: 'us-0901' }, { port: null, country: 'US' }]) {
      const p = await loadRangePresets(handle.db, o);
      expect(p).toMatchObject({ per: 'month', last_actual: '2019-12-01', next12: { from: '2020-01-01', to: '2020-12-01' }, last_year: { from: '2019-01-01', to: '2019-12-01' } });
    }
    // A port's view opens on its last two years and the next 12 months; the overview of a country on the next 12.
    expect(await loadRangePresets(handle.db, { port: 'us-0901' })).toMatchObject({ recent: { from: '2018-01-01', to: '2020-12-01' } });
    expect(await loadRangePresets(handle.db, { port: null, country: 'US' })).toMatchObject({ recent: null });
    expect((await loadRangePresets(handle.db, { port: null, country: 'HK' })).per).toBe('day');
  });
});

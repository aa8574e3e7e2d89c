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

  it('refuses a port without daily counts with a not-found error', async () => {
    await notFound(loadRange(handle.db, { port: 'us-0901', from: '2019-01-01', to: '2019-03-01' }), messages.noDailySeries('us-0901', 'arrival', 'total'));
  });
});

describe('loadRangePresets', () => {
  it('starts the presets on the day after the data\'s last day', async () => {
    const p = await loadRangePresets(handle.db, { port: 'hk-lo-wu' });
    expect(p.last_actual).toBe('2025-12-31');
    expect(p.next8).toEqual({ from: '2026-01-01', to: '2026-02-25' });
    expect(p.holiday?.from).toBeDefined();
  });

  it('is a not-found error for a monthly port', async () => {
    await notFound(loadRangePresets(handle.db, { port: 'us-0901' }), messages.noDailySeries('us-0901', 'arrival', 'total'));
  });
});

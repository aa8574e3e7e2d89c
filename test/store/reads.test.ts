import { describe, expect, it } from 'vitest';
import { forecastColumns, listForecastRuns, loadForecasts } from '../../src/store/forecasts.js';
import { requireForecastRun } from '../../src/store/lookups.js';
import { healthCounts, listPorts, loadActuals } from '../../src/store/reads.js';
import { templateDatabase } from '../api/fixture.js';

const handle = templateDatabase('reads');

describe('store reads', () => {
  it('loads one port\'s counts of a day, filtered by direction', async () => {
    const both = await loadActuals(handle.db, { port: 'hk-lo-wu', from: '2025-01-01', to: '2025-01-01' });
    expect(both.map((r) => r['direction'])).toEqual(['arrival', 'departure']);
    const one = await loadActuals(handle.db, { port: 'hk-lo-wu', direction: 'departure', from: '2025-01-01', to: '2025-01-01' });
    expect(one).toEqual([{ port_id: 'hk-lo-wu', date: '2025-01-01', hour: null, direction: 'departure', category: 'total', count: expect.any(Number) }]);
  });

  it('counts rows and ports for the health check', async () => {
    const h = await healthCounts(handle.db);
    expect(h.counts).toBeGreaterThan(0);
    expect(h.ports).toBeGreaterThan(10);
  });

  it('lists each port with its series and its status in the latest run', async () => {
    const lowu = (await listPorts(handle.db)).find((p) => p['port_id'] === 'hk-lo-wu')!;
    expect(lowu).toMatchObject({ first_date: '2024-01-01', last_date: '2025-12-31', forecast_status: 'current', forecast_from: '2026-01-01' });
    expect(lowu['series']).toContainEqual({ direction: 'arrival', category: 'total' });
  });

  it('reads a run\'s forecasts with only the asked interval columns', async () => {
    const rows = await loadForecasts(handle.db, { run: await requireForecastRun(handle.db), levels: ['80'], port: 'hk-lo-wu', from: '2026-01-05', to: '2026-01-05' });
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!)).toEqual(forecastColumns(['80']));
    expect(forecastColumns([])).toEqual(['run_id', 'port_id', 'direction', 'category', 'date', 'model', 'mean', 'last_actual']);
  });

  it('lists runs newest first with their row counts', async () => {
    const runs = await listForecastRuns(handle.db);
    expect(runs.map((r) => Number(r['run_id']))).toEqual([...runs.map((r) => Number(r['run_id']))].sort((a, b) => b - a));
    expect(runs.some((r) => Number(r['forecasts']) > 0)).toBe(true);
  });
});

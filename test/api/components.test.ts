/**
 * GET /api/forecasts/components through the real app: a forecast run by the full engine (the fixture's run has only
 * seasonal naive models, which have no parts), its parts multiplying up to the stored mean, holidays named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, run } from '../../src/store/db.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import type { ComponentsReport } from '../../src/reports/components.js';
import { as, errorBody, openTestApp, type TestApp } from './fixture.js';

let t: TestApp;
let runId: number;
beforeAll(async () => {
  t = await openTestApp();
  runId = (await forecastAll(t.db, { horizon: 56 })).runId;
  t.app.responseCache.clear();
}, 120_000);
afterAll(() => t?.close());

const get = (url: string, headers: Record<string, string> = as('planner')) => t.app.inject({ method: 'GET', url, headers });

/** (1 + level) × Π (1 + effect) − 1: what the parts of a day say the forecast is. */
const rebuilt = (d: ComponentsReport['days'][number]) => (1 + d.level!) * d.effects.reduce((p, e) => p * (1 + e.effect), 1) - 1;

describe('GET /api/forecasts/components', () => {
  it('splits every day of Lo Wu departures into parts that multiply up to the stored forecast mean', async () => {
    const res = await get('/api/forecasts/components?port=hk-lo-wu&direction=departure');
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.payload) as ComponentsReport;
    expect(body).toMatchObject({ run_id: runId, port_id: 'hk-lo-wu', direction: 'departure', category: 'total', model: 'calreg', freq: 'day', explained: true });
    expect(body.days).toHaveLength(56);
    const forecasts = JSON.parse((await get('/api/forecasts?port=hk-lo-wu&direction=departure')).payload) as Array<{ date: string; mean: number }>;
    expect(body.days.map((d) => [d.date, d.mean])).toEqual(forecasts.map((f) => [f.date, f.mean]));
    for (const d of body.days) {
      // The mean is stored to 0.1, the level to 0.1 and each effect to 6 decimals.
      expect(Math.abs(rebuilt(d) - d.mean), d.date).toBeLessThan(0.5 + 1e-5 * d.mean);
      expect(d.effects.map((e) => e.kind)).toContain('weekly');
      // Largest first, and the groups multiply to the same as the effects.
      const sizes = d.effects.map((e) => Math.abs(Math.log1p(e.effect)));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      const byGroups = (1 + d.level!) * d.groups.reduce((p, g) => p * (1 + g.effect), 1) - 1;
      expect(Math.abs(byGroups - d.mean)).toBeLessThan(0.5 + 1e-5 * d.mean);
    }
  });

  it('names the Lunar New Year with its lead days, both regions\' holidays as one festival', async () => {
    const body = JSON.parse((await get('/api/forecasts/components?port=Lo%20Wu&direction=departure&from=2026-02-10&to=2026-02-20')).payload) as ComponentsReport;
    expect(body.days.map((d) => d.date)).toEqual(['2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13', '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    const eve = body.days.find((d) => d.date === '2026-02-16')!;
    const lny = eve.effects.filter((e) => e.key === 'lunar_new_year');
    expect(lny).toEqual([expect.objectContaining({ kind: 'holiday', phase: 'before', days: 1, name: 'Spring Festival 春节' })]);
    const newYearsDay = body.days.find((d) => d.date === '2026-02-17')!.effects.filter((e) => e.key === 'lunar_new_year');
    // The mainland's Spring Festival and HK's Lunar New Year count from the same day: one effect, no region.
    expect(newYearsDay).toHaveLength(1);
    expect(newYearsDay[0]).toMatchObject({ phase: 'during', days: 1 });
    expect(newYearsDay[0]!.region).toBeUndefined();
    // No developer names: the kinds are a closed list, holidays carry a festival key and the calendar's own name.
    for (const d of body.days) for (const e of d.effects) expect(JSON.stringify(e)).not.toMatch(/hol_|lead\d|lag\d|col\d/);
  });

  it('accepts the port in every spelling the other routes accept', async () => {
    const answers = await Promise.all(['hk-lo-wu', 'Lo Wu', 'lo wu', '羅湖', '罗湖'].map((p) => get(`/api/forecasts/components?port=${encodeURIComponent(p)}&direction=arrival`)));
    for (const a of answers) expect(a.statusCode).toBe(200);
    expect(new Set(answers.map((a) => (JSON.parse(a.payload) as ComponentsReport).port_id))).toEqual(new Set(['hk-lo-wu']));
  });

  it('splits a monthly series by month of year instead of weekday', async () => {
    // A US BTS series the engine gave to ETS (seasonal naive winners have no parts).
    const [s] = await all(t.db, `select port_id, category from forecasts where run_id = $run and model = 'ets' and port_id like 'us-%' order by all limit 1`, { run: runId });
    const res = await get(`/api/forecasts/components?port=${s!['port_id']}&direction=arrival&category=${s!['category']}`);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.payload) as ComponentsReport;
    expect(body).toMatchObject({ freq: 'month', model: 'ets', explained: true });
    const kinds = new Set(body.days.flatMap((d) => d.effects.map((e) => e.kind)));
    expect(kinds.has('weekly')).toBe(false);
    expect(kinds.has('month_of_year')).toBe(true);
    for (const d of body.days) expect(Math.abs(rebuilt(d) - d.mean)).toBeLessThan(0.5 + 1e-5 * d.mean);
  });

  it('says when the model has no parts (a run of seasonal naive models)', async () => {
    const res = await get('/api/forecasts/components?port=hk-lo-wu&direction=departure&run=1');
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.payload) as ComponentsReport;
    expect(body).toMatchObject({ explained: false, reason: 'simple_model' });
    expect(body.days[0]).toMatchObject({ level: null, effects: [] });
  });

  it('says when a run was made before parts were stored', async () => {
    const copy = await openTestApp();
    try {
      const id = (await forecastAll(copy.db, { horizon: 28 })).runId;
      await run(copy.db, `delete from forecast_components where run_id = $id`, { id });
      const res = await copy.app.inject({ method: 'GET', url: '/api/forecasts/components?port=hk-lo-wu&direction=arrival', headers: as('planner') });
      expect(JSON.parse(res.payload)).toMatchObject({ model: 'calreg', explained: false, reason: 'not_stored' });
    } finally {
      await copy.close();
    }
  }, 120_000);

  it('needs a key with the planner role, a port, a direction and a known series', async () => {
    expect((await get('/api/forecasts/components?port=hk-lo-wu&direction=arrival', {})).statusCode).toBe(401);
    expect((await get('/api/forecasts/components?port=hk-lo-wu&direction=arrival', as('analyst'))).statusCode).toBe(200);
    expect((await get('/api/forecasts/components?direction=arrival')).statusCode).toBe(400);
    expect((await get('/api/forecasts/components?port=hk-lo-wu')).statusCode).toBe(400);
    const unknown = await get('/api/forecasts/components?port=Atlantis&direction=arrival');
    expect(unknown.statusCode).toBe(404);
    expect(errorBody(unknown.payload).message).toMatch(/Atlantis/);
    const noSeries = await get('/api/forecasts/components?port=hk-lo-wu&direction=arrival&category=nobody');
    expect(noSeries.statusCode).toBe(404);
  });
});

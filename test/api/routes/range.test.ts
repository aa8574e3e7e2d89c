import { describe, expect, it } from 'vitest';
import { messages } from '../../../src/messages.js';
import { errorBody } from '../fixture.js';
import { fileTestApp, json } from '../../helpers/app.js';

// The template holds HK daily data to 2025-12-31, US monthly data to 2019-12-01, a forecast run from the day after.
const app = fileTestApp();
const get = app.get;

interface Totals { port_id: string; direction: string; actual: number; forecast: number; actual_periods: number; forecast_periods: number }

describe('GET /api/range', () => {
  it('serves a monthly port by month, its presets in months', async () => {
    const res = await get('/api/range?port=us-2402&category=personal_vehicle_passengers&from=2019-07-01&to=2020-06-01');
    expect(res.statusCode).toBe(200);
    const body = json<{ per: string; actuals: unknown[]; forecast: Array<{ date: string }>; last_year: { months: number } }>(res.payload);
    expect(body.per).toBe('month');
    expect(body.actuals).toHaveLength(6);
    expect(body.forecast.map((f) => f.date)).toEqual(['2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01', '2020-05-01', '2020-06-01']);
    expect(body.last_year.months).toBe(12);
    const presets = json<Record<string, unknown>>((await get('/api/range/presets?port=El%20Paso')).payload);
    expect(presets).toMatchObject({ per: 'month', next12: { from: '2020-01-01', to: '2020-12-01' } });
    expect(json<Record<string, unknown>>((await get('/api/range/presets?country=HK')).payload)).toMatchObject({ per: 'day', next8: { from: '2026-01-01' } });
  });

  it('names the events of a daily range as bands of their own (the Canton Fair), none for a monthly one', async () => {
    const body = json<{ events: Array<{ start: string; end: string; last: string; name: string }>; holidays: Array<{ name: string }> }>(
      (await get('/api/range?port=hk-lo-wu&from=2025-10-10&to=2025-10-31')).payload);
    const fair = body.events.filter((e) => e.name.startsWith('Canton Fair'));
    expect(fair.length).toBeGreaterThan(0);
    expect(fair[0]).toMatchObject({ start: '2025-10-15', last: '2025-10-19', end: '2025-10-20' });
    expect(body.holidays.some((h) => h.name.startsWith('Canton Fair'))).toBe(false);
    const monthly = json<{ events: unknown[] }>((await get('/api/range?port=us-2402&category=personal_vehicle_passengers&from=2019-07-01&to=2020-06-01')).payload);
    expect(monthly.events).toEqual([]);
    // The overview draws the mainland's region-wide events for the HK control points, not for the US ports.
    const hk = await get('/api/charts/overview?country=HK&from=2025-10-10&to=2025-10-31');
    expect(hk.statusCode, hk.payload.slice(0, 300)).toBe(200);
    expect(hk.payload).toContain('Canton Fair phase 1');
    const us = await get('/api/charts/overview?country=US&from=2019-01-01&to=2019-12-01');
    expect(us.statusCode, us.payload.slice(0, 300)).toBe(200);
    expect(us.payload).not.toContain('Canton Fair');
  });

  it('says which series a port lacks', async () => {
    const res = await get('/api/range?port=us-2402&from=2019-07-01&to=2020-06-01');
    expect(res.statusCode).toBe(404);
    expect(errorBody(res.payload).message).toBe(messages.noSeries('us-2402', 'arrival', 'total'));
  });
});

describe('GET /api/range/totals', () => {
  it('adds the counts up to the last day and the forecast after it, per port and direction', async () => {
    const rows = json<Totals[]>((await get('/api/range/totals?from=2025-12-29&to=2026-01-04&country=HK')).payload);
    const loWu = rows.find((r) => r.port_id === 'hk-lo-wu' && r.direction === 'arrival')!;
    expect(loWu).toMatchObject({ actual_periods: 3, forecast_periods: 4 });
    expect(loWu.actual).toBeGreaterThan(0);
    expect(loWu.forecast).toBe(Math.round(loWu.forecast));
    // A port forecast as closed is left out, as in the overview.
    expect(rows.some((r) => r.port_id === 'hk-sha-tau-kok')).toBe(false);
  });

  it('counts a monthly country\'s travellers by month, arrivals only', async () => {
    const rows = json<Totals[]>((await get('/api/range/totals?from=2019-07-01&to=2020-06-01&country=US')).payload);
    expect(new Set(rows.map((r) => r.direction))).toEqual(new Set(['arrival']));
    expect(rows.every((r) => r.actual_periods === 6 && r.forecast_periods === 6)).toBe(true);
  });

  it('refuses a missing country', async () => {
    expect((await get('/api/range/totals?from=2026-01-01&to=2026-01-04')).statusCode).toBe(400);
  });
});

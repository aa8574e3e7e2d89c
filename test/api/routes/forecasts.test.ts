import { describe, expect, it } from 'vitest';
import { all } from '../../../src/store/db.js';
import { messages } from '../../../src/messages.js';
import { as, errorBody } from '../fixture.js';
import { fileTestApp, json } from '../../helpers/app.js';

const app = fileTestApp();
const get = app.get;

describe('GET /api/forecasts', () => {
  it('answers the latest run with 80% and 95% intervals, lo <= mean <= hi', async () => {
    const res = await get('/api/forecasts?port=hk-lo-wu&direction=departure');
    expect(res.statusCode).toBe(200);
    const rows = json<Array<Record<string, number | string>>>(res.payload);
    const latest = await all(app.t.db, 'select max(run_id)::int as r from forecasts');
    expect(rows).toHaveLength(56);
    for (const r of rows) {
      expect(r).toMatchObject({ run_id: latest[0]!['r'], port_id: 'hk-lo-wu', direction: 'departure', category: 'total' });
      expect(Number(r['lo95'])).toBeLessThanOrEqual(Number(r['lo80']));
      expect(Number(r['lo80'])).toBeLessThanOrEqual(Number(r['mean']));
      expect(Number(r['mean'])).toBeLessThanOrEqual(Number(r['hi80']));
      expect(Number(r['hi80'])).toBeLessThanOrEqual(Number(r['hi95']));
    }
    expect(rows[0]!['date']).toBe('2026-01-01');
  });

  it('filters by dates and levels and answers CSV by Accept header or format=csv', async () => {
    const res = await get('/api/forecasts?port=hk-lo-wu&from=2026-01-05&to=2026-01-06&levels=80');
    const rows = json(res.payload);
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0]!)).toEqual(['run_id', 'port_id', 'direction', 'category', 'date', 'model', 'mean', 'lo80', 'hi80', 'last_actual']);
    const none = json((await get('/api/forecasts?port=hk-lo-wu&from=2026-01-05&to=2026-01-05&levels=none')).payload);
    expect(Object.keys(none[0]!)).not.toContain('lo80');
    const byAccept = await app.t.app.inject({ url: '/api/forecasts?port=hk-lo-wu&to=2026-01-01', headers: { ...as('planner'), accept: 'text/csv' } });
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.payload.trim().split('\n')).toEqual([
      'run_id,port_id,direction,category,date,model,mean,lo80,hi80,lo95,hi95,last_actual',
      expect.stringMatching(/^\d+,hk-lo-wu,arrival,total,2026-01-01,/),
      expect.stringMatching(/^\d+,hk-lo-wu,departure,total,2026-01-01,/),
    ]);
    const byFormat = await get('/api/forecasts?port=hk-lo-wu&to=2026-01-01&format=csv');
    expect(byFormat.payload).toBe(byAccept.payload);
  });

  it('serves repeats from the cache with an ETag and answers 304 to If-None-Match', async () => {
    const url = '/api/forecasts?port=hk-lo-wu&to=2026-01-03';
    const first = await get(url);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await get(url);
    expect(again.headers.etag).toBe(etag);
    const notModified = await app.t.app.inject({ url, headers: { ...as('planner'), 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.payload).toBe('');
  });

  it('says which ports exist, that from is after to, and which levels are valid', async () => {
    const unknown = await get('/api/forecasts?port=Atlantis');
    expect(unknown.statusCode).toBe(404);
    expect(errorBody(unknown.payload).message).toBe(messages.unknownPort('Atlantis', []));
    // A near miss gets a suggestion; any of the port's names finds it.
    const nearMiss = await get('/api/forecasts?port=Lo%20Wo');
    expect(errorBody(nearMiss.payload).message).toBe(messages.unknownPort('Lo Wo', [{ port_id: 'hk-lo-wu', name: 'Lo Wu' }]));
    for (const name of ['Lowu', 'LO-WU', '罗湖', '羅湖']) {
      expect((await get(`/api/forecasts?port=${encodeURIComponent(name)}`)).statusCode, name).toBe(200);
    }
    const order = await get('/api/forecasts?from=2026-02-01&to=2026-01-01');
    expect(order.statusCode).toBe(400);
    expect(errorBody(order.payload).message).toBe(messages.fromAfterTo('2026-02-01', '2026-01-01'));
    const date = await get('/api/forecasts?from=2026-02-30');
    expect(errorBody(date.payload).message).toBe(messages.badQueryDate('from', '2026-02-30'));
    const levels = await get('/api/forecasts?levels=50');
    expect(errorBody(levels.payload).message).toBe(messages.badLevels('50'));
    const run = await get('/api/forecasts?run=9999');
    expect(run.statusCode).toBe(404);
    expect(errorBody(run.payload).message).toBe(messages.unknownForecastRun(9999));
    const type = await get('/api/forecasts?run=abc');
    expect(type.statusCode).toBe(400);
    expect(errorBody(type.payload).error).toBe('Bad Request');
  });
});

describe('POST /api/forecast-runs', () => {
  it('refits, stores a new run, and invalidates cached forecasts and charts', async () => {
    const url = '/api/forecasts?port=hk-lo-wu&to=2026-01-02';
    const before = await get(url);
    const chart = await get('/api/charts/forecast?port=hk-lo-wu&to=2026-01-14');
    const oldRun = json(before.payload)[0]!['run_id'] as number;
    const bad = await app.t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as('admin'), payload: { horizon: 0 } });
    expect(bad.statusCode).toBe(400);
    const res = await app.t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as('admin'), payload: { horizon: 14 } });
    expect(res.statusCode).toBe(201);
    const made = json<Record<string, number>>(res.payload);
    expect(made).toMatchObject({ horizon: 14, run_id: expect.any(Number), series: expect.any(Number) });
    expect(made['run_id']).toBeGreaterThan(oldRun);
    const after = await app.t.app.inject({ url, headers: { ...as('planner'), 'if-none-match': String(before.headers.etag) } });
    expect(after.statusCode).toBe(200);
    expect(json(after.payload)[0]!['run_id']).toBe(made['run_id']);
    const old = await get(`${url}&run=${oldRun}`);
    expect(json(old.payload)[0]!['run_id']).toBe(oldRun);
    const chartAfter = await get('/api/charts/forecast?port=hk-lo-wu&to=2026-01-14');
    expect(chartAfter.headers.etag).not.toBe(chart.headers.etag); // 14 days now, 56 before: a new subtitle
    const runs = json((await get('/api/forecast-runs')).payload);
    // The sample's Sha Tau Kok (only zeros) and Hung Hom (stopped in 2024) are named in the note.
    expect(runs[0]).toMatchObject({ run_id: made['run_id'], horizon: 14, note: expect.stringMatching(/^forecast; closed, forecast as zero .*Sha Tau Kok/) });
    expect(made).not.toHaveProperty('projected_holidays_from');
  });

  it('says when the forecast reaches years whose mainland holidays are projected (the sample ends on 2025-12-31)', async () => {
    const res = await app.t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as('admin'), payload: { horizon: 400 } });
    expect(res.statusCode).toBe(201);
    expect(json(res.payload)).toMatchObject({ horizon: 400, projected_holidays_from: '2027-01-01' });
    const runs = json((await get('/api/forecast-runs')).payload);
    expect(runs[0]).toMatchObject({ horizon: 400, note: expect.stringMatching(/^forecast; mainland holidays from 2027-01-01 projected; /) });
  });
});

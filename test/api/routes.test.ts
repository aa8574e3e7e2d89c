import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { all } from '../../src/store/db.js';
import { messages, staffingMessages } from '../../src/messages.js';
import { KEYS, as, errorBody, openTestApp, type TestApp } from './fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

const get = (url: string, headers: Record<string, string> = as('planner')) => t.app.inject({ method: 'GET', url, headers });
const json = <T = Record<string, unknown>[]>(payload: string) => JSON.parse(payload) as T;

describe('GET /api/ports and /api/actuals', () => {
  it('lists ports with Chinese names, kind, series and data range', async () => {
    const res = await get('/api/ports');
    expect(res.statusCode).toBe(200);
    const lowu = json(res.payload).find((p) => p['port_id'] === 'hk-lo-wu')!;
    expect(lowu).toMatchObject({ name: 'Lo Wu', name_zh: '罗湖', kind: expect.any(String), first_date: '2024-01-01', last_date: '2025-12-31' });
    expect(lowu['series']).toContainEqual({ direction: 'arrival', category: 'total' });
  });

  it('answers actuals as JSON and as CSV', async () => {
    const res = await get('/api/actuals?port=Lo%20Wu&direction=arrival&from=2025-01-01&to=2025-01-07');
    expect(res.statusCode).toBe(200);
    expect(json(res.payload)).toHaveLength(7);
    const csv = await get('/api/actuals?port=hk-lo-wu&from=2025-01-01&to=2025-01-01&format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.payload.split('\n')[0]).toBe('port_id,date,hour,direction,category,count');
  });
});

describe('GET /api/forecasts', () => {
  it('answers the latest run with 80% and 95% intervals, lo <= mean <= hi', async () => {
    const res = await get('/api/forecasts?port=hk-lo-wu&direction=departure');
    expect(res.statusCode).toBe(200);
    const rows = json<Array<Record<string, number | string>>>(res.payload);
    const latest = await all(t.db, 'select max(run_id)::int as r from forecasts');
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
    const byAccept = await t.app.inject({ url: '/api/forecasts?port=hk-lo-wu&to=2026-01-01', headers: { ...as('planner'), accept: 'text/csv' } });
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
    const notModified = await t.app.inject({ url, headers: { ...as('planner'), 'if-none-match': etag } });
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

describe('GET /api/backtests and /api/accuracy', () => {
  it('answers the backtest windows of the latest backtest run, as JSON and CSV', async () => {
    const res = await get('/api/backtests?port=hk-lo-wu&direction=arrival&cutoff=2025-11-30');
    expect(res.statusCode).toBe(200);
    const rows = json(res.payload);
    expect(rows.length).toBe(2 * 14); // the engine and seasonal naive, 14 days each
    expect(rows[0]).toMatchObject({ port_id: 'hk-lo-wu', cutoff: '2025-11-30', date: '2025-12-01', actual: expect.any(Number) });
    const csv = await get('/api/backtests?port=hk-lo-wu&format=csv');
    expect(csv.payload.split('\n')[0]).toBe('run_id,port_id,direction,category,cutoff,date,model,actual,mean,lo80,hi80,lo95,hi95');
  });

  it('scores per series and model; WAPE and coverage agree with the stored windows', async () => {
    const res = await get('/api/accuracy?port=hk-lo-wu&category=total');
    expect(res.statusCode).toBe(200);
    const scores = json<Array<Record<string, number | string | null>>>(res.payload);
    expect(scores.map((s) => `${s['direction']} ${s['model']}`)).toEqual(['arrival auto', 'arrival snaive7', 'departure auto', 'departure snaive7']);
    const windows = json<Array<Record<string, number | string>>>((await get('/api/backtests?port=hk-lo-wu&direction=arrival')).payload)
      .filter((r) => r['model'] === 'auto');
    const absErr = windows.reduce((s, r) => s + Math.abs(Number(r['actual']) - Number(r['mean'])), 0);
    const actual = windows.reduce((s, r) => s + Number(r['actual']), 0);
    const in80 = windows.filter((r) => Number(r['actual']) >= Number(r['lo80']) && Number(r['actual']) <= Number(r['hi80'])).length;
    const s = scores[0]!;
    expect(s['wape']).toBeCloseTo((100 * absErr) / actual, 6);
    expect(s['coverage80']).toBeCloseTo(in80 / windows.length, 9);
    expect(s['n']).toBe(14);
    expect(Number(s['mase'])).toBeGreaterThan(0);
    expect([0, 1 / 3, 2 / 3, 1].some((v) => Math.abs(v - Number(s['peak_hit3'])) < 1e-9)).toBe(true);
  });

  it('scores per model over every series with by=model, the engine beating seasonal naive on MASE', async () => {
    const scores = json<Array<Record<string, number | string>>>((await get('/api/accuracy?by=model&category=total')).payload);
    expect(scores.map((s) => s['model'])).toEqual(['auto', 'snaive7']);
    for (const s of scores) {
      expect(Number(s['coverage95'])).toBeGreaterThanOrEqual(0);
      expect(Number(s['coverage95'])).toBeLessThanOrEqual(1);
    }
    const csv = await get('/api/accuracy?by=model&format=csv');
    expect(csv.payload.split('\n')[0]).toBe('model,windows,n,mase,wape,coverage80,coverage95,peak_hit3');
  });
});

describe('GET /api/peaks and /api/staffing', () => {
  it('answers peak days and periods of the latest run over its horizon', async () => {
    const res = await get('/api/peaks?port=hk-lo-wu');
    expect(res.statusCode).toBe(200);
    const body = json<Record<string, unknown>>(res.payload);
    expect(body).toMatchObject({ basis: 'mean', from: '2026-01-01', to: '2026-02-25' });
    expect(body['thresholds']).toHaveLength(2);
    const everyDay = json<{ days: unknown[]; periods: Array<{ start: string; end: string }> }>((await get('/api/peaks?port=hk-lo-wu&direction=arrival&capacity=1&from=2026-01-01&to=2026-01-10')).payload);
    expect(everyDay.days).toHaveLength(10);
    expect(everyDay.periods).toMatchObject([{ start: '2026-01-01', end: '2026-01-10' }]);
  });

  it('refuses a percentile outside (0, 1) and an unknown run', async () => {
    expect((await get('/api/peaks?percentile=1.5')).statusCode).toBe(400);
    const run = await get('/api/peaks?run=4242');
    expect(errorBody(run.payload).message).toBe(messages.unknownForecastRun(4242));
  });

  it('answers a staffing plan per shift, and per slot on request', async () => {
    const res = await get('/api/staffing?port=hk-lo-wu&from=2026-01-02&to=2026-01-03&direction=arrival');
    expect(res.statusCode).toBe(200);
    const body = json<Record<string, unknown[] | unknown>>(res.payload);
    expect(body).toMatchObject({ port_id: 'hk-lo-wu', from: '2026-01-02', to: '2026-01-03', basis: 'mean' });
    expect((body['shifts'] as unknown[]).length).toBeGreaterThan(0);
    expect((body['officers'] as unknown[]).length).toBeGreaterThan(0);
    expect(body['slots']).toBeUndefined();
    const slots = json<{ slots: unknown[] }>((await get('/api/staffing?port=hk-lo-wu&from=2026-01-02&to=2026-01-02&direction=arrival&detail=slots&slot_minutes=60')).payload);
    expect(slots.slots).toHaveLength(24 * 3 * 2); // slots × channels × traveller groups
  });

  it('applies staffing parameters from the query: more shrinkage, more officers; bad shares are refused', async () => {
    const base = '/api/staffing?port=hk-lo-wu&from=2026-01-02&to=2026-01-02&direction=arrival';
    type Plan = { params: { channels: Record<string, { shrinkage: number; share: number }> }; officers: { officers_rostered: number }[] };
    const total = (p: Plan) => p.officers.reduce((s, o) => s + o.officers_rostered, 0);
    const plain = json<Plan>((await get(base)).payload);
    const shrunk = json<Plan>((await get(`${base}&shrinkage=0.5`)).payload);
    expect(shrunk.params.channels['counter']!.shrinkage).toBe(0.5);
    expect(total(shrunk)).toBeGreaterThan(total(plain));
    const shares = json<Plan>((await get(`${base}&share_egate=0.5&share_counter=0.47&share_priority=0.03`)).payload);
    expect(shares.params.channels['egate']!.share).toBe(0.5);
    const bad = await get(`${base}&share_egate=0.9&share_counter=0.5`);
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect(errorBody(bad.payload).message).toContain('add up to');
  });

  it('refuses a port with only monthly counts (US BTS), saying why, instead of staffing a month as one day', async () => {
    const res = await get('/api/staffing?port=us-0901&from=2020-01-01&to=2020-01-31');
    expect(res.statusCode).toBe(422);
    expect(errorBody(res.payload).message).toBe(staffingMessages.monthlyPort('us-0901'));
  });

  it('needs a port and refuses a range longer than a quarter', async () => {
    expect((await get('/api/staffing')).statusCode).toBe(400);
    const long = await get('/api/staffing?port=hk-lo-wu&from=2026-01-01&to=2026-12-31');
    expect(errorBody(long.payload).message).toBe(messages.rangeTooLong(365, 92));
  });
});

describe('roles', () => {
  const reads = ['/api/ports', '/api/actuals?port=hk-lo-wu&to=2024-01-02', '/api/forecasts?port=hk-lo-wu&to=2026-01-01', '/api/forecast-runs',
    '/api/backtests?port=hk-lo-wu&cutoff=2025-11-30&to=2025-12-01', '/api/accuracy?by=model', '/api/peaks?port=hk-lo-wu&to=2026-01-07',
    '/api/staffing?port=hk-lo-wu&to=2026-01-01&from=2026-01-01', '/api/charts/weekday?port=hk-lo-wu'];

  it.each(reads)('%s: 401 without a key or with a wrong one, 200 for every role', async (url) => {
    const none = await t.app.inject({ url });
    expect(none.statusCode).toBe(401);
    errorBody(none.payload);
    const wrong = await t.app.inject({ url, headers: { 'x-api-key': 'not-a-key' } });
    expect(wrong.statusCode).toBe(401);
    expect(errorBody(wrong.payload).message).toBe('The API key is not valid.');
    for (const role of ['planner', 'manager', 'analyst', 'admin'] as const) {
      const res = await t.app.inject({ url, headers: as(role) });
      expect(res.statusCode, `${role} ${res.payload.slice(0, 200)}`).toBe(200);
    }
    const bearer = await t.app.inject({ url, headers: { authorization: `Bearer ${KEYS.planner}` } });
    expect(bearer.statusCode).toBe(200);
  });

  it('checks the key before the query: a bad query without a key is a 401', async () => {
    expect((await t.app.inject({ url: '/api/forecasts?run=abc' })).statusCode).toBe(401);
  });

  it('POST /api/forecast-runs is for admins: 401 without a key, 403 for the other roles', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/forecast-runs' })).statusCode).toBe(401);
    for (const role of ['planner', 'manager', 'analyst'] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as(role), payload: { horizon: 7 } });
      expect(res.statusCode).toBe(403);
      expect(errorBody(res.payload)).toEqual({ statusCode: 403, error: 'Forbidden', message: `This needs the admin role; your key has the ${role} role.` });
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/ingest?format=long', headers: as('planner'), payload: 'x' })).statusCode).toBe(403);
  });
});

describe('POST /api/forecast-runs', () => {
  it('refits, stores a new run, and invalidates cached forecasts and charts', async () => {
    const url = '/api/forecasts?port=hk-lo-wu&to=2026-01-02';
    const before = await get(url);
    const chart = await get('/api/charts/forecast?port=hk-lo-wu&to=2026-01-14');
    const oldRun = json(before.payload)[0]!['run_id'] as number;
    const bad = await t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as('admin'), payload: { horizon: 0 } });
    expect(bad.statusCode).toBe(400);
    const res = await t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as('admin'), payload: { horizon: 14 } });
    expect(res.statusCode).toBe(201);
    const made = json<Record<string, number>>(res.payload);
    expect(made).toMatchObject({ horizon: 14, run_id: expect.any(Number), series: expect.any(Number) });
    expect(made['run_id']).toBeGreaterThan(oldRun);
    const after = await t.app.inject({ url, headers: { ...as('planner'), 'if-none-match': String(before.headers.etag) } });
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
    const res = await t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as('admin'), payload: { horizon: 400 } });
    expect(res.statusCode).toBe(201);
    expect(json(res.payload)).toMatchObject({ horizon: 400, projected_holidays_from: '2027-01-01' });
    const runs = json((await get('/api/forecast-runs')).payload);
    expect(runs[0]).toMatchObject({ horizon: 400, note: expect.stringMatching(/^forecast; mainland holidays from 2027-01-01 projected; /) });
  });
});

describe('errors, docs, logs and limits', () => {
  it('answers unknown routes in the error shape', async () => {
    const res = await get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(errorBody(res.payload).message).toBe('No route GET /api/nothing-here.');
  });

  it('serves OpenAPI 3 and Swagger UI from local assets', async () => {
    const spec = json<{ openapi: string; paths: Record<string, unknown> }>((await t.app.inject('/docs/json')).payload);
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of ['/api/ports', '/api/actuals', '/api/forecasts', '/api/backtests', '/api/accuracy', '/api/peaks', '/api/staffing', '/api/forecast-runs', '/api/charts/{name}', '/api/ingest']) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    const page = await t.app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    const assets = [...page.payload.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(a).not.toMatch(/^(https?:)?\/\//);
    const css = await t.app.inject('/docs/static/swagger-ui.css');
    expect(css.statusCode).toBe(200);
  });

  it('limits requests per key (429 in the error shape), other keys unaffected, and never logs keys', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const limited = await openTestApp({ config: { rateLimitMax: 3, rateLimitWindowMs: 60_000 }, logger: { level: 'debug', stream } });
    onTestFinished(() => limited.close());
    const url = '/api/forecasts?port=hk-lo-wu&to=2026-01-01';
    for (let i = 0; i < 3; i++) expect((await limited.app.inject({ url, headers: as('planner') })).statusCode).toBe(200);
    const over = await limited.app.inject({ url, headers: as('planner') });
    expect(over.statusCode).toBe(429);
    expect(errorBody(over.payload).error).toBe('Too Many Requests');
    expect((await limited.app.inject({ url, headers: as('manager') })).statusCode).toBe(200);
    await limited.app.inject({ url, headers: { 'x-api-key': KEYS.admin, authorization: `Bearer ${KEYS.analyst}` } });
    await limited.app.inject({ url: '/api/forecasts?run=x', headers: { authorization: `Bearer ${KEYS.manager}` } });
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const key of Object.values(KEYS)) expect(log).not.toContain(key);
  });
});

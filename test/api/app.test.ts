import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { KEYS, as, errorBody, openTestApp } from './fixture.js';
import { fileTestApp, json } from '../helpers/app.js';

const app = fileTestApp();
const get = app.get;

describe('errors, docs, logs and limits', () => {
  it('answers unknown routes in the error shape', async () => {
    const res = await get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(errorBody(res.payload).message).toBe('No route GET /api/nothing-here.');
  });

  it('serves OpenAPI 3 and Swagger UI from local assets', async () => {
    const spec = json<{ openapi: string; paths: Record<string, unknown> }>((await app.t.app.inject('/docs/json')).payload);
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of ['/api/ports', '/api/actuals', '/api/forecasts', '/api/backtests', '/api/accuracy', '/api/peaks', '/api/staffing', '/api/forecast-runs', '/api/charts/{name}', '/api/ingest']) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
    const page = await app.t.app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    const assets = [...page.payload.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(a).not.toMatch(/^(https?:)?\/\//);
    const css = await app.t.app.inject('/docs/static/swagger-ui.css');
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

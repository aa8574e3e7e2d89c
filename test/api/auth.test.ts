import { describe, expect, it } from 'vitest';
import { KEYS, as, errorBody } from './fixture.js';
import { fileTestApp } from '../helpers/app.js';

const app = fileTestApp();

describe('roles', () => {
  const reads = ['/api/ports', '/api/actuals?port=hk-lo-wu&to=2024-01-02', '/api/forecasts?port=hk-lo-wu&to=2026-01-01', '/api/forecast-runs',
    '/api/backtests?port=hk-lo-wu&cutoff=2025-11-30&to=2025-12-01', '/api/accuracy?by=model', '/api/peaks?port=hk-lo-wu&to=2026-01-07',
    '/api/staffing?port=hk-lo-wu&to=2026-01-01&from=2026-01-01', '/api/charts/weekday?port=hk-lo-wu'];

  it.each(reads)('%s: 401 without a key or with a wrong one, 200 for every role', async (url) => {
    const none = await app.t.app.inject({ url });
    expect(none.statusCode).toBe(401);
    errorBody(none.payload);
    const wrong = await app.t.app.inject({ url, headers: { 'x-api-key': 'not-a-key' } });
    expect(wrong.statusCode).toBe(401);
    expect(errorBody(wrong.payload).message).toBe('The API key is not valid.');
    for (const role of ['planner', 'manager', 'analyst', 'admin'] as const) {
      const res = await app.t.app.inject({ url, headers: as(role) });
      expect(res.statusCode, `${role} ${res.payload.slice(0, 200)}`).toBe(200);
    }
    const bearer = await app.t.app.inject({ url, headers: { authorization: `Bearer ${KEYS.planner}` } });
    expect(bearer.statusCode).toBe(200);
  });

  it('checks the key before the query: a bad query without a key is a 401', async () => {
    expect((await app.t.app.inject({ url: '/api/forecasts?run=abc' })).statusCode).toBe(401);
  });

  it('POST /api/forecast-runs is for admins: 401 without a key, 403 for the other roles', async () => {
    expect((await app.t.app.inject({ method: 'POST', url: '/api/forecast-runs' })).statusCode).toBe(401);
    for (const role of ['planner', 'manager', 'analyst'] as const) {
      const res = await app.t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as(role), payload: { horizon: 7 } });
      expect(res.statusCode).toBe(403);
      expect(errorBody(res.payload)).toEqual({ statusCode: 403, error: 'Forbidden', message: `This needs the admin role; your key has the ${role} role.` });
    }
    expect((await app.t.app.inject({ method: 'POST', url: '/api/ingest?format=long', headers: as('planner'), payload: 'x' })).statusCode).toBe(403);
  });
});

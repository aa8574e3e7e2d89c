/** The inputs issue 19 found answered with a 5xx: each must be a 4xx with the one error shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, openTestApp, type TestApp } from './fixture.js';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t?.close());

describe('bad query values', () => {
  it.each([
    '/api/peaks?port=hk-lo-wu&from=0000-01-01',
    '/api/peaks?port=hk-lo-wu&to=9999-12-31',
    '/api/forecasts?port=hk-lo-wu&from=1900-01-01',
    '/api/staffing?port=hk-lo-wu&to=2200-01-01',
    '/api/charts/forecast?port=hk-lo-wu&history_days=Infinity',
    '/api/charts/calendar?port=hk-lo-wu&from=0001-01-01&to=9999-12-31',
  ])('%s is a 400 that names the value', async (url) => {
    const res = await t.app.inject({ method: 'GET', url, headers: as('admin') });
    expect(res.statusCode, res.payload.slice(0, 300)).toBe(400);
    expect(JSON.parse(res.payload).message).toMatch(/from|to|history_days/);
  });

  it.each(['', '.', '..', '%00', '..%2F..%2Fetc%2Fpasswd'])('an upload named "%s" is a 4xx', async (name) => {
    const res = await t.app.inject({
      method: 'POST', url: `/api/ingest?format=hk-immd&filename=${name}`, headers: { ...as('admin'), 'content-type': 'text/csv' }, payload: 'Date,Control Point\n',
    });
    expect(res.statusCode, res.payload.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});

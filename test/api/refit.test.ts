/** POST /api/forecast-runs fits in the configured worker threads, and the server answers other requests meanwhile. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/store/db.js';
import { as, openTestApp, type TestApp } from './fixture.js';

let t: TestApp;
beforeAll(async () => {
  // The full engine on a few ports: a fit long enough that one on the server's thread would hold requests up.
  t = await openTestApp({ config: { forecastWorkers: 2 }, engine: {} });
  await run(t.db, `delete from crossings where port_id not in ('hk-lo-wu', 'hk-shenzhen-bay', 'us-2504')`);
}, 120_000);
afterAll(() => t.close());

describe('refitting in worker threads', () => {
  it('answers GET /healthz while a refit runs, then stores the run', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200); // the first answer is slow either way
    let refitDone = false;
    const refit = t.app.inject({ method: 'POST', url: '/api/forecast-runs', headers: as('admin'), payload: { horizon: 7 } }).then((res) => {
      refitDone = true;
      return res;
    });
    // Polled until the refit ends: the gaps between answers stay short, as no fitting runs on the server's thread.
    const gaps: number[] = [];
    let last = performance.now();
    while (!refitDone) {
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      gaps.push(performance.now() - last);
      last = performance.now();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...gaps)).toBeLessThan(500);
    const res = await refit;
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.payload)).toMatchObject({ horizon: 7, series: expect.any(Number), rows: expect.any(Number) });
  }, 120_000);
});

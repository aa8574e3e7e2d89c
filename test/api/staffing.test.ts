import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../../src/store/db.js';
import { staffingMessages } from '../../src/messages.js';
import { addDays, daysBetween } from '../../src/isoDays.js';
import { as, errorBody, openTestApp, type TestApp } from './fixture.js';

let t: TestApp;
let first: string;
let last: string;
let run: number;
beforeAll(async () => {
  t = await openTestApp();
  const [r] = await all(
    t.db,
    `select run_id::int as run, strftime(max(first), '%Y-%m-%d') as first, strftime(min(last), '%Y-%m-%d') as last from (
       select run_id, direction, min(date) as first, max(date) as last from forecasts
        where run_id = (select max(run_id) from forecasts) and port_id = 'hk-lo-wu' and category = 'total' group by all) group by run_id`,
  );
  run = Number(r!['run']);
  first = String(r!['first']);
  last = String(r!['last']);
});
afterAll(() => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: as('planner') });

describe('GET /api/staffing: exact coverage', () => {
  it('refuses a range past the forecast (422) with the forecast\'s end date and the horizon that reaches it', async () => {
    const from = addDays(last, -5);
    const to = addDays(last, 13);
    const res = await get(`/api/staffing?port=hk-lo-wu&from=${from}&to=${to}`);
    expect(res.statusCode).toBe(422);
    const message = errorBody(res.payload).message;
    expect(message).toBe(staffingMessages.rangeBeyondForecast('hk-lo-wu', from, to, first, last, run, daysBetween(first, to) + 1));
    expect(message).toContain(`the forecast ends on ${last}`);
    expect(message).toContain(`crossings forecast --horizon ${daysBetween(first, to) + 1}`);
  });

  it('with partial=true, answers the covered days and says so in the JSON', async () => {
    const from = addDays(last, -5);
    const to = addDays(last, 13);
    const res = await get(`/api/staffing?port=hk-lo-wu&from=${from}&to=${to}&partial=true`);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.payload) as { from: string; to: string; coverage: Record<string, unknown>; shifts: { shift_date: string }[] };
    expect(body).toMatchObject({ from, to: last });
    expect(body.coverage).toMatchObject({ requested_from: from, requested_to: to, from, to: last, partial: true, forecast_to: last });
    expect(body.coverage['note']).toBe(staffingMessages.partialCoverage(from, last, from, to, first, last));
    // The night shift of the last day runs into the next day, which is not forecast: it is partial, never past the end.
    expect(body.shifts.map((s) => s.shift_date).sort().at(-1)).toBe(last);
  });

  it('says a covered range is complete', async () => {
    const res = await get(`/api/staffing?port=hk-lo-wu&from=${first}&to=${addDays(first, 1)}&direction=arrival`);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.payload).coverage).toMatchObject({ partial: false, note: null, from: first, to: addDays(first, 1) });
  });
});

describe('GET and PUT /api/port-hours', () => {
  it('lists the bundled hours, lets an admin set an exception (not a planner), and the plan follows it', async () => {
    const list = await get('/api/port-hours?port=hk-lo-wu');
    expect(list.statusCode).toBe(200);
    expect(JSON.parse(list.payload).hours[0]).toMatchObject({ date: null, hours: '06:30–24:00' });
    const body = { port: 'Lo Wu', date: first, opens: '06:30', closes: '02:00', source: 'test notice' };
    const put = (headers: Record<string, string>, payload: unknown = body) => t.app.inject({ method: 'PUT', url: '/api/port-hours', headers, payload: payload as object });
    expect((await put(as('planner'))).statusCode).toBe(403);
    expect((await put(as('admin'), { ...body, closes: '25:00' })).statusCode).toBe(422);
    const ok = await put(as('admin'));
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.payload).hours).toContainEqual({ date: first, hours: '06:30–02:00 (next day)', source: 'test notice' });
    const plan = JSON.parse((await get(`/api/staffing?port=hk-lo-wu&from=${first}&to=${addDays(first, 1)}&direction=arrival&detail=slots`)).payload) as { slots: { date: string; start: string; open: boolean }[] };
    expect(plan.slots.filter((s) => s.date === addDays(first, 1) && s.start === '01:30').every((s) => s.open)).toBe(true);
    expect(plan.slots.filter((s) => s.date === addDays(first, 1) && s.start === '02:00').every((s) => !s.open)).toBe(true);
  });
});

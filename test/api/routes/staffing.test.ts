import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../../../src/store/db.js';
import { messages, staffingMessages } from '../../../src/messages.js';
import { addDays, daysBetween } from '../../../src/isoDays.js';
import { as, errorBody, openTestApp, type TestApp } from '../fixture.js';
import { json } from '../../helpers/app.js';

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

describe('GET /api/staffing', () => {
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
    expect(errorBody(res.payload).message).toBe(staffingMessages.monthlyPort('Buffalo Niagara Falls'));
  });

  it('needs a port and refuses a range longer than a quarter', async () => {
    expect((await get('/api/staffing')).statusCode).toBe(400);
    const long = await get('/api/staffing?port=hk-lo-wu&from=2026-01-01&to=2026-12-31');
    expect(errorBody(long.payload).message).toBe(messages.rangeTooLong(365, 92));
  });
});

describe('GET /api/staffing: exact coverage', () => {
  it('refuses a range past the forecast (422) with the forecast\'s end date and the horizon that reaches it', async () => {
    const from = addDays(last, -5);
    const to = addDays(last, 13);
    const res = await get(`/api/staffing?port=hk-lo-wu&from=${from}&to=${to}`);
    expect(res.statusCode).toBe(422);
    const message = errorBody(res.payload).message;
    expect(message).toBe(staffingMessages.rangeBeyondForecast('Lo Wu', from, to, first, last, run, daysBetween(first, to) + 1));
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

interface ShiftRow { shift_date: string; shift: string; shift_times: string; direction: string; channel: string; positions_peak: number; positions_needed_peak: number; officers_peak: number }
interface CurvePoint { date: string; start: string; shift: string; shift_date: string; direction: string; channel: string; arrivals: number; positions: number; positions_needed: number; officers: number }

describe('GET /api/staffing?slots=true: the half-hour requirement curve', () => {
  it('adds slots whose busiest slot per shift holds the shift\'s positions and officers, Lo Wu\'s none outside 06:30–24:00', async () => {
    // From the third day: the port-hours test above opened the second day's small hours (a holiday night).
    const res = await get(`/api/staffing?port=hk-lo-wu&from=${addDays(first, 2)}&to=${addDays(first, 8)}&slots=true`);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.payload) as { slots: CurvePoint[]; shifts: ShiftRow[]; shift_template: { shifts: { name: string; times: string }[] } };
    expect(body.shift_template.shifts.map((s) => `${s.name} ${s.times}`)).toEqual(['early 06:30–15:00', 'late 15:00–24:00', 'night 00:00–06:30']);
    expect(Object.keys(body.slots[0]!).sort()).toEqual(['arrivals', 'channel', 'date', 'direction', 'officers', 'open', 'positions', 'positions_needed', 'shift', 'shift_date', 'start'].sort());
    expect(body.slots).toHaveLength(7 * 48 * 2 * 3); // days × half-hours × directions × channels
    expect(body.slots.filter((s) => s.start < '06:30' && (s.positions > 0 || s.officers > 0 || s.arrivals > 0))).toEqual([]);
    expect(new Set(body.shifts.map((s) => `${s.shift} ${s.shift_times}`))).toEqual(new Set(['early 06:30–15:00', 'late 15:00–24:00']));
    // A shift rosters its busiest slot (most positions needed, then most open): the curve's figures there are the shift's.
    const byShift = new Map<string, { positions: number; officers: number }>();
    for (const s of body.shifts) {
      const k = `${s.shift_date}|${s.shift}|${s.direction}|${s.channel}`;
      const e = byShift.get(k) ?? { positions: 0, officers: 0 };
      byShift.set(k, { positions: e.positions + s.positions_peak, officers: e.officers + s.officers_peak });
    }
    const busiest = new Map<string, CurvePoint>();
    const load = (p: CurvePoint) => p.positions_needed * 1e6 + p.positions;
    for (const p of body.slots) {
      const k = `${p.shift_date}|${p.shift}|${p.direction}|${p.channel}`;
      const b = busiest.get(k);
      if (byShift.has(k) && (!b || load(p) > load(b))) busiest.set(k, p);
    }
    expect(busiest.size).toBe(byShift.size);
    for (const [k, s] of byShift) expect({ positions: busiest.get(k)!.positions, officers: busiest.get(k)!.officers }, k).toEqual(s);
    expect(body.slots.filter((p) => byShift.has(`${p.shift_date}|${p.shift}|${p.direction}|${p.channel}`)).every((p) => p.positions <= byShift.get(`${p.shift_date}|${p.shift}|${p.direction}|${p.channel}`)!.positions)).toBe(true);
  });

  it('refuses slots=true with detail=slots', async () => {
    const res = await get(`/api/staffing?port=hk-lo-wu&from=${first}&to=${first}&slots=true&detail=slots`);
    expect(res.statusCode).toBe(400);
    expect(errorBody(res.payload).message).toBe(messages.slotsTwice());
  });
});

describe('GET and PUT /api/port-shifts', () => {
  it('lists the default template, lets an admin set 4 × 6 h (not a planner), the plan rosters those 4 shifts, and resets', async () => {
    const list = await get('/api/port-shifts?port=hk-airport');
    expect(JSON.parse(list.payload)).toMatchObject({ port_id: 'hk-airport', stored: false, shifts: [{ name: 'morning', times: '07:00–15:00' }, { name: 'afternoon' }, { name: 'night', times: '23:00–07:00' }] });
    const shifts = ['00:00', '06:00', '12:00', '18:00'].map((start, i) => ({ name: `s${i + 1}`, start, hours: 6 }));
    const put = (headers: Record<string, string>, payload: unknown) => t.app.inject({ method: 'PUT', url: '/api/port-shifts', headers, payload: payload as object });
    expect((await put(as('planner'), { port: 'hk-airport', shifts })).statusCode).toBe(403);
    const overlap = await put(as('admin'), { port: 'hk-airport', shifts: [...shifts, { name: 'extra', start: '10:00', hours: 1 }] });
    expect(overlap.statusCode).toBe(422);
    expect(errorBody(overlap.payload).message).toContain(staffingMessages.shiftsDoNotTile('10:00 is covered by more than one shift'));
    const ok = await put(as('admin'), { port: 'Airport', shifts, source: 'test 4 × 6 h' });
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.payload)).toMatchObject({ stored: true, source: 'test 4 × 6 h', shifts: [{ times: '00:00–06:00' }, { times: '06:00–12:00' }, { times: '12:00–18:00' }, { times: '18:00–24:00' }] });
    const plan = JSON.parse((await get(`/api/staffing?port=hk-airport&from=${first}&to=${addDays(first, 1)}`)).payload) as { shifts: ShiftRow[]; officers: { shift_date: string; shift: string; shift_start: string; shift_end: string }[] };
    expect(plan.officers.filter((o) => o.shift_date === first).map((o) => `${o.shift} ${o.shift_start}–${o.shift_end}`)).toEqual(['s1 00:00–06:00', 's2 06:00–12:00', 's3 12:00–18:00', 's4 18:00–24:00']);
    expect(new Set(plan.shifts.map((s) => s.shift_times))).toEqual(new Set(['00:00–06:00', '06:00–12:00', '12:00–18:00', '18:00–24:00']));
    expect((await put(as('admin'), { port: 'hk-airport' })).statusCode).toBe(400);
    const reset = await put(as('admin'), { port: 'hk-airport', reset: true });
    expect(JSON.parse(reset.payload)).toMatchObject({ stored: false, shifts: [{ name: 'morning' }, { name: 'afternoon' }, { name: 'night' }] });
  });
});

describe('GET /api/reports/staffing: a second download', () => {
  it('is the same file from the cache, with its name, its ETag and a 304 for a client that has it; still refused without the role', async () => {
    const url = `/api/reports/staffing?port=hk-lo-wu&from=${first}&to=${addDays(first, 6)}&format=csv`;
    const one = await t.app.inject({ url, headers: as('manager') });
    const two = await t.app.inject({ url, headers: as('manager') });
    expect(one.statusCode).toBe(200);
    expect(two.rawPayload.equals(one.rawPayload)).toBe(true);
    expect(two.headers['etag']).toBe(one.headers['etag']);
    expect(two.headers['content-disposition']).toBe(one.headers['content-disposition']);
    expect(String(two.headers['content-disposition'])).toMatch(/^attachment; filename=".*\.csv"$/);
    expect(String(two.headers['content-type'])).toContain('text/csv');
    const kept = await t.app.inject({ url, headers: { ...as('manager'), 'if-none-match': String(one.headers['etag']) } });
    expect(kept.statusCode).toBe(304);
    expect((await t.app.inject({ url, headers: as('planner') })).statusCode).toBe(403);
  });
});

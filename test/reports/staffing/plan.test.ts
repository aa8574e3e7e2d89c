import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, run } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/db.js';
import { resolveProfiles } from '../../../src/reports/profiles.js';
import type { HourlyProfile } from '../../../src/reports/profiles.js';
import { requiredAgents } from '../../../src/reports/staffing/erlang.js';
import { staffingMessages as msg } from '../../../src/messages.js';
import { channelParamsFor, DEFAULT_STAFFING_PARAMS, validateStaffingParams, withStaffingDefaults } from '../../../src/reports/staffing/params.js';
import { loadStaffingPlan } from '../../../src/reports/staffing/load.js';
import { officersOnPosition, splitByChannel, staffingPlan } from '../../../src/reports/staffing/plan.js';
import { withShrinkage } from '../../../src/reports/staffing/roster.js';

// A flat profile makes the arithmetic easy to follow: every hour gets 1/24 of the day.
const flat = (port_id: string, direction: string): HourlyProfile[] =>
  (['normal', 'holiday'] as const).map((day_type) => ({ port_id, direction, day_type, shares: new Array<number>(24).fill(1 / 24), source: 'default', days: 0 }));

describe('arithmetic', () => {
  it('splits arrivals by channel shares', () => {
    const split = splitByChannel(1000, DEFAULT_STAFFING_PARAMS.channels);
    expect(split.egate).toBeCloseTo(700, 9);
    expect(split.counter).toBeCloseTo(270, 9);
    expect(split.priority).toBeCloseTo(30, 9);
  });

  it('adds shrinkage by dividing by the time on position, rounding up', () => {
    expect(withShrinkage(14, 0.3)).toBe(20); // 14 / 0.7 is 20.000000000000004 in floating point
    expect(withShrinkage(15, 0.3)).toBe(22);
    expect(withShrinkage(7, 0)).toBe(7);
    expect(withShrinkage(0, 0.3)).toBe(0);
  });

  it('staffs e-gates by banks, counters one officer each', () => {
    expect(officersOnPosition('egate', 0, DEFAULT_STAFFING_PARAMS)).toBe(0);
    expect(officersOnPosition('egate', 10, DEFAULT_STAFFING_PARAMS)).toBe(1);
    expect(officersOnPosition('egate', 11, DEFAULT_STAFFING_PARAMS)).toBe(2);
    expect(officersOnPosition('egate', 11, { egateBankSize: 6, officersPerEgateBank: 2 })).toBe(4);
    expect(officersOnPosition('counter', 11, DEFAULT_STAFFING_PARAMS)).toBe(11);
  });
});

describe('staffingPlan', () => {
  const forecasts = [
    { port_id: 'LW', direction: 'departure', date: '2025-04-01', mean: 48_000, hi80: 60_000 },
    { port_id: 'LW', direction: 'departure', date: '2025-04-02', mean: 24_000, hi80: 30_000 },
  ];
  const input = { forecasts, profiles: flat('LW', 'departure'), holidays: [] };

  it('turns the daily forecast into slot arrivals, positions and officers per channel', () => {
    const plan = staffingPlan(input);
    expect(plan.slots).toHaveLength(2 * 48 * 3 * 2); // days × slots × channels × traveller groups
    const slot = plan.slots.find((s) => s.date === '2025-04-01' && s.start === '08:30' && s.channel === 'counter' && s.group === 'visitors');
    // 48,000 a day over 48 half-hours = 1,000 a slot; 27% use counters, half of them visitors (no split known: even).
    expect(slot?.arrivals).toBeCloseTo(135, 9);
    const expected = requiredAgents({ arrivals: 135, intervalSeconds: 1800, serviceSeconds: 45 }, { waitSeconds: 1800, share: 0.95 }, 0.85);
    expect(slot?.positions).toBe(expected.positions);
    expect(slot?.officers).toBe(expected.positions);
    expect(slot?.officers_rostered).toBe(withShrinkage(expected.positions, 0.3));
    expect(slot?.shift).toBe('morning');
    const day = plan.slots.filter((s) => s.date === '2025-04-01');
    expect(day.reduce((sum, s) => sum + s.arrivals, 0)).toBeCloseTo(48_000, 6);
  });

  it('staffs for the upper 80% bound when asked', () => {
    const mean = staffingPlan(input, DEFAULT_STAFFING_PARAMS, { basis: 'mean' });
    const hi = staffingPlan(input, DEFAULT_STAFFING_PARAMS, { basis: 'hi80' });
    expect(hi.slots[0]?.forecast).toBe(60_000);
    expect(hi.slots.reduce((s, r) => s + r.positions, 0)).toBeGreaterThan(mean.slots.reduce((s, r) => s + r.positions, 0));
  });

  it('rolls up to shifts, putting the small hours into the night shift of the day before', () => {
    const plan = staffingPlan(input);
    const early = plan.slots.find((s) => s.date === '2025-04-02' && s.start === '03:00');
    expect([early?.shift, early?.shift_date]).toEqual(['night', '2025-04-01']);
    const nights = plan.shifts.filter((s) => s.shift === 'night' && s.channel === 'counter' && s.group === 'residents');
    expect(nights.map((s) => [s.shift_date, s.slots, s.complete])).toEqual([
      ['2025-03-31', 14, false], // 00:00–07:00 of the first day
      ['2025-04-01', 16, true],
      ['2025-04-02', 2, false], // 23:00–24:00 of the last day
    ]);
    const morning = plan.shifts.find((s) => s.shift_date === '2025-04-01' && s.shift === 'morning' && s.channel === 'egate' && s.group === 'visitors');
    expect(morning?.arrivals).toBeCloseTo(350 * 16, 6);
    expect(morning?.officer_hours).toBeCloseTo((morning?.officers_rostered_peak ?? NaN) * 8, 9); // flat profile: every slot alike
    const officers = plan.officers.find((o) => o.shift_date === '2025-04-01' && o.shift === 'morning');
    const parts = plan.shifts.filter((s) => s.shift_date === '2025-04-01' && s.shift === 'morning');
    const onPosition = parts.reduce((s, p) => s + p.officers_peak, 0);
    expect(officers?.officers_on_position).toBe(onPosition);
    expect(officers?.officers_rostered).toBe(Math.ceil(onPosition / 0.7 - 1e-9)); // shrinkage on the shift's total, rounded once
  });

  it('uses the holiday profile on holidays, hourly slots, minimum positions and installed capacity', () => {
    const profiles = resolveProfiles([{ port_id: 'LW', kind: 'land' }], ['departure'], []);
    const params = withStaffingDefaults({ slotMinutes: 60, channels: { counter: { minPositions: 2, maxPositions: 5 } } });
    const plan = staffingPlan({ forecasts, profiles, holidays: ['2025-04-02'] }, params);
    expect(plan.slots.filter((s) => s.channel === 'counter')).toHaveLength(48 * 2);
    expect(plan.slots.find((s) => s.date === '2025-04-02')?.day_type).toBe('holiday');
    const night = plan.slots.find((s) => s.date === '2025-04-01' && s.start === '03:00' && s.channel === 'counter');
    expect(night?.positions).toBe(2);
    expect(plan.slots.some((s) => s.channel === 'counter' && s.over_capacity)).toBe(true);
    expect(plan.shifts.find((s) => s.channel === 'counter' && s.over_capacity)).toBeDefined();
  });

  it('applies per-port overrides, direction ones last', () => {
    const params = withStaffingDefaults({
      overrides: [
        { port_id: 'LW', channel: 'counter', params: { serviceSeconds: 60 } },
        { port_id: 'LW', direction: 'departure', channel: 'counter', params: { serviceSeconds: 50 } },
      ],
    });
    expect(channelParamsFor(params, 'LW', 'departure').counter.serviceSeconds).toBe(50);
    expect(channelParamsFor(params, 'LW', 'arrival').counter.serviceSeconds).toBe(60);
    expect(channelParamsFor(params, 'SB', 'arrival').counter.serviceSeconds).toBe(45);
  });

  it('uses Erlang A when a patience is given', () => {
    const params = withStaffingDefaults({ channels: { counter: { patienceMinutes: 20 } } });
    const plan = staffingPlan(input, params);
    const slot = plan.slots.find((s) => s.channel === 'counter');
    expect(slot?.prob_abandon).toBeGreaterThanOrEqual(0);
    expect(slot?.positions).toBeLessThanOrEqual(staffingPlan(input).slots.find((s) => s.channel === 'counter')?.positions ?? 0);
  });
});

describe('parameter validation', () => {
  it('accepts the defaults', () => {
    expect(validateStaffingParams(DEFAULT_STAFFING_PARAMS)).toEqual([]);
  });

  it('names each wrong parameter', () => {
    const params = withStaffingDefaults({
      channels: { counter: { serviceSeconds: 0, targetShare: 1, shrinkage: 1 }, egate: { patienceMinutes: -5 } },
      egateBankSize: 0,
    });
    expect(validateStaffingParams(params)).toEqual([
      msg.paramOutOfRange('channels.egate.patienceMinutes', -5, 'null (no abandonment) or a number of minutes above 0'),
      msg.paramOutOfRange('channels.counter.serviceSeconds', 0, 'a number of seconds above 0'),
      msg.paramOutOfRange('channels.counter.targetShare', 1, 'a share above 0 and below 1 (no queue serves 100% within a wait)'),
      msg.paramOutOfRange('channels.counter.shrinkage', 1, 'a share from 0 up to (not including) 1'),
      msg.paramOutOfRange('egateBankSize', 0, 'a whole number of gates, at least 1'),
    ]);
    expect(() => staffingPlan({ forecasts: [], profiles: [], holidays: [] }, params)).toThrow(msg.invalidStaffingParams(validateStaffingParams(params)));
  });

  it('checks that channel shares add up to 1, also after per-port overrides', () => {
    expect(validateStaffingParams(withStaffingDefaults({ channels: { egate: { share: 0.5 } } }))).toEqual([msg.channelSharesDoNotSum('all ports', 0.8)]);
    const params = withStaffingDefaults({ overrides: [{ port_id: 'LW', direction: 'arrival', channel: 'egate', params: { share: 0.8 } }] });
    expect(validateStaffingParams(params)).toEqual([msg.channelSharesDoNotSum('LW arrival', 1.1)]);
  });

  it('checks that the shifts start on slot boundaries and cover each hour at most once', () => {
    // Hours no shift covers are the port's closed hours; the plan refuses them if the port is open then (shifts.test.ts).
    const gap = withStaffingDefaults({ shifts: [{ name: 'day', start: '07:00', hours: 12 }, { name: 'night', start: '20:00', hours: 11 }] });
    expect(validateStaffingParams(gap)).toEqual([]);
    const overlap = withStaffingDefaults({ shifts: [{ name: 'day', start: '07:00', hours: 12 }, { name: 'night', start: '18:00', hours: 13 }] });
    expect(validateStaffingParams(overlap)).toEqual([msg.shiftsDoNotTile('18:00 is covered by more than one shift')]);
    const odd = withStaffingDefaults({ shifts: [{ name: 'day', start: '07:15', hours: 24 }] });
    expect(validateStaffingParams(odd)).toEqual([msg.shiftsDoNotTile('shift "day" starts at 07:15, not on a 30-minute slot boundary')]);
    const twelve = withStaffingDefaults({ shifts: [{ name: 'day', start: '08:00', hours: 12 }, { name: 'night', start: '20:00', hours: 12 }] });
    expect(validateStaffingParams(twelve)).toEqual([]);
  });
});

describe('loadStaffingPlan on a database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    await run(db, `insert into ports (port_id, name, kind, region) values ('LW', 'Lo Wu', 'land', 'HK')`);
    // Two weeks of hourly departures peaking at 09:00: the learned profile should be used.
    await run(db, `insert into crossings select 'LW', d::date, h, 'departure', 'total', case when h = 9 then 1000 else 100 end, 'hour', 1
                     from range(date '2025-03-01', date '2025-03-15', interval 1 day) t(d), range(0, 24) u(h)`);
    await run(db, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95) select 3, 'LW', dir, 'total', d::date, 'ets', 40000, 30000, 50000, null, null
                     from range(date '2025-04-01', date '2025-04-03', interval 1 day) t(d), (values ('arrival'), ('departure')) v(dir)`);
    await run(db, `insert into staffing_params values ('LW', 'departure', 'counter', 55, 0.27, 30, 0.95, 0.25)`);
  });
  afterAll(async () => closeDatabase(db));

  it('plans from the latest forecasts with learned profiles and stored parameters', async () => {
    const plan = await loadStaffingPlan(db, { port: 'LW', from: '2025-04-01', to: '2025-04-02', basis: 'hi80' });
    expect(plan.coverage).toMatchObject({ from: '2025-04-01', to: '2025-04-02', partial: false, note: null });
    expect(plan.runId).toBe(3);
    expect(plan.slots).toHaveLength(2 * 2 * 48 * 3 * 2);
    const dep = plan.profiles.find((p) => p.direction === 'departure' && p.day_type === 'normal');
    expect(dep?.source).toBe('learned');
    expect(plan.profiles.find((p) => p.direction === 'arrival')?.source).toBe('default');
    expect(channelParamsFor(plan.params, 'LW', 'departure').counter.serviceSeconds).toBe(55);
    const nine = plan.slots.find((s) => s.direction === 'departure' && s.start === '09:00' && s.channel === 'counter' && s.group === 'visitors');
    expect(nine?.arrivals).toBeCloseTo((50_000 * 1000) / 3300 / 2 * 0.27 * 0.5, 6);
  });

  it('says when there is nothing to plan', async () => {
    await expect(loadStaffingPlan(db, { port: 'NOWHERE', from: '2026-01-01', to: '2026-01-31' })).rejects.toThrow(
      msg.portNotForecast('NOWHERE', 3),
    );
  });

  it('refuses a range past the forecast with where it ends and the horizon that reaches the last day', async () => {
    await expect(loadStaffingPlan(db, { port: 'LW', from: '2025-04-01', to: '2025-04-30' })).rejects.toThrow(
      msg.rangeBeyondForecast('Lo Wu', '2025-04-01', '2025-04-30', '2025-04-01', '2025-04-02', 3, 30),
    );
    expect(msg.rangeBeyondForecast('LW', '2025-04-01', '2025-04-30', '2025-04-01', '2025-04-02', 3, 30)).toContain('crossings forecast --horizon 30');
    // Wholly outside the forecast: nothing to plan, even in part.
    await expect(loadStaffingPlan(db, { port: 'LW', from: '2026-01-01', to: '2026-01-31', partial: true })).rejects.toThrow('ends on 2025-04-02');
  });

  it('plans the covered part with partial, and says what it covers', async () => {
    const plan = await loadStaffingPlan(db, { port: 'LW', from: '2025-03-30', to: '2025-04-30', partial: true });
    expect(plan.coverage).toMatchObject({ requested_from: '2025-03-30', requested_to: '2025-04-30', from: '2025-04-01', to: '2025-04-02', partial: true });
    expect(plan.coverage.note).toBe(msg.partialCoverage('2025-04-01', '2025-04-02', '2025-03-30', '2025-04-30', '2025-04-01', '2025-04-02'));
    expect(new Set(plan.slots.map((s) => s.date))).toEqual(new Set(['2025-04-01', '2025-04-02']));
  });
});

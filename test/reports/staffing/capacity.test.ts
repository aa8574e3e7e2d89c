/**
 * Capacity per control point and channel, and targets by traveller group (issue 17, items 2 and 3), on a real
 * DuckDB file: the HK sample with a forecast over Lunar New Year 2026.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/index.js';
import { all, closeDatabase, openDatabase, type Database } from '../../../src/store/db.js';
import { resolveProfiles } from '../../../src/reports/profiles.js';
import { allotCapacity, DEFAULT_CAPACITY, loadPortCapacity, setPortCapacity } from '../../../src/reports/staffing/capacity.js';
import { erlangAMetrics } from '../../../src/reports/staffing/erlang.js';
import { loadStaffingPlan } from '../../../src/reports/staffing/load.js';
import { staffingPlan, type StaffingShift, type StaffingSlot } from '../../../src/reports/staffing/plan.js';
import { DEFAULT_GROUP_TARGETS } from '../../../src/reports/staffing/targets.js';
import { linesSummary } from '../../../src/reports/export/model.js';
import { tempDir } from '../../helpers/files.js';
import { buildReportDb, FROM, TO } from '../export/fixture.js';

const dir = tempDir();
let path: string;
let db: Database;
beforeAll(async () => {
  path = await buildReportDb(dir);
  db = await openDatabase(path, { readOnly: true });
});
afterAll(async () => db && closeDatabase(db));

/** Positions open per slot and channel, both groups' lines together. */
function channelTotals(slots: readonly StaffingSlot[]): Map<string, { positions: number; capacity: number | null }> {
  const out = new Map<string, { positions: number; capacity: number | null }>();
  for (const s of slots) {
    const key = `${s.port_id}|${s.direction}|${s.date}|${s.slot}|${s.channel}`;
    const e = out.get(key) ?? { positions: 0, capacity: s.capacity };
    e.positions += s.positions;
    out.set(key, e);
  }
  return out;
}

/** Positions per shift and channel as every report shows them: both groups' rows of the channel added. */
function shiftTotals(shifts: readonly StaffingShift[], field: 'positions_peak' | 'shortfall_peak'): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of shifts) {
    const key = `${s.direction}|${s.shift_date}|${s.shift}|${s.channel}`;
    out.set(key, (out.get(key) ?? 0) + s[field]);
  }
  return out;
}

describe('allotCapacity', () => {
  it('gives every line its need when it fits, else a stable queue each and the rest by load, never above a need', () => {
    expect(allotCapacity([30, 10], [24, 8], null)).toEqual([30, 10]);
    expect(allotCapacity([30, 10], [24, 8], 45)).toEqual([30, 10]);
    expect(allotCapacity([30, 10], [24, 8], 20)).toEqual([15, 5]);
    // The second line needs little: it gets its need, and the first the rest.
    expect(allotCapacity([30, 2], [24, 8], 20)).toEqual([18, 2]);
    expect(allotCapacity([3, 3, 3], [1, 1, 1], 4).reduce((a, b) => a + b, 0)).toBe(4);
    expect(allotCapacity([5, 5], [1, 1], 0)).toEqual([0, 0]);
    // A small line is kept stable (one position above its load) before the big one gets the rest.
    expect(allotCapacity([12, 3], [10, 1.2], 13)).toEqual([11, 2]);
  });
});

describe('bundled capacity', () => {
  it('names the source of every figure, and says which are estimates and how they were made', () => {
    expect(DEFAULT_CAPACITY.length).toBeGreaterThan(0);
    for (const r of DEFAULT_CAPACITY) {
      if (r.estimate) expect(r.source, `${r.port_id} ${r.direction} ${r.channel}`).toContain('crossings capacity estimate');
      else expect(r.source, `${r.port_id} ${r.direction} ${r.channel}`).toMatch(/https?:\/\//);
    }
    const lowu = DEFAULT_CAPACITY.find((r) => r.port_id === 'hk-lo-wu' && r.direction === 'arrival' && r.channel === 'counter');
    expect(lowu).toMatchObject({ positions: 70, estimate: false });
  });
});

describe('a plan never rosters more positions than the port has', () => {
  it.each(['mean', 'hi80'] as const)('at every port with a forecast, in every slot and shift (basis %s)', async (basis) => {
    const ports = (await all(db, `select distinct port_id from forecasts order by 1`)).map((r) => String(r['port_id']));
    expect(ports.length).toBeGreaterThan(1);
    let short = 0;
    for (const port of ports) {
      const plan = await loadStaffingPlan(db, { port, from: FROM, to: TO, basis });
      const capacity = await loadPortCapacity(db, port);
      expect(capacity.length, port).toBe(6);
      for (const [key, t] of channelTotals(plan.slots)) {
        expect(t.capacity, key).not.toBeNull();
        expect(t.positions, key).toBeLessThanOrEqual(t.capacity!);
      }
      const limit = new Map(capacity.map((r) => [`${r.direction}|${r.channel}`, r.positions]));
      for (const [key, positions] of shiftTotals(plan.shifts, 'positions_peak')) {
        const [direction, , , channel] = key.split('|');
        expect(positions, `${port} ${key}`).toBeLessThanOrEqual(limit.get(`${direction}|${channel}`)!);
      }
      short += plan.shifts.filter((s) => s.shortfall_peak > 0).length;
    }
    // The Lunar New Year floods at hi80 go beyond what the history needed: the plan says so.
    if (basis === 'hi80') expect(short).toBeGreaterThan(0);
  });
});

describe('capacity set low', () => {
  it('opens the capacity, reports the shortfall, and the wait and share served at that capacity (unstable said so)', async () => {
    const copy = `${dir}/low.duckdb`;
    copyFileSync(path, copy);
    const w = await openDatabase(copy);
    try {
      await setPortCapacity(w, [{ port_id: 'hk-lo-wu', direction: 'both', channel: 'counter', positions: 6, source: 'test', estimate: false }]);
      const plan = await loadStaffingPlan(w, { port: 'hk-lo-wu', from: '2026-02-14', to: '2026-02-14', direction: 'departure', basis: 'hi80' });
      expect(plan.capacity.find((r) => r.direction === 'departure' && r.channel === 'counter')).toMatchObject({ positions: 6, source: 'test' });
      const counters = plan.slots.filter((s) => s.channel === 'counter');
      const busy = counters.filter((s) => s.shortfall > 0);
      expect(busy.length).toBeGreaterThan(0);
      for (const s of busy) {
        expect(s.positions + s.shortfall).toBe(s.positions_needed);
        expect(s.over_capacity).toBe(true);
        // Too few counters for two lines: one line for both groups, its positions on the first group's row.
        const line = s.shared_line ? counters.filter((x) => x.date === s.date && x.slot === s.slot) : [s];
        const arrivals = line.reduce((n, x) => n + x.arrivals, 0);
        const m = erlangAMetrics(s.positions, { arrivals, intervalSeconds: 1800, serviceSeconds: 45 }, s.target_wait_minutes * 60);
        expect(s.unstable).toBe(m.meanWaitSeconds === Infinity);
        if (!s.unstable) {
          expect(s.service_level).toBeCloseTo(m.serviceLevel, 9);
          expect(s.mean_wait_seconds).toBeCloseTo(m.meanWaitSeconds, 6);
        }
      }
      // Six counters for a departure flood: the queues cannot keep up, and the plan does not pretend to a wait.
      expect(busy.some((s) => s.unstable && s.service_level === 0)).toBe(true);
      expect(JSON.parse(JSON.stringify(busy.find((s) => s.unstable)))['mean_wait_seconds']).toBeNull();
      for (const [key, t] of channelTotals(counters)) expect(t.positions, key).toBeLessThanOrEqual(6);
    } finally {
      await closeDatabase(w);
    }
  });
});

describe('targets by traveller group', () => {
  const forecasts = [{ port_id: 'hk-lo-wu', direction: 'arrival', date: '2026-03-03', mean: 60_000, hi80: 70_000 }];
  const profiles = (port: string) => resolveProfiles([{ port_id: port, kind: 'land' }], ['arrival'], []);

  it('sizes residents\' lines for 15 minutes / 98% and visitors\' for 30 minutes / 95%, from the pledge', () => {
    expect(DEFAULT_GROUP_TARGETS.residents).toMatchObject({ targetWaitMinutes: 15, targetShare: 0.98 });
    expect(DEFAULT_GROUP_TARGETS.visitors).toMatchObject({ targetWaitMinutes: 30, targetShare: 0.95 });
    expect(DEFAULT_GROUP_TARGETS.residents.source).toContain('immd.gov.hk');
    const plan = staffingPlan({ forecasts, profiles: profiles('hk-lo-wu'), holidays: [], residentShares: new Map([['hk-lo-wu\u0000arrival', 0.6]]) });
    const busy = plan.slots.filter((s) => s.start === '18:00' && s.channel === 'counter');
    const residents = busy.find((s) => s.group === 'residents')!;
    const visitors = busy.find((s) => s.group === 'visitors')!;
    expect(residents.shared_line || visitors.shared_line).toBe(false);
    expect([residents.target_wait_minutes, residents.target_share]).toEqual([15, 0.98]);
    expect([visitors.target_wait_minutes, visitors.target_share]).toEqual([30, 0.95]);
    expect(residents.arrivals / (residents.arrivals + visitors.arrivals)).toBeCloseTo(0.6, 9);
    expect(residents.service_level).toBeGreaterThanOrEqual(0.98);
    expect(visitors.service_level).toBeGreaterThanOrEqual(0.95);
    // The priority lane keeps its own, stricter wait for visitors too.
    expect(plan.slots.find((s) => s.channel === 'priority' && s.group === 'visitors')?.target_wait_minutes).toBe(15);
  });

  it('a shift row counts its shared half-hours and states the group\'s own target, as the PDF line says', () => {
    const plan = staffingPlan({ forecasts, profiles: profiles('hk-lo-wu'), holidays: [], residentShares: new Map([['hk-lo-wu\u0000arrival', 0.6]]) });
    for (const row of plan.shifts) {
      const slots = plan.slots.filter((s) => s.shift === row.shift && s.shift_date === row.shift_date && s.channel === row.channel && s.group === row.group);
      expect(row.shared_slots).toBe(slots.filter((s) => s.shared_line).length);
      const own = slots.find((s) => !s.shared_line);
      if (own) expect([row.target_wait_minutes, row.target_share]).toEqual([own.target_wait_minutes, own.target_share]);
    }
    const visitorsCounter = plan.shifts.filter((s) => s.group === 'visitors' && s.channel === 'counter' && s.shared_slots < s.slots);
    expect(visitorsCounter.length).toBeGreaterThan(0);
    expect(visitorsCounter.every((s) => s.target_wait_minutes === 30)).toBe(true);
    const shared = plan.shifts.some((s) => s.shared_slots > 0);
    expect(linesSummary(plan)).toContain(shared ? 'one line held to the stricter target' : 'their own lines');
  });

  it('holds the Airport\'s visitors to 15 minutes', () => {
    const plan = staffingPlan({ forecasts: forecasts.map((f) => ({ ...f, port_id: 'hk-airport' })), profiles: profiles('hk-airport'), holidays: [] });
    expect(plan.slots.filter((s) => s.group === 'visitors' && s.channel === 'counter' && !s.shared_line).every((s) => s.target_wait_minutes === 15)).toBe(true);
  });

  it('opens one counter for a port that sees a few travellers an hour, not one per channel and group', () => {
    const quiet = staffingPlan({ forecasts: [{ port_id: 'hk-harbour-control', direction: 'arrival', date: '2026-03-03', mean: 120 }], profiles: profiles('hk-harbour-control'), holidays: [] });
    for (const shift of ['morning', 'afternoon']) {
      const rows = quiet.shifts.filter((s) => s.shift === shift && s.shift_date === '2026-03-03');
      expect(rows.reduce((n, s) => n + s.positions_peak, 0), shift).toBe(1);
      expect(rows.filter((s) => s.positions_peak > 0).map((s) => s.channel)).toEqual(['counter']);
    }
  });

  it('reads the residents\' share from the forecast of Hong Kong residents on a real file', async () => {
    const plan = await loadStaffingPlan(db, { port: 'hk-lo-wu', from: FROM, to: FROM, direction: 'departure' });
    // The fixture forecasts only totals: the share comes from the last 8 weeks of history.
    expect(plan.residentShareSource).toBe('history');
    const [r] = await all(db, `select sum(count) filter (where category = 'hk_residents') / sum(count) filter (where category = 'total') as share
      from crossings where port_id = 'hk-lo-wu' and direction = 'departure' and date > (select max(date) from crossings where port_id = 'hk-lo-wu') - interval 56 day`);
    const slot = plan.slots.filter((s) => s.start === '10:00' && s.channel === 'egate');
    const total = slot.reduce((n, s) => n + s.arrivals, 0);
    expect(slot.find((s) => s.group === 'residents')!.arrivals / total).toBeCloseTo(Number(r!['share']), 9);
  });
});

describe('crossings capacity and targets commands', () => {
  it('sets, imports and lists capacity and group targets, and plans with them', async () => {
    const copy = `${dir}/cli.duckdb`;
    copyFileSync(path, copy);
    const out: string[] = [];
    const cli = (...args: string[]) => main(['node', 'crossings', ...args], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(await cli('capacity', 'set', 'Lo Wu', '--db', copy, '--channel', 'counter', '--positions', '12', '--source', 'site survey')).toBe(0);
    writeFileSync(`${dir}/cap.csv`, 'port,direction,channel,positions,source\nShenzhen Bay,arrival,egate,20,test list\n');
    expect(await cli('capacity', 'import', '--db', copy, `${dir}/cap.csv`)).toBe(0);
    writeFileSync(`${dir}/badcap.csv`, 'port,direction,channel,positions\nhk-lo-wu,arrival,kiosk,3\n');
    expect(await cli('capacity', 'import', '--db', copy, `${dir}/badcap.csv`)).not.toBe(0);
    expect(out.join('\n')).toContain('badcap.csv line 2');
    expect(await cli('targets', 'set', 'Lo Wu', '--db', copy, '--group', 'visitors', '--wait', '20', '--share', '0.9')).toBe(0);
    expect(await cli('targets', 'set', 'Lo Wu', '--db', copy, '--group', 'crew', '--wait', '20', '--share', '0.9')).not.toBe(0);
    out.length = 0;
    expect(await cli('capacity', 'list', 'hk-lo-wu', '--db', copy)).toBe(0);
    expect(await cli('targets', 'list', 'hk-lo-wu', '--db', copy)).toBe(0);
    const listing = out.join('\n');
    expect(listing).toMatch(/arrival\s+counter\s+12\s+site survey/);
    expect(listing).toMatch(/departure\s+counter\s+12\s+site survey/);
    expect(listing).toMatch(/arrival\s+egate\s+\d+\s+estimate: /);
    expect(listing).toMatch(/residents\s+98% within 15 min\s+Immigration Department performance pledge/);
    expect(listing).toMatch(/visitors\s+90% within 20 min\s+crossings targets set/);
    const w = await openDatabase(copy, { readOnly: true });
    try {
      const plan = await loadStaffingPlan(w, { port: 'hk-lo-wu', from: '2026-02-14', to: '2026-02-14', direction: 'departure' });
      expect(plan.targets.visitors).toMatchObject({ targetWaitMinutes: 20, targetShare: 0.9, source: 'crossings targets set' });
      expect(Math.max(...[...channelTotals(plan.slots.filter((s) => s.channel === 'counter')).values()].map((t) => t.positions))).toBe(12);
      expect((await loadPortCapacity(w, 'hk-shenzhen-bay')).find((r) => r.direction === 'arrival' && r.channel === 'egate')?.positions).toBe(20);
    } finally {
      await closeDatabase(w);
    }
  });
});


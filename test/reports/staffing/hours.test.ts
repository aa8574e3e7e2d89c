import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, run, type Database } from '../../../src/store/db.js';
import { staffingMessages as msg } from '../../../src/messages.js';
import { DEFAULT_HOURS, checkRule, loadPortHours, maskShares, openFractions, openInterval } from '../../../src/reports/staffing/hours.js';
import { loadStaffingPlan } from '../../../src/reports/staffing/load.js';
import { tempDir } from '../../helpers/files.js';
import { buildReportDb, FROM, TO } from '../export/fixture.js';

const dir = tempDir();

describe('opening hours', () => {
  it('bundles the known HK hours, each with a source or a note saying it is unknown', () => {
    expect(openInterval(DEFAULT_HOURS.get('hk-lo-wu')!.usual)).toEqual([390, 1440]);
    expect(openInterval(DEFAULT_HOURS.get('hk-lok-ma-chau')!.usual)).toEqual([0, 1440]);
    expect(openInterval(DEFAULT_HOURS.get('hk-shenzhen-bay')!.usual)).toEqual([390, 1440]);
    for (const [id, h] of DEFAULT_HOURS) {
      expect(h.usual.source !== 'unknown' || (h.usual.note ?? '').startsWith('Unknown'), id).toBe(true);
      for (const [date, r] of h.exceptions) expect(r.source, `${id} ${date}`).toMatch(/^https?:|immd|press release/i);
    }
  });

  it('gives each slot its open share: closed before 06:30, half open 06:00-07:00 in hours', () => {
    const lowu = DEFAULT_HOURS.get('hk-lo-wu')!;
    const half = openFractions(lowu, '2026-01-05', 30);
    expect(half.slice(0, 13)).toEqual(new Array(13).fill(0));
    expect(half.slice(13)).toEqual(new Array(35).fill(1));
    expect(openFractions(lowu, '2026-01-05', 60).slice(5, 8)).toEqual([0, 0.5, 1]);
    expect(openFractions(undefined, '2026-01-05', 60)).toEqual(new Array(24).fill(1));
  });

  it('applies dated exceptions, including hours that run past midnight into the next day', () => {
    const lowu = DEFAULT_HOURS.get('hk-lo-wu')!;
    // Lunar New Year 2024: Lo Wu open until 02:00 after 9 February; the 10th opens its small hours to that traffic.
    const tenth = openFractions(lowu, '2024-02-10', 60);
    expect(tenth.slice(0, 7)).toEqual([1, 1, 0, 0, 0, 0, 0.5]);
    expect(openFractions(lowu, '2024-02-09', 60).slice(0, 2)).toEqual([0, 0]);
    expect(openFractions(DEFAULT_HOURS.get('hk-shenzhen-bay')!, '2024-02-11', 30)).toEqual(new Array(48).fill(1));
    expect(() => checkRule('test', { opens: '6:30', closes: '24:00' })).toThrow(msg.badHours('test', '6:30', '24:00'));
  });

  it('spreads a day over its open slots only, keeping its total', () => {
    const shares = maskShares([0.25, 0.25, 0.25, 0.25], [0, 0.5, 1, 1]);
    expect(shares[0]).toBe(0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(maskShares([1, 0, 0, 0], [0, 1, 1, 0])).toEqual([0, 0.5, 0.5, 0]);
    expect(maskShares([1, 1], [0, 0])).toEqual([0, 0]);
  });
});

describe('staffing plans on the sample database respect the hours', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(await buildReportDb(dir), { readOnly: true });
  });
  afterAll(async () => db && closeDatabase(db));

  it.each(['mean', 'hi80'] as const)('no Lo Wu slot between 00:00 and 06:30 has arrivals or officers (basis %s)', async (basis) => {
    const plan = await loadStaffingPlan(db, { port: 'hk-lo-wu', from: FROM, to: TO, basis });
    const night = plan.slots.filter((s) => s.start < '06:30');
    expect(night.length).toBe(28 * 2 * 13 * 3 * 2); // days × directions × slots × channels × traveller groups
    expect(night.filter((s) => s.arrivals > 0 || s.positions > 0 || s.officers > 0 || s.officers_rostered > 0 || s.open)).toEqual([]);
    // The day's forecast is all there, spread over the open hours.
    const day = plan.slots.filter((s) => s.date === '2026-02-10' && s.direction === 'arrival');
    expect(day.reduce((a, s) => a + s.arrivals, 0)).toBeCloseTo(day[0]!.forecast, 6);
    expect(plan.slots.filter((s) => s.start >= '06:30').every((s) => s.open)).toBe(true);
  });

  it('leaves a 24-hour port open at night (Lok Ma Chau has travellers at 03:00)', async () => {
    const rw = await openDatabase(':memory:');
    try {
      await run(rw, `insert into ports (port_id, name, kind, region) values ('hk-lok-ma-chau', 'Lok Ma Chau', 'land', 'HK')`);
      await run(rw, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95) select 1, 'hk-lok-ma-chau', 'arrival', 'total', date '2026-01-05', 'ets', 40000, 30000, 50000, null, null`);
      const plan = await loadStaffingPlan(rw, { port: 'hk-lok-ma-chau', from: '2026-01-05', to: '2026-01-05' });
      expect(plan.slots.filter((s) => s.start === '03:00').every((s) => s.open && s.arrivals > 0)).toBe(true);
      // Stored hours win over the bundled ones.
      await run(rw, `insert into port_hours values ('hk-lok-ma-chau', null, '07:00', '22:00', 'test')`);
      expect((await loadPortHours(rw, ['hk-lok-ma-chau']))[0]!.usual).toMatchObject({ opens: '07:00', closes: '22:00', source: 'test' });
      const closed = await loadStaffingPlan(rw, { port: 'hk-lok-ma-chau', from: '2026-01-05', to: '2026-01-05' });
      expect(closed.slots.filter((s) => s.start < '07:00' || s.start >= '22:00').every((s) => !s.open && s.arrivals === 0 && s.officers === 0)).toBe(true);
    } finally {
      await closeDatabase(rw);
    }
  });
});

describe('crossings hours list, set and import', () => {
  it('sets usual hours and dated exceptions, imports a CSV, lists them with sources, and plans with them', async () => {
    const { main } = await import('../../../src/cli/index.js');
    const { writeFileSync } = await import('node:fs');
    const path = `${dir}/hours.duckdb`;
    const seed = await openDatabase(path);
    await run(seed, `insert into ports (port_id, name, kind, region) values ('hk-lo-wu', 'Lo Wu', 'land', 'HK') on conflict do nothing`);
    await run(seed, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95) select 1, 'hk-lo-wu', 'arrival', 'total', d::date, 'ets', 40000, 30000, 50000, null, null
                       from range(date '2026-02-16', date '2026-02-19', interval 1 day) t(d)`);
    await closeDatabase(seed);
    const out: string[] = [];
    const cli = (...args: string[]) => main(['node', 'crossings', ...args], { out: (t) => out.push(t), err: (t) => out.push(t) });

    expect(await cli('hours', 'set', '--db', path, '--port', 'Lo Wu', '--date', '2026-02-17', '--opens', '06:30', '--closes', '02:00', '--source', 'test notice')).toBe(0);
    const csv = `${dir}/hours.csv`;
    writeFileSync(csv, '\uFEFFport,from,to,opens,closes,source\nhk-lo-wu,2026-02-18,2026-02-18,00:00,24:00,press release test\n');
    expect(await cli('hours', 'import', '--db', path, csv)).toBe(0);
    writeFileSync(`${dir}/bad.csv`, 'port,opens,closes\nhk-lo-wu,6.30,24:00\n');
    expect(await cli('hours', 'import', '--db', path, `${dir}/bad.csv`)).not.toBe(0);
    expect(out.join('\n')).toContain('bad.csv line 2');
    out.length = 0;
    expect(await cli('hours', 'list', '--db', path, '--port', 'hk-lo-wu', '--from', '2026-01-01')).toBe(0);
    const listing = out.join('\n');
    expect(listing).toMatch(/usual\s+06:30–24:00\s+Immigration Department press release/);
    expect(listing).toMatch(/2026-02-17\s+06:30–02:00 \(next day\)\s+test notice/);
    expect(listing).toMatch(/2026-02-18\s+24 h\s+press release test/);

    const db2 = await openDatabase(path, { readOnly: true });
    try {
      const plan = await loadStaffingPlan(db2, { port: 'hk-lo-wu', from: '2026-02-16', to: '2026-02-18', direction: 'arrival' });
      const at = (date: string, start: string) => plan.slots.find((s) => s.date === date && s.start === start && s.channel === 'counter')!;
      expect(at('2026-02-16', '01:00').open).toBe(false);
      expect(at('2026-02-18', '01:00').open).toBe(true); // the 17th runs to 02:00, and the 18th is open all day
      expect(at('2026-02-18', '04:00').open).toBe(true);
    } finally {
      await closeDatabase(db2);
    }
  });
});

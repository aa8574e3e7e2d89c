import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, run, type Database } from '../../../src/store/db.js';
import { staffingMessages as msg } from '../../../src/messages.js';
import { addDays } from '../../../src/isoDays.js';
import { staffingCsv } from '../../../src/reports/export/csv.js';
import { loadPortInfo } from '../../../src/reports/export/build.js';
import { shiftLines, type StaffingReportData } from '../../../src/reports/export/model.js';
import { staffingXlsx } from '../../../src/reports/export/xlsx.js';
import { loadCalendar, loadForecastDays } from '../../../src/reports/forecastDays.js';
import { loadPeaks } from '../../../src/reports/peaks.js';
import { loadStaffingPlan, type LoadedStaffingPlan } from '../../../src/reports/staffing/load.js';
import { DEFAULT_STAFFING_PARAMS, parseClock } from '../../../src/reports/staffing/params.js';
import { staffingPlan } from '../../../src/reports/staffing/plan.js';
import { defaultShifts, loadShiftTemplate, parseShiftSpec, setShiftTemplate, shiftTimes } from '../../../src/reports/staffing/shifts.js';
import type { HourlyProfile } from '../../../src/reports/profiles.js';
import { tempDir } from '../../helpers/files.js';
import { buildReportDb, FROM } from '../export/fixture.js';

const dir = tempDir();
const FOUR_BY_SIX = parseShiftSpec('a=00:00-06:00,b=06:00-12:00,c=12:00-18:00,d=18:00-24:00');

/** Minutes of every slot a shift covers, from its template's parts (a night past midnight wraps). */
function minutesOf(plan: Pick<LoadedStaffingPlan, 'params'>, shift: string): number[] {
  return plan.params.shifts.filter((s) => s.name === shift).flatMap((s) => {
    const start = parseClock(s.start)!;
    return Array.from({ length: (s.hours * 60) / plan.params.slotMinutes }, (_, i) => (start + i * plan.params.slotMinutes) % 1440);
  });
}

describe('shift templates', () => {
  it('fit a port\'s default to its opening hours: 3 × 8 h when open 24 hours, the open hours split in two otherwise', () => {
    expect(shiftTimes(defaultShifts(undefined, 30).shifts).map((s) => s.times)).toEqual(['07:00–15:00', '15:00–23:00', '23:00–07:00']);
    const lowu = defaultShifts({ opens: '06:30', closes: '24:00' }, 30);
    expect(shiftTimes(lowu.shifts).map((s) => `${s.name} ${s.times} ${s.hours}`)).toEqual(['early 06:30–15:00 8.5', 'late 15:00–24:00 9', 'night 00:00–06:30 6.5']);
    expect(shiftTimes(defaultShifts({ opens: '07:00', closes: '22:00' }, 30).shifts).map((s) => s.times)).toEqual(['07:00–14:30', '14:30–22:00', '22:00–07:00']);
    // Hourly slots: the half-open 06:00 slot is open, so the early shift starts with it.
    expect(shiftTimes(defaultShifts({ opens: '06:30', closes: '24:00' }, 60).shifts).map((s) => s.times)).toEqual(['06:00–15:00', '15:00–24:00', '00:00–06:00']);
    expect(shiftTimes(defaultShifts({ opens: '09:00', closes: '17:00' }, 30).shifts).map((s) => s.name)).toEqual(['day', 'night']);
  });

  it('read from text, a name given twice being a split shift', () => {
    expect(parseShiftSpec('early=06:30-15:00, late=15:00-24:00')).toEqual([{ name: 'early', start: '06:30', hours: 8.5 }, { name: 'late', start: '15:00', hours: 9 }]);
    expect(parseShiftSpec('22:00-06:00')).toEqual([{ name: 'shift 1', start: '22:00', hours: 8 }]);
    expect(() => parseShiftSpec('early=6:30-15:00')).toThrow(msg.badShiftSpec('early=6:30-15:00', 'expected name=HH:MM-HH:MM'));
    const split = parseShiftSpec('night=23:00-07:00,peak=07:00-11:00,day=11:00-17:00,peak=17:00-21:00,evening=21:00-23:00');
    expect(shiftTimes(split).find((s) => s.name === 'peak')).toMatchObject({ times: '07:00–11:00 + 17:00–21:00', hours: 8 });
  });

  it('roll a split shift up as one shift and refuse an open slot no shift covers', () => {
    const profiles: HourlyProfile[] = (['normal', 'holiday'] as const).map((day_type) => ({ port_id: 'LW', direction: 'arrival', day_type, shares: new Array<number>(24).fill(1 / 24), source: 'default', days: 0 }));
    const forecasts = [{ port_id: 'LW', direction: 'arrival', date: '2025-04-01', mean: 48_000 }];
    const split = parseShiftSpec('night=23:00-07:00,peak=07:00-11:00,day=11:00-17:00,peak=17:00-21:00,evening=21:00-23:00');
    const plan = staffingPlan({ forecasts, profiles, holidays: [] }, { ...DEFAULT_STAFFING_PARAMS, shifts: split });
    const peak = plan.shifts.filter((s) => s.shift === 'peak' && s.shift_date === '2025-04-01');
    expect(peak.every((s) => s.slots === 16 && s.complete && s.shift_times === '07:00–11:00 + 17:00–21:00')).toBe(true);
    const gap = parseShiftSpec('day=07:00-23:00');
    expect(() => staffingPlan({ forecasts, profiles, holidays: [] }, { ...DEFAULT_STAFFING_PARAMS, shifts: gap })).toThrow(msg.openWithoutShift('LW', '2025-04-01', '00:00'));
  });
});

describe('shift templates on the sample database', () => {
  let path: string;
  let db: Database;
  beforeAll(async () => {
    path = await buildReportDb(dir);
    db = await openDatabase(path);
  });
  afterAll(async () => db && closeDatabase(db));
  const TO = addDays(FROM, 13);

  it('Lo Wu by default: early 06:30–15:00 and late 15:00–24:00, no shift or slot with officers outside 06:30–24:00', async () => {
    const plan = await loadStaffingPlan(db, { port: 'hk-lo-wu', from: FROM, to: TO });
    expect(plan.shiftTemplate.shifts.map((s) => `${s.name} ${s.times}`)).toEqual(['early 06:30–15:00', 'late 15:00–24:00', 'night 00:00–06:30']);
    expect(plan.shiftTemplate.source).toMatch(/^default for opening hours 06:30–24:00/);
    // The night is closed every day of the range (no holiday night), so nobody is rostered for it.
    expect(new Set(plan.officers.map((o) => o.shift))).toEqual(new Set(['early', 'late']));
    expect(plan.officers).toHaveLength(14 * 2);
    for (const s of plan.shifts) {
      expect(minutesOf(plan, s.shift).every((m) => m >= 390), `${s.shift_date} ${s.shift}`).toBe(true);
    }
    expect(plan.slots.filter((s) => parseClock(s.start)! < 390 && (s.positions > 0 || s.officers > 0 || s.officers_rostered > 0))).toEqual([]);
    // With its hours extended past midnight on one day, the night of the next is rostered for the open part only.
    await run(db, `insert into port_hours values ('hk-lo-wu', date '2026-02-05', '06:30', '02:00', 'test')`);
    try {
      const late = await loadStaffingPlan(db, { port: 'hk-lo-wu', from: FROM, to: TO });
      const nights = late.officers.filter((o) => o.shift === 'night');
      expect(nights.map((o) => [o.shift_date, o.shift_times])).toEqual([['2026-02-06', '00:00–06:30']]);
      expect(nights[0]!.officers_rostered).toBeGreaterThan(0);
      const night = late.slots.filter((s) => s.shift === 'night' && s.positions > 0);
      expect(night.every((s) => s.date === '2026-02-06' && s.start < '02:00')).toBe(true);
    } finally {
      await run(db, `delete from port_hours where port_id = 'hk-lo-wu'`);
    }
  });

  it('a stored 4 × 6 h template gives 4 shifts with those times in JSON, CSV and XLSX', async () => {
    await setShiftTemplate(db, 'hk-shenzhen-bay', FOUR_BY_SIX, 'test 4 × 6 h');
    try {
      expect(await loadShiftTemplate(db, 'hk-shenzhen-bay', undefined)).toMatchObject({ stored: true, source: 'test 4 × 6 h' });
      // Shenzhen Bay opens at 06:30: a's 00:00–06:00 is closed every day and left out; b starts closed and opens at 06:30.
      await run(db, `insert into port_hours values ('hk-shenzhen-bay', null, '00:00', '24:00', 'test: 24 h')`);
      const plan = await loadStaffingPlan(db, { port: 'hk-shenzhen-bay', from: FROM, to: TO });
      const times = ['00:00–06:00', '06:00–12:00', '12:00–18:00', '18:00–24:00'];
      expect(plan.shiftTemplate.shifts.map((s) => s.times)).toEqual(times);
      expect(plan.officers.filter((o) => o.shift_date === FROM).map((o) => `${o.shift} ${o.shift_times}`)).toEqual(['a 00:00–06:00', 'b 06:00–12:00', 'c 12:00–18:00', 'd 18:00–24:00']);
      expect(plan.shifts.every((s) => s.slots === 12 && s.complete)).toBe(true);
      const data = await reportData(db, plan, 'hk-shenzhen-bay', TO);
      const csv = parse(staffingCsv(data), { columns: true, bom: true }) as Record<string, string>[];
      expect([...new Set(csv.map((r) => `${r['shift']} ${r['shift_start']} ${r['shift_end']} ${r['shift_times']}`))])
        .toEqual(['a 00:00 06:00 00:00–06:00', 'b 06:00 12:00 06:00–12:00', 'c 12:00 18:00 12:00–18:00', 'd 18:00 24:00 18:00–24:00']);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await staffingXlsx(data)) as unknown as ArrayBuffer);
      const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
      expect(header(wb.getWorksheet('Summary')!).filter((h) => h.startsWith('Officers ') && h !== 'Officers, all shifts'))
        .toEqual(['Officers a 00:00–06:00', 'Officers b 06:00–12:00', 'Officers c 12:00–18:00', 'Officers d 18:00–24:00']);
      const sheet = wb.getWorksheet('Shenzhen Bay arrival')!;
      const h = header(sheet);
      const shown = new Set<string>();
      sheet.eachRow((row, n) => {
        if (n > 1) shown.add(`${String(row.getCell(h.indexOf('Shift') + 1).value)} ${String(row.getCell(h.indexOf('Times') + 1).value)}`);
      });
      expect([...shown]).toEqual(['a 00:00–06:00', 'b 06:00–12:00', 'c 12:00–18:00', 'd 18:00–24:00']);
      const params = wb.getWorksheet('Parameters')!;
      let shifts = '';
      params.eachRow((row) => {
        if (row.getCell(1).value === 'Shifts') shifts = String(row.getCell(2).value);
      });
      expect(shifts).toBe('a 00:00–06:00 (6 h), b 06:00–12:00 (6 h), c 12:00–18:00 (6 h), d 18:00–24:00 (6 h) (test 4 × 6 h)');
      // The Half-hours sheet: one row per open slot and the positions of each channel, as the plan's slots hold them.
      const half = wb.getWorksheet('Half-hours')!;
      const hh = header(half);
      expect(half.rowCount - 1).toBe(14 * 48);
      const row = half.getRow(2 + 20); // 10:00 of the first day
      expect(row.getCell(hh.indexOf('Starts') + 1).value).toBe('10:00');
      expect(row.getCell(hh.indexOf('Shift') + 1).value).toBe('b');
      const counters = plan.slots.filter((s) => s.date === FROM && s.start === '10:00' && s.direction === 'arrival' && s.channel === 'counter').reduce((n, s) => n + s.positions, 0);
      expect(row.getCell(hh.indexOf('Arrivals counters') + 1).value).toBe(counters);
      expect(shiftLines(plan, new Set()).every((l) => times.includes(l.times))).toBe(true);
    } finally {
      await run(db, `delete from shift_templates where port_id = 'hk-shenzhen-bay'`);
      await run(db, `delete from port_hours where port_id = 'hk-shenzhen-bay'`);
    }
  });
});

async function reportData(db: Database, plan: LoadedStaffingPlan, port: string, to: string): Promise<StaffingReportData> {
  return {
    port: await loadPortInfo(db, port), from: FROM, to, plan,
    peaks: await loadPeaks(db, { port, from: FROM, to, runId: plan.runId }),
    forecasts: await loadForecastDays(db, { runId: plan.runId, from: FROM, to, port }),
    holidays: await loadCalendar(db, FROM, to),
    generatedAt: '2026-01-15T08:00:00.000Z',
  };
}

describe('crossings shifts list and set', () => {
  it('sets a template, lists it with its times and source, and resets it to the default', async () => {
    const { main } = await import('../../../src/cli/index.js');
    const path = `${dir}/shifts.duckdb`;
    const seed = await openDatabase(path);
    await run(seed, `insert into ports (port_id, name, kind, region) values ('hk-lo-wu', 'Lo Wu', 'land', 'HK') on conflict do nothing`);
    await closeDatabase(seed);
    const out: string[] = [];
    const cli = (...args: string[]) => main(['node', 'crossings', ...args], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(await cli('shifts', 'list', 'Lo Wu', '--db', path)).toBe(0);
    expect(out.join('\n')).toContain('early  06:30–15:00');
    out.length = 0;
    expect(await cli('shifts', 'set', 'Lo Wu', '--db', path, '--shifts', 'a=06:30-12:30,b=12:30-18:30,c=18:30-24:00', '--source', 'roster 2026')).toBe(0);
    expect(out.join('\n')).toMatch(/hk-lo-wu: roster 2026[\s\S]*c\s+18:30–24:00\s+5\.5/);
    out.length = 0;
    expect(await cli('shifts', 'set', 'Lo Wu', '--db', path, '--shifts', 'a=06:30-12:30,b=12:00-18:00')).toBe(2);
    expect(out.join('\n')).toContain(msg.shiftsDoNotTile('12:00 is covered by more than one shift'));
    out.length = 0;
    expect(await cli('shifts', 'set', 'Lo Wu', '--db', path, '--reset')).toBe(0);
    expect(out.join('\n')).toContain('default for opening hours 06:30–24:00');
  });
});

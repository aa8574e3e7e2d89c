import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '../../../src/store/db.js';
import { CrossingsError } from '../../../src/messages.js';
import { registerReportCommands } from '../../../src/cli/reports.js';
import { buildPeakReport, buildStaffingReport } from '../../../src/reports/export/build.js';
import { exportMessages, messages } from '../../../src/messages.js';
import { peakKeys, shiftLines, weekdayName } from '../../../src/reports/export/model.js';
import { loadPeaks, type PeaksResult } from '../../../src/reports/peaks.js';
import { CHANNELS } from '../../../src/reports/staffing/params.js';
import { loadStaffingPlan, type LoadedStaffingPlan } from '../../../src/reports/staffing/load.js';
import { tempDir, hasPoppler } from '../../helpers/files.js';
import { buildReportDb, FROM, TO } from './fixture.js';

const dir = tempDir();
const GENERATED = '2026-01-15T08:00:00.000Z';

let path: string;
let db: Database;
let plan: LoadedStaffingPlan;
let peaks: PeaksResult;

beforeAll(async () => {
  path = await buildReportDb(dir);
  db = await openDatabase(path, { readOnly: true });
  plan = await loadStaffingPlan(db, { port: 'hk-lo-wu', from: FROM, to: TO });
  peaks = await loadPeaks(db, { from: FROM, to: TO });
});
afterAll(async () => {
  if (db) await closeDatabase(db);
});

async function readXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** Text of a PDF as pdftotext lays it out, whitespace runs folded to one space per line. */
function pdfText(buffer: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, buffer);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).join('\n');
}

const cellDate = (v: ExcelJS.CellValue) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

describe('staffing report', () => {
  it('XLSX: summary, one sheet per direction with frozen headers, numbers equal to the plan', async () => {
    const file = await buildStaffingReport(db, { port: 'Lo Wu', from: FROM, to: TO, format: 'xlsx', generatedAt: GENERATED });
    expect(file.filename).toBe('staffing-hk-lo-wu-2026-02-01-2026-02-28.xlsx');
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await readXlsx(file.buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lo Wu arrival', 'Lo Wu departure', 'Half-hours', 'Peak periods', 'Parameters']);
    for (const name of ['Summary', 'Lo Wu arrival', 'Lo Wu departure', 'Peak periods']) {
      expect(wb.getWorksheet(name)?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }

    // Every shift × channel figure of the departure sheet is the plan's.
    const sheet = wb.getWorksheet('Lo Wu departure')!;
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    const col = (h: string) => header.indexOf(h) + 1;
    // A channel's cell holds both traveller groups' lines.
    const byKey = new Map<string, { positions_peak: number; officers_peak: number }>();
    for (const s of plan.shifts.filter((x) => x.direction === 'departure')) {
      const k = `${s.shift_date}|${s.shift}|${s.channel}`;
      const e = byKey.get(k) ?? { positions_peak: 0, officers_peak: 0 };
      e.positions_peak += s.positions_peak;
      e.officers_peak += s.officers_peak;
      byKey.set(k, e);
    }
    let checked = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const date = cellDate(row.getCell(col('Date')).value);
      const shift = String(row.getCell(col('Shift')).value);
      for (const [c, label] of [['egate', 'E-gates'], ['counter', 'Counters'], ['priority', 'Priority lanes']] as const) {
        const s = byKey.get(`${date}|${shift}|${c}`)!;
        expect(row.getCell(col(`${label} open (peak)`)).value).toBe(s.positions_peak);
        expect(row.getCell(col(`${label} officers`)).value).toBe(s.officers_peak);
        checked++;
      }
    });
    expect(checked).toBe(byKey.size);
    const firstData = sheet.getRow(2);
    expect(firstData.getCell(col('Travellers in shift')).numFmt).toBe('#,##0');
    expect(firstData.getCell(col('Date')).value).toBeInstanceOf(Date);

    // Peak days are filled; 14 Feb (departure flood before Lunar New Year) is one, 10 Feb is not.
    const fillOf = (date: string) => {
      let fill: string | undefined;
      sheet.eachRow((row, n) => {
        if (n > 1 && cellDate(row.getCell(1).value) === date) fill = (row.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
      });
      return fill;
    };
    expect(fillOf('2026-02-14')).toBe('FFFFD8A8');
    expect(fillOf('2026-02-10')).toBeUndefined();

    // Summary: officers per shift of the whole port, as plan.officers has them.
    const summary = wb.getWorksheet('Summary')!;
    const sHeader = (summary.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    let officers = 0;
    summary.eachRow((row, n) => {
      if (n === 1) return;
      const date = cellDate(row.getCell(1).value);
      for (const o of plan.officers.filter((x) => x.shift_date === date)) {
        expect(row.getCell(sHeader.indexOf(`Officers ${o.shift} ${o.shift_times}`) + 1).value).toBe(o.officers_rostered);
        officers++;
      }
    });
    expect(officers).toBe(plan.officers.length);
  });

  it('CSV: one row per port, direction, date, shift and channel, equal to the plan; slots on request', async () => {
    const file = await buildStaffingReport(db, { port: 'hk-lo-wu', from: FROM, to: TO, format: 'csv' });
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    const rows = parse(file.buffer, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(plan.shifts.length);
    rows.forEach((r, i) => {
      const s = plan.shifts[i]!;
      expect([r['port_id'], r['port_name_zh'], r['direction'], r['shift_date'], r['shift'], r['channel']]).toEqual([s.port_id, '罗湖', s.direction, s.shift_date, s.shift, s.channel]);
      expect(Number(r['positions_peak'])).toBe(s.positions_peak);
      expect(Number(r['officers_peak'])).toBe(s.officers_peak);
      expect(Number(r['officers_rostered'])).toBe(s.officers_rostered);
      expect(Number(r['arrivals'])).toBeCloseTo(s.arrivals, 2);
    });
    const slots = await buildStaffingReport(db, { port: 'hk-lo-wu', from: FROM, to: TO, format: 'csv', level: 'slot' });
    expect(slots.filename).toBe('staffing-hk-lo-wu-2026-02-01-2026-02-28-slots.csv');
    const slotRows = parse(slots.buffer, { columns: true, bom: true }) as Record<string, string>[];
    expect(slotRows).toHaveLength(plan.slots.length);
    expect(slotRows.map((r) => Number(r['positions']))).toEqual(plan.slots.map((s) => s.positions));
  });

  it.skipIf(!hasPoppler)('PDF: Chinese port name, peak periods with holidays, per-shift figures', async () => {
    const file = await buildStaffingReport(db, { port: 'hk-lo-wu', from: FROM, to: TO, format: 'pdf', generatedAt: GENERATED });
    expect(file.buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(file.buffer, 'staffing.pdf');
    expect(text).toContain('Staffing plan: Lo Wu 罗湖');
    expect(text).toContain('2026-02-13 – 2026-02-16');
    expect(text).toContain("Lunar New Year's Day (HK): outbound");
    // Per-shift rows, as the plan has them (the 14 Feb early shift, both directions), with the shift's times.
    const lines = shiftLines(plan, peakKeys(peaks.days, 'hk-lo-wu'));
    const early = lines.filter((x) => x.shift_date === '2026-02-14' && x.shift === 'early');
    expect(early.map((l) => l.times)).toEqual(['06:30–15:00', '06:30–15:00']);
    expect(text).toContain('06:30–15:00');
    for (const l of early) {
      // A short channel's cell says how many positions are missing.
      const open = (c: (typeof CHANNELS)[number]) => (l.shortfall[c] > 0 ? `${l.positions[c]} (-${l.shortfall[c]})` : l.positions[c]);
      const figures = [Math.round(l.travellers).toLocaleString('en-US'), ...CHANNELS.flatMap((c) => [open(c), l.officers[c]]), l.officers_on_position, l.officers_rostered];
      expect(text).toContain(`2026-02-14 ${weekdayName('2026-02-14')} early ${figures.join(' ')}`);
    }
    // Officers per shift, both directions.
    const day = plan.officers.filter((o) => o.shift_date === '2026-02-14').map((o) => o.officers_rostered);
    expect(text).toContain(`${day.join(' ')} ${day.reduce((a, b) => a + b, 0)}`);
  });

  it('refuses an unknown port and a bad format with messages', async () => {
    await expect(buildStaffingReport(db, { port: 'Nowhere', from: FROM, to: TO, format: 'csv' })).rejects.toThrow(messages.unknownPort('Nowhere', []));
    await expect(buildStaffingReport(db, { port: 'Lo Wu', from: FROM, to: TO, format: 'docx' as 'csv' })).rejects.toThrow(exportMessages.badFormat('docx', ['xlsx', 'pdf', 'csv']));
    await expect(buildStaffingReport(db, { port: 'Lo Wu', from: TO, to: FROM, format: 'csv' })).rejects.toThrow(exportMessages.fromAfterTo(TO, FROM));
  });
});

describe('peak report', () => {
  it('XLSX: periods, one sheet per port with peak days filled, thresholds', async () => {
    const file = await buildPeakReport(db, { from: FROM, to: TO, format: 'xlsx', generatedAt: GENERATED });
    const wb = await readXlsx(file.buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Peak periods', 'Lo Wu', 'Shenzhen Bay', 'Thresholds']);
    const periods = wb.getWorksheet('Peak periods')!;
    expect(periods.rowCount - 1).toBe(peaks.periods.length);
    expect(periods.getRow(2).getCell(1).value).toBe(1); // rank: most severe first
    expect(periods.getRow(2).getCell(2).value).toMatch(/罗湖|深圳湾/);
    const lowu = wb.getWorksheet('Lo Wu')!;
    expect(lowu.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    let peakRows = 0;
    lowu.eachRow((row, n) => {
      if (n > 1 && (row.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === 'FFFFD8A8') peakRows++;
    });
    expect(peakRows).toBe(new Set(peaks.days.filter((d) => d.port_id === 'hk-lo-wu').map((d) => d.date)).size);
  });

  it('CSV: one row per peak day with its period and holiday, or one per period', async () => {
    const days = parse((await buildPeakReport(db, { from: FROM, to: TO, format: 'csv' })).buffer, { columns: true, bom: true }) as Record<string, string>[];
    expect(days.map((d) => `${d['port_id']} ${d['direction']} ${d['date']}`)).toEqual(peaks.days.map((d) => `${d.port_id} ${d.direction} ${d.date}`));
    const flood = days.find((d) => d['port_id'] === 'hk-shenzhen-bay' && d['date'] === '2026-02-14' && d['direction'] === 'departure');
    expect(flood).toMatchObject({ port_name_zh: '深圳湾', period_start: '2026-02-13', period_end: '2026-02-16', holiday_flow: 'outbound' });
    expect(flood?.['holiday_label_zh']).toMatch(/^[^（]+（(香港|内地)）：.*出行高峰/);
    expect(flood?.['holiday_label_zh']).toBe(peaks.periods.find((p) => p.port_id === 'hk-shenzhen-bay' && p.start === '2026-02-13' && p.direction === 'departure')?.holiday?.label_zh);
    const periods = parse((await buildPeakReport(db, { from: FROM, to: TO, format: 'csv', level: 'periods' })).buffer, { columns: true, bom: true }) as Record<string, string>[];
    expect(periods).toHaveLength(peaks.periods.length);
  });

  it.skipIf(!hasPoppler)('PDF: both ports by Chinese name, periods and holiday labels', async () => {
    const text = pdfText((await buildPeakReport(db, { from: FROM, to: TO, format: 'pdf', generatedAt: GENERATED })).buffer, 'peaks.pdf');
    expect(text).toContain('罗湖');
    expect(text).toContain('深圳湾');
    expect(text).toMatch(/2026-02-20 – 2026-02-22/);
    expect(text).toMatch(/return\s+flood/); // the holiday column wraps: words may sit on two lines
  });
});

describe('CLI', () => {
  const program = (out: string[]) => {
    const p = new Command('crossings').exitOverride();
    return registerReportCommands(p, (t) => out.push(t));
  };

  it('writes a report file and prints the peak periods', async () => {
    const out: string[] = [];
    const file = join(dir, 'plan.csv');
    await program(out).parseAsync(['report', 'staffing', '--db', path, '--port', 'Lo Wu', '--from', FROM, '--to', TO, '--format', 'csv', '--out', file], { from: 'user' });
    expect(existsSync(file)).toBe(true);
    expect(parse(readFileSync(file), { columns: true, bom: true })).toHaveLength(plan.shifts.length);
    await program(out).parseAsync(['peaks', '--db', path, '--port', 'hk-lo-wu', '--direction', 'departure', '--from', FROM, '--to', TO], { from: 'user' });
    const table = out.at(-1)!;
    expect(table).toMatch(/Lo Wu\s+departure\s+2026-02-13\s+2026-02-16\s+4 days/);
    expect(table).toContain('Lunar New Year');
  });

  it('says what is wrong as a CrossingsError (exit 2)', async () => {
    const run = program([]).parseAsync(['report', 'peaks', '--db', path, '--port', 'Atlantis', '--from', FROM, '--to', TO, '--format', 'pdf'], { from: 'user' });
    await expect(run).rejects.toThrow(new CrossingsError(messages.unknownPort('Atlantis', []), 'not_found'));
  });
});

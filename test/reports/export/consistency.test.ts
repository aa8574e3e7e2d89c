/**
 * One plan, one set of numbers (issue 17, item 4): the same plan rendered as API JSON, CSV, XLSX (read back
 * with exceljs) and PDF (read back with pdftotext) carries identical officers per shift, per direction and per day.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/app.js';
import { loadConfig } from '../../../src/config.js';
import { closeDatabase, openDatabase, type Database } from '../../../src/store/db.js';
import { addDays } from '../../../src/isoDays.js';
import { staffingCsv } from '../../../src/reports/export/csv.js';
import { rosteredShifts, type StaffingReportData } from '../../../src/reports/export/model.js';
import { loadPortInfo } from '../../../src/reports/export/build.js';
import { staffingPdf } from '../../../src/reports/export/pdf.js';
import { staffingXlsx } from '../../../src/reports/export/xlsx.js';
import { loadCalendar, loadForecastDays } from '../../../src/reports/forecastDays.js';
import { loadPeaks } from '../../../src/reports/peaks.js';
import { loadStaffingPlan, type LoadedStaffingPlan } from '../../../src/reports/staffing/load.js';
import { tempDir, hasPoppler } from '../../helpers/files.js';
import { parseShiftSpec, setShiftTemplate } from '../../../src/reports/staffing/shifts.js';
import { buildReportDb, FROM, TO } from './fixture.js';

const dir = tempDir();

let db: Database;
let app: FastifyInstance;
let plan: LoadedStaffingPlan;
let data: StaffingReportData;

/** Officers keyed "direction|date|shift" (direction '*' for the port's total per shift, shift '*' for the day). */
type Figures = Map<string, number>;

function add(f: Figures, key: string, n: number): void {
  f.set(key, (f.get(key) ?? 0) + n);
}

/** The figures the plan itself holds: per direction and shift, per port shift, per day. */
function planFigures(p: Pick<LoadedStaffingPlan, 'shifts' | 'officers'>): Figures {
  const f: Figures = new Map();
  for (const s of p.shifts) add(f, `${s.direction}|${s.shift_date}|${s.shift}`, s.officers_rostered);
  for (const o of p.officers) {
    add(f, `*|${o.shift_date}|${o.shift}`, o.officers_rostered);
    add(f, `*|${o.shift_date}|*`, o.officers_rostered);
  }
  return f;
}

const sorted = (f: Figures) => [...f].sort(([a], [b]) => a.localeCompare(b));

/** The templates each plan is checked with: Lo Wu's default, and a stored one with a split peak shift. */
const TEMPLATES: [string, string | undefined][] = [
  ['the default template', undefined],
  ['a stored template with a split shift', 'a=06:30-12:30,peak=12:30-14:30,b=14:30-18:30,peak=18:30-20:30,c=20:30-24:00'],
];

/** Each shift as its rows show it: "early 06:30–15:00". */
const timesOf = (rows: readonly { shift: string; shift_times: string }[]) => [...new Set(rows.map((r) => `${r.shift} ${r.shift_times}`))].sort();

describe.each(TEMPLATES)('one plan, one set of numbers, with %s', (_name, spec) => {
beforeAll(async () => {
  const path = await buildReportDb(tempDir());
  if (spec) {
    const rw = await openDatabase(path);
    await setShiftTemplate(rw, 'hk-lo-wu', parseShiftSpec(spec), 'consistency test');
    await closeDatabase(rw);
  }
  db = await openDatabase(path, { readOnly: true });
  app = await buildApp({ readDb: db, writeDb: db, config: loadConfig({ CROSSINGS_API_KEYS: 'p:planner' }) });
  await app.ready();
  plan = await loadStaffingPlan(db, { port: 'hk-lo-wu', from: FROM, to: TO });
  const port = await loadPortInfo(db, 'hk-lo-wu');
  data = {
    port, from: FROM, to: TO, plan,
    peaks: await loadPeaks(db, { port: port.port_id, from: FROM, to: TO, runId: plan.runId }),
    forecasts: await loadForecastDays(db, { runId: plan.runId, from: FROM, to: TO, port: port.port_id }),
    holidays: await loadCalendar(db, addDays(FROM, -1), TO),
    generatedAt: '2026-01-15T08:00:00.000Z',
  };
});
afterAll(async () => {
  await app?.close();
  if (db) await closeDatabase(db);
});

  it('adds up inside the plan: channels and directions sum to the port\'s officers per shift', () => {
    const f = planFigures(plan);
    for (const o of plan.officers) {
      const byDirection = ['arrival', 'departure'].reduce((s, d) => s + (f.get(`${d}|${o.shift_date}|${o.shift}`) ?? 0), 0);
      expect(byDirection, `${o.shift_date} ${o.shift}`).toBe(o.officers_rostered);
    }
    expect(plan.shifts.every((s) => s.officers_rostered >= s.officers_peak)).toBe(true);
  });

  it('API JSON', async () => {
    const res = await app.inject({ url: `/api/staffing?port=hk-lo-wu&from=${FROM}&to=${TO}`, headers: { 'x-api-key': 'p' } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as Pick<LoadedStaffingPlan, 'shifts' | 'officers'>;
    // The dashboard's table adds the shift rows per direction and its chart draws `officers`: both are here.
    expect(sorted(planFigures(body))).toEqual(sorted(planFigures(plan)));
    expect(timesOf(body.shifts)).toEqual(timesOf(plan.shifts));
    expect(timesOf(body.officers)).toEqual(timesOf(plan.shifts));
  });

  it('CSV', () => {
    const rows = parse(staffingCsv(data), { columns: true, bom: true }) as Record<string, string>[];
    const f: Figures = new Map();
    for (const r of rows) {
      const n = Number(r['officers_rostered']);
      add(f, `${r['direction']}|${r['shift_date']}|${r['shift']}`, n);
      add(f, `*|${r['shift_date']}|${r['shift']}`, n);
      add(f, `*|${r['shift_date']}|*`, n);
    }
    expect(sorted(f)).toEqual(sorted(planFigures(plan)));
    expect(timesOf(rows.map((r) => ({ shift: r['shift']!, shift_times: r['shift_times']! })))).toEqual(timesOf(plan.shifts));
  });

  it('XLSX read back with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await staffingXlsx(data)) as unknown as ArrayBuffer);
    const f: Figures = new Map();
    const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    const date = (v: ExcelJS.CellValue) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    const summary = wb.getWorksheet('Summary')!;
    const sh = header(summary);
    summary.eachRow((row, n) => {
      if (n === 1) return;
      const d = date(row.getCell(sh.indexOf('Date')).value);
      for (const s of rosteredShifts(plan)) {
        const v = row.getCell(sh.indexOf(`Officers ${s.name} ${s.times}`)).value;
        if (v !== null && v !== undefined) add(f, `*|${d}|${s.name}`, Number(v));
      }
      add(f, `*|${d}|*`, Number(row.getCell(sh.indexOf('Officers, all shifts')).value));
    });
    const shown: { shift: string; shift_times: string }[] = [];
    for (const dir of ['arrival', 'departure']) {
      const ws = wb.getWorksheet(`Lo Wu ${dir}`)!;
      const h = header(ws);
      ws.eachRow((row, n) => {
        if (n === 1) return;
        add(f, `${dir}|${date(row.getCell(h.indexOf('Date')).value)}|${String(row.getCell(h.indexOf('Shift')).value)}`, Number(row.getCell(h.indexOf('Officers rostered')).value));
        shown.push({ shift: String(row.getCell(h.indexOf('Shift')).value), shift_times: String(row.getCell(h.indexOf('Times')).value) });
      });
    }
    expect(sorted(f)).toEqual(sorted(planFigures(plan)));
    expect(timesOf(shown)).toEqual(timesOf(plan.shifts));
  });

  it.skipIf(!hasPoppler)('PDF read back with pdftotext', async () => {
    const file = join(dir, 'consistency.pdf');
    writeFileSync(file, await staffingPdf(data, []));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    for (const t of rosteredShifts(plan)) expect(text.replace(/\s+/g, ' ')).toContain(t.times);
    const f: Figures = new Map();
    const shifts = rosteredShifts(plan).map((s) => s.name);
    let section = '';
    for (const line of lines) {
      if (line.startsWith('Officers rostered per shift')) section = '*';
      else if (line.startsWith('Arrivals: positions')) section = 'arrival';
      else if (line.startsWith('Departures: positions')) section = 'departure';
      const m = /^(\d{4}-\d{2}-\d{2}) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (.*)$/.exec(line);
      if (!m || !section) continue;
      const tokens = m[3]!.split(' ');
      if (section === '*') {
        // Date, day, holiday (any words), one figure per shift (a * marks a partial shift), all shifts. A shift
        // outside the dates (before the first day's night) is an empty cell, so the figures align to the right.
        let k = tokens.length;
        while (k > 0 && /^\d+\*?$/.test(tokens[k - 1]!) && tokens.length - k < shifts.length + 1) k--;
        const figures = tokens.slice(k).map((t) => Number(t.replace('*', '')));
        const total = figures.pop()!;
        figures.forEach((n, i) => add(f, `*|${m[1]}|${shifts[shifts.length - figures.length + i]}`, n));
        add(f, `*|${m[1]}|*`, total);
      } else {
        // Date, day, shift, travellers, positions and officers per channel, on position, rostered.
        add(f, `${section}|${m[1]}|${tokens[0]!.replace('*', '')}`, Number(tokens.at(-1)));
      }
    }
    expect(sorted(f)).toEqual(sorted(planFigures(plan)));
    // A footnote only where its mark is used: no partial shift without a *, no red note without a red cell.
    const partial = plan.shifts.some((s) => !s.complete);
    expect(text.includes('* partial shift'), 'partial-shift footnote').toBe(partial);
    expect(text.includes('Red: the targets need more'), 'shortfall footnote').toBe(plan.shifts.some((s) => s.over_capacity));
  });
});

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/api/app.js';
import reportRoutes from '../../../src/api/routes/reports.js';
import { loadConfig } from '../../../src/config.js';
import { closeDatabase, openDatabase, type Database } from '../../../src/store/db.js';
import { staffingMessages } from '../../../src/messages.js';
import { loadPeaks } from '../../../src/reports/peaks.js';
import { loadStaffingPlan } from '../../../src/reports/staffing/load.js';
import { tempDir } from '../../helpers/files.js';
import { buildReportDb, FROM, TO } from './fixture.js';

const dir = tempDir();
let db: Database;
let app: FastifyInstance;
const manager = { 'x-api-key': 'm' };
const planner = { 'x-api-key': 'p' };

beforeAll(async () => {
  db = await openDatabase(await buildReportDb(dir), { readOnly: true });
  // Reports only read: one read-only connection serves as both (a second, writable one would conflict on the file).
  app = await buildApp({ readDb: db, writeDb: db, config: loadConfig({ CROSSINGS_API_KEYS: 'm:manager,p:planner' }) });
  // Until app.ts registers the plugin itself.
  if (!app.hasRoute({ method: 'GET', url: '/api/reports/staffing' })) await app.register(reportRoutes, { prefix: '/api' });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  if (db) await closeDatabase(db);
});

describe('GET /api/reports/staffing', () => {
  it('gives a manager the XLSX, named for download', async () => {
    const res = await app.inject({ url: `/api/reports/staffing?port=Lo%20Wu&from=${FROM}&to=${TO}`, headers: manager });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="staffing-hk-lo-wu-2026-02-01-2026-02-28.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Lo Wu departure');
  });

  it('gives the CSV with the numbers the plan has, for one direction and 60-minute slots', async () => {
    const res = await app.inject({ url: `/api/reports/staffing?port=hk-lo-wu&from=${FROM}&to=${TO}&format=csv&direction=arrival&slot_minutes=60&basis=hi80`, headers: manager });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('staffing-hk-lo-wu-arrival-2026-02-01-2026-02-28.csv');
    const plan = await loadStaffingPlan(db, { port: 'hk-lo-wu', direction: 'arrival', from: FROM, to: TO, basis: 'hi80', params: { slotMinutes: 60 } });
    const rows = parse(res.rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => Number(r['positions_peak']))).toEqual(plan.shifts.map((s) => s.positions_peak));
    expect(new Set(rows.map((r) => r['basis']))).toEqual(new Set(['hi80']));
  });

  it('refuses a planner (403), no key (401), bad input (400) and an unknown port (404)', async () => {
    const url = `/api/reports/staffing?port=hk-lo-wu&from=${FROM}&to=${TO}&format=pdf`;
    expect((await app.inject({ url, headers: planner })).statusCode).toBe(403);
    expect((await app.inject({ url })).statusCode).toBe(401);
    expect((await app.inject({ url: `${url}&format=docx`, headers: manager })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/reports/staffing?port=hk-lo-wu&from=${TO}&to=${FROM}`, headers: manager })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/reports/staffing?port=Atlantis&from=${FROM}&to=${TO}`, headers: manager })).statusCode).toBe(404);
    const none = await app.inject({ url: `/api/reports/staffing?port=hk-airport&from=${FROM}&to=${TO}`, headers: manager });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toContain('has nothing for Airport');
  });
});

describe('GET /api/reports/staffing past the forecast', () => {
  const late = '/api/reports/staffing?port=hk-lo-wu&from=2026-02-20&to=2026-03-10';

  it('refuses the range (422) with where the forecast ends and how to extend it, in every format', async () => {
    for (const format of ['xlsx', 'pdf', 'csv']) {
      const res = await app.inject({ url: `${late}&format=${format}`, headers: manager });
      expect(res.statusCode).toBe(422);
      expect(res.json().message).toBe(staffingMessages.rangeBeyondForecast('Lo Wu', '2026-02-20', '2026-03-10', FROM, TO, 1, 38));
      expect(res.json().message).toContain(`ends on ${TO}`);
      expect(res.json().message).toContain('crossings forecast --horizon 38');
    }
  });

  it('with partial=true, reports the covered days and says so in the file', async () => {
    const note = staffingMessages.partialCoverage('2026-02-20', TO, '2026-02-20', '2026-03-10', FROM, TO);
    const csv = await app.inject({ url: `${late}&format=csv&partial=true`, headers: manager });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain(`staffing-hk-lo-wu-2026-02-20-${TO}.csv`);
    const rows = parse(csv.rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r['shift_date']).sort().at(-1)).toBe(TO);
    const xlsx = await app.inject({ url: `${late}&partial=true`, headers: manager });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const params = wb.getWorksheet('Parameters')!;
    const values = new Map<string, string>();
    params.eachRow((r) => values.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(values.get('Coverage')).toBe(note);
    expect(values.get('Dates')).toBe(`2026-02-20 to ${TO}`);
    const pdf = await app.inject({ url: `${late}&partial=true&format=pdf`, headers: manager });
    expect(pdf.statusCode).toBe(200);
    const file = join(dir, 'partial.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Staffing plan: Lo Wu 罗湖 (partial, 2026-02-20 to ${TO})`);
    expect(text).toContain(note);
  });
});

describe('GET /api/reports/peaks past the forecast', () => {
  it('refuses the range with the forecast\'s end, and with partial=true reports the covered days', async () => {
    const late = `/api/reports/peaks?from=2026-02-20&to=2026-03-10&format=csv`;
    const refused = await app.inject({ url: late, headers: manager });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toBe(staffingMessages.rangeBeyondForecast('all ports', '2026-02-20', '2026-03-10', FROM, TO, 1, 38));
    const partial = await app.inject({ url: `${late}&partial=true`, headers: manager });
    expect(partial.statusCode).toBe(200);
    expect(partial.headers['content-disposition']).toContain(`peaks-all-ports-2026-02-20-${TO}.csv`);
  });
});

describe('CSV byte-order mark', () => {
  it('starts staffing and peak CSVs with a UTF-8 BOM by default, and bom=false drops it', async () => {
    for (const path of [`/api/reports/staffing?port=hk-lo-wu&from=${FROM}&to=${FROM}&format=csv`, `/api/reports/peaks?from=${FROM}&to=${TO}&format=csv`]) {
      const withBom = (await app.inject({ url: path, headers: manager })).rawPayload;
      expect([...withBom.subarray(0, 3)], path).toEqual([0xef, 0xbb, 0xbf]);
      const without = (await app.inject({ url: `${path}&bom=false`, headers: manager })).rawPayload;
      expect(without.subarray(0, 7).toString('utf8'), path).toBe('port_id');
      expect(withBom.subarray(3).equals(without), path).toBe(true);
    }
  });
});

describe('GET /api/reports/peaks', () => {
  it('gives a manager the peak days as CSV and refuses a planner', async () => {
    const url = `/api/reports/peaks?from=${FROM}&to=${TO}&format=csv`;
    const res = await app.inject({ url, headers: manager });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="peaks-all-ports-2026-02-01-2026-02-28.csv"');
    const peaks = await loadPeaks(db, { from: FROM, to: TO });
    expect(parse(res.rawPayload, { columns: true, bom: true })).toHaveLength(peaks.days.length);
    expect((await app.inject({ url, headers: planner })).statusCode).toBe(403);
  });

  it('takes a capacity instead of history', async () => {
    const res = await app.inject({ url: `/api/reports/peaks?port=Lo%20Wu&from=${FROM}&to=${TO}&format=csv&level=periods&capacity=200000`, headers: manager });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    // Ranked by how far over the capacity they go, which is their severity.
    expect(rows.map((r) => `${r['rank']} ${r['direction']} ${r['start']} ${r['end']}`)).toEqual(['1 departure 2026-02-14 2026-02-14', '2 arrival 2026-02-22 2026-02-22']);
    for (const r of rows) expect(Number(r['severity'])).toBeCloseTo(Number(r['peak_value']) / 200000 - 1, 3);
    expect(Number(rows[0]?.['severity'])).toBeGreaterThan(Number(rows[1]?.['severity']));
  });
});

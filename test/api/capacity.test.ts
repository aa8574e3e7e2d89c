/**
 * Capacity and group targets through the real Fastify app (issue 17, items 2 and 3): an admin sets a port's
 * counters low, and JSON, CSV and XLSX report the same shortfall per shift and channel.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../../src/store/db.js';
import { addDays } from '../../src/isoDays.js';
import { as, openTestApp, type TestApp } from './fixture.js';

let t: TestApp;
let from: string;
let to: string;
beforeAll(async () => {
  t = await openTestApp();
  const [r] = await all(t.db, `select strftime(min(date), '%Y-%m-%d') as first from forecasts where port_id = 'hk-lo-wu' and category = 'total'`);
  from = String(r!['first']);
  to = addDays(from, 2);
});
afterAll(() => t?.close());

const get = (url: string, role: 'planner' | 'manager' = 'planner') => t.app.inject({ method: 'GET', url, headers: as(role) });
const put = (url: string, payload: object, role: 'planner' | 'admin' = 'admin') => t.app.inject({ method: 'PUT', url, headers: as(role), payload });

interface ShiftRow { direction: string; shift_date: string; shift: string; channel: string; group: string; positions_peak: number; shortfall_peak: number; capacity: number | null; target_wait_minutes: number; target_share: number; unstable: boolean; mean_wait_max_seconds: number | null }

/** Shortfall per direction, date, shift and channel, both groups' lines added (what every report shows). */
function byChannel(rows: readonly { direction: string; shift_date: string; shift: string; channel: string; shortfall_peak: number | string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.direction}|${r.shift_date}|${r.shift}|${r.channel}`;
    out.set(key, (out.get(key) ?? 0) + Number(r.shortfall_peak));
  }
  return out;
}

describe('GET and PUT /api/port-capacity', () => {
  it('lists the bundled capacity with sources, lets only an admin change it, and plans follow it', async () => {
    const list = await get('/api/port-capacity?port=hk-lo-wu');
    expect(list.statusCode).toBe(200);
    const bundled = JSON.parse(list.payload).capacity as { direction: string; channel: string; positions: number; source: string; estimate: boolean }[];
    expect(bundled).toHaveLength(6);
    expect(bundled.every((r) => r.source.length > 0)).toBe(true);
    expect((await put('/api/port-capacity', { port: 'Lo Wu', channel: 'counter', positions: 3 }, 'planner')).statusCode).toBe(403);
    expect((await put('/api/port-capacity', { port: 'Lo Wu', channel: 'kiosk', positions: 3 })).statusCode).toBe(400);
    const ok = await put('/api/port-capacity', { port: 'Lo Wu', channel: 'counter', positions: 3, source: 'test: most counters closed for works' });
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.payload).capacity.filter((r: { channel: string }) => r.channel === 'counter').map((r: { positions: number }) => r.positions)).toEqual([3, 3]);
  });

  it('reports the same shortfall in JSON, CSV and XLSX, the capacity opened and what it achieves', async () => {
    const q = `port=hk-lo-wu&from=${from}&to=${to}`;
    const res = await get(`/api/staffing?${q}`);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.payload) as { shifts: ShiftRow[]; capacity: { channel: string; positions: number }[] };
    const counters = body.shifts.filter((s) => s.channel === 'counter');
    expect(counters.every((s) => s.capacity === 3)).toBe(true);
    const opened = new Map<string, number>();
    for (const s of counters) opened.set(`${s.direction}|${s.shift_date}|${s.shift}`, (opened.get(`${s.direction}|${s.shift_date}|${s.shift}`) ?? 0) + s.positions_peak);
    expect(Math.max(...opened.values())).toBe(3);
    const json = byChannel(body.shifts);
    expect([...json.values()].some((v) => v > 0)).toBe(true);
    // An unstable queue has no wait: null in JSON, never a made-up number.
    expect(counters.filter((s) => s.unstable).every((s) => s.mean_wait_max_seconds === null)).toBe(true);

    const csv = await get(`/api/reports/staffing?${q}&format=csv`, 'manager');
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['group', 'capacity', 'positions_needed_peak', 'shortfall_peak', 'service_level_min', 'mean_wait_max_seconds', 'unstable']));
    expect(byChannel(rows as unknown as ShiftRow[])).toEqual(json);

    const xlsx = await get(`/api/reports/staffing?${q}&format=xlsx`, 'manager');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = new Map<string, number>();
    let red = 0;
    for (const direction of ['arrival', 'departure']) {
      const ws = wb.getWorksheet(`Lo Wu ${direction}`)!;
      const header = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const v = row.getCell(header.indexOf('Date')).value;
        const date = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
        const shift = String(row.getCell(header.indexOf('Shift')).value);
        for (const [c, label] of [['egate', 'E-gates'], ['counter', 'Counters'], ['priority', 'Priority lanes']] as const) {
          const cell = row.getCell(header.indexOf(`${label} short`));
          sheet.set(`${direction}|${date}|${shift}|${c}`, Number(cell.value));
          if (Number(cell.value) > 0) {
            expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC00000');
            red++;
          }
        }
      });
    }
    expect(sheet).toEqual(json);
    expect(red).toBe([...json.values()].filter((v) => v > 0).length);
    const params = wb.getWorksheet('Parameters')!;
    let line = '';
    params.eachRow((row) => {
      if (row.getCell(1).value === 'Shortfall') line = String(row.getCell(2).value);
    });
    expect(line).toMatch(/^Short of installed capacity in \d+ of \d+ shifts/);
    expect(line).toContain('Counters: ');
  });
});

describe('GET and PUT /api/staffing-targets', () => {
  it('gives residents 15 minutes / 98% and visitors 30 minutes / 95% by default; an admin changes one port\'s', async () => {
    const res = await get('/api/staffing-targets?port=hk-lo-wu');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.payload).targets).toMatchObject([
      { group: 'residents', targetWaitMinutes: 15, targetShare: 0.98, stored: false },
      { group: 'visitors', targetWaitMinutes: 30, targetShare: 0.95, stored: false },
    ]);
    const plan = JSON.parse((await get(`/api/staffing?port=hk-lo-wu&from=${from}&to=${from}`)).payload) as { shifts: ShiftRow[]; targets: Record<string, { targetWaitMinutes: number }> };
    const residents = plan.shifts.filter((s) => s.group === 'residents' && s.channel !== 'priority' && s.positions_peak > 0);
    expect(residents.length).toBeGreaterThan(0);
    expect(residents.every((s) => s.target_wait_minutes === 15 && s.target_share === 0.98)).toBe(true);
    expect((await put('/api/staffing-targets', { port: 'hk-lo-wu', group: 'visitors', wait_minutes: 20, share: 0.9 }, 'planner')).statusCode).toBe(403);
    expect((await put('/api/staffing-targets', { port: 'hk-lo-wu', group: 'visitors', wait_minutes: 20, share: 1.2 })).statusCode).toBe(400);
    const ok = await put('/api/staffing-targets', { port: 'hk-lo-wu', group: 'visitors', wait_minutes: 20, share: 0.9, source: 'test' });
    expect(ok.statusCode).toBe(200);
    const after = JSON.parse((await get(`/api/staffing?port=hk-lo-wu&from=${from}&to=${from}`)).payload) as { targets: Record<string, { targetWaitMinutes: number; source: string }> };
    expect(after.targets['visitors']).toMatchObject({ targetWaitMinutes: 20, source: 'test' });
    // The query still sets one target for all, as before.
    const all30 = JSON.parse((await get(`/api/staffing?port=hk-lo-wu&from=${from}&to=${from}&target_wait_minutes=30&target_share=0.95`)).payload) as { shifts: ShiftRow[] };
    expect(all30.shifts.filter((s) => s.group === 'residents').every((s) => s.target_wait_minutes === 30)).toBe(true);
  });
});

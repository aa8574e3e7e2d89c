import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/index.js';
import { as, errorBody, openTestApp, templatePath, type TestApp } from '../fixture.js';
import { tempDir, hasPoppler } from '../../helpers/files.js';

const dir = tempDir();
let t: TestApp;
let cliDb: string;
beforeAll(async () => {
  t = await openTestApp();
  cliDb = join(dir, 'cli.duckdb');
  copyFileSync(await templatePath(), cliDb);
}, 120_000);
afterAll(() => t?.close());

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'crossings', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('GET /api/outlook and crossings outlook', () => {
  it('the API and the CLI give the same figures, for dates and for a holiday', async () => {
    for (const [q, args] of [
      ['from=2026-01-05&to=2026-02-15', ['--from', '2026-01-05', '--to', '2026-02-15']],
      [`holiday=${encodeURIComponent('農曆新年')}&year=2026`, ['--holiday', '農曆新年', '--year', '2026']],
    ] as const) {
      const res = await t.app.inject({ url: `/api/outlook?${q}`, headers: as('planner') });
      expect(res.statusCode).toBe(200);
      const printed = await cli('outlook', '--db', cliDb, '--json', ...args);
      expect(printed.code).toBe(0);
      expect(JSON.parse(printed.out)).toEqual(res.json());
    }
  });

  it('the text outlook has the totals, land / sea / air and Chinese labels, and is stored and listed', async () => {
    const en = await cli('outlook', '--db', cliDb, '--holiday', 'Lunar New Year', '--year', '2026');
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/Holiday outlook: Lunar New Year 2026 \(CN 2026-02-15 – 2026-02-23; HK 2026-02-17 – 2026-02-19\)/);
    for (const label of ['All control points', 'Land', 'Sea', 'Air', 'Peak day', '80% interval', '95% interval', 'Lo Wu']) expect(en.out).toContain(label);
    const hant = await cli('outlook', '--db', cliDb, '--holiday', 'Lunar New Year', '--year', '2026', '--lang', 'zh-Hant', '--no-store');
    for (const label of ['假期出入境預測', '農曆新年', '所有管制站', '陸路', '海路', '空路', '羅湖', '最高峯日']) expect(hant.out).toContain(label);
    const list = await cli('outlook', 'list', '--db', cliDb);
    expect(list.code).toBe(0);
    expect(list.out).toContain('Lunar New Year 2026');
    expect(list.out).toContain('not yet');
    // The two --json outlooks of the test before and this one; not the --no-store one.
    expect(list.out.split('\n').filter((l) => /^\s*\d+\s/.test(l))).toHaveLength(3);
  });

  it('a range past the forecast is refused with where it ends, by the API (422) and the CLI (exit 2)', async () => {
    const res = await t.app.inject({ url: '/api/outlook?from=2026-02-01&to=2026-04-30', headers: as('planner') });
    expect(res.statusCode).toBe(422);
    expect(errorBody(res.payload).message).toContain('the forecast ends on 2026-02-25');
    const printed = await cli('outlook', '--db', cliDb, '--from', '2026-02-01', '--to', '2026-04-30');
    expect(printed.code).toBe(2);
    expect(printed.err).toContain('the forecast ends on 2026-02-25. Extend it to 2026-04-30 with: crossings forecast --horizon 120');
  });

  it('asks for what is missing, and names the year\'s holidays for an unknown one', async () => {
    expect((await t.app.inject({ url: '/api/outlook', headers: as('planner') })).statusCode).toBe(422);
    const unknown = await t.app.inject({ url: '/api/outlook?holiday=Diwali&year=2026', headers: as('planner') });
    expect(unknown.statusCode).toBe(422);
    expect(errorBody(unknown.payload).message).toContain('"Lunar New Year"');
    expect((await t.app.inject({ url: '/api/outlook?from=2026-01-01&to=2026-01-07' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/outlook?from=2026-13-01&to=2026-01-07', headers: as('planner') })).statusCode).toBe(400);
  });

  it.skipIf(!hasPoppler)('the PDF page (manager) carries the same total and its labels in English and Chinese', async () => {
    const q = 'holiday=Lunar%20New%20Year&year=2026';
    expect((await t.app.inject({ url: `/api/reports/outlook?${q}`, headers: as('planner') })).statusCode).toBe(403);
    const res = await t.app.inject({ url: `/api/reports/outlook?${q}`, headers: as('manager') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="outlook-2026-02-15-2026-02-23.pdf"');
    const file = join(dir, 'outlook.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    const figures = (await t.app.inject({ url: `/api/outlook?${q}`, headers: as('planner') })).json() as { total: { mean: number } };
    expect(text).toContain(figures.total.mean.toLocaleString('en-US'));
    for (const label of ['All control points', '所有管制站', 'Land', '陸路', '海路', '空路', '最高峯日', '羅湖', '80% interval']) expect(text).toContain(label);
  });
});

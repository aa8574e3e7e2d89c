/**
 * Peaks worth a planner's attention, on the HK sample forecast by the real engine for 56 days
 * (Lunar New Year 2026 inside the window), served through the real app.
 */
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { loadSampleIfEmpty } from '../../src/ingest/sample.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import { loadPeaks, type PeaksResult } from '../../src/reports/peaks.js';
import { SAMPLE, tempDir } from '../helpers/files.js';

const dir = tempDir();
const FROM = '2026-01-01';
const TO = '2026-02-25';
let db: Database;
let app: FastifyInstance;
let significant: PeaksResult;
let all: PeaksResult;

beforeAll(async () => {
  const path = join(dir, 'sample.duckdb');
  const w = await openDatabase(path);
  await prepareDatabase(w);
  await loadSampleIfEmpty(w, SAMPLE);
  await forecastAll(w, { horizon: 56 });
  await closeDatabase(w);
  db = await openDatabase(path, { readOnly: true });
  app = await buildApp({ readDb: db, writeDb: db, config: loadConfig({ CROSSINGS_API_KEYS: 'm:manager,p:planner' }) });
  await app.ready();
  significant = await loadPeaks(db, { from: FROM, to: TO });
  all = await loadPeaks(db, { from: FROM, to: TO, all: true });
}, 120_000);
afterAll(async () => {
  await app?.close();
  if (db) await closeDatabase(db);
});

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('significant peaks on the sample forecast', () => {
  it('does not list the cruise terminal\'s weekly ship days, which --all still shows', () => {
    const kaiTak = (r: PeaksResult) => r.periods.filter((p) => p.port_id === 'hk-kai-tak-cruise-terminal');
    expect(kaiTak(all).length).toBeGreaterThanOrEqual(8);
    expect(new Set(kaiTak(all).filter((p) => p.direction === 'arrival').map((p) => weekday(p.start))).size).toBe(1);
    expect(kaiTak(significant)).toEqual([]);
  });

  it('ranks Lunar New Year first at Lo Wu', () => {
    const [top] = significant.periods.filter((p) => p.port_id === 'hk-lo-wu');
    expect(top !== undefined && top.start <= '2026-02-23' && top.end >= '2026-02-14').toBe(true);
    expect(top?.holiday?.label).toMatch(/Lunar New Year|Spring Festival/);
    expect(top?.severity).toBeGreaterThan(0.3);
  });

  it('keeps a handful of periods per port and direction, each at least the minimum above normal', () => {
    const counts = new Map<string, number>();
    for (const p of significant.periods) counts.set(`${p.port_id} ${p.direction}`, (counts.get(`${p.port_id} ${p.direction}`) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(5);
    expect(significant.periods.length * 3).toBeLessThan(all.periods.length);
    expect(significant.periods.every((p) => p.severity >= significant.significance.min_excess)).toBe(true);
    expect(significant.periods.map((p) => p.severity)).toEqual([...significant.periods.map((p) => p.severity)].sort((a, b) => b - a));
  });

  it('gives the same severity in /api/peaks and in the CSV export', async () => {
    const api = (await app.inject({ url: `/api/peaks?from=${FROM}&to=${TO}`, headers: { 'x-api-key': 'p' } })).json() as PeaksResult & { periods: { rank: number }[] };
    const csv = await app.inject({ url: `/api/reports/peaks?from=${FROM}&to=${TO}&format=csv&level=periods`, headers: { 'x-api-key': 'm' } });
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.rawPayload, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => `${r['rank']} ${r['port_id']} ${r['direction']} ${r['start']}`)).toEqual(api.periods.map((p) => `${p.rank} ${p.port_id} ${p.direction} ${p.start}`));
    rows.forEach((r, i) => expect(Number(r['severity'])).toBeCloseTo(api.periods[i]!.severity, 4));
    expect(api.periods.map((p) => p.severity)).toEqual(significant.periods.map((p) => p.severity));
    const everything = (await app.inject({ url: `/api/peaks?from=${FROM}&to=${TO}&all=true`, headers: { 'x-api-key': 'p' } })).json() as PeaksResult;
    expect(everything.periods).toHaveLength(all.periods.length);
  });
});

/**
 * Staffing speed. The plan: 13 ports × 2 directions (26 series) × 56 days × 48 half-hour slots × 3 channels
 * (target: under 2 s). The reports: Lo Wu's 2-week plan as PDF (first, and again with the charts drawn) and
 * XLSX, built in-process and downloaded from the real server (first, and again from its cache), on the
 * sample data with a 28-day forecast (target: a PDF under 1 s after the first).
 * Run: npx tsx bench/staffing.ts   bench/run.ts can import benchStaffing().
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ForecastDay } from '../src/reports/forecastDays.js';
import { PORT_KINDS, resolveProfiles } from '../src/reports/profiles.js';
import type { StaffingParams } from '../src/reports/staffing/params.js';
import { DEFAULT_STAFFING_PARAMS, withStaffingDefaults } from '../src/reports/staffing/params.js';
import { staffingPlan } from '../src/reports/staffing/plan.js';
import { addDays } from '../src/isoDays.js';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/api/server.js';
import { forecastAll } from '../src/jobs/forecast.js';
import { buildStaffingReport } from '../src/reports/export/build.js';
import { withTempDir } from './tempDatabase.js';

const PORTS = 13;
const DAYS = 56;
const DIRECTIONS = ['arrival', 'departure'];

/** Times the plan for every series × 56 days × 48 slots; returns seconds per variant. */
export function benchStaffing(log: (line: string) => void = console.log): Record<string, number> {
  const ports = Array.from({ length: PORTS }, (_, i) => ({ port_id: `P${i}`, kind: PORT_KINDS[i % PORT_KINDS.length] ?? 'land' }));
  // Daily loads from 2,000 to about 250,000 travellers (the busiest HK land ports see 100,000+ each way).
  const forecasts: ForecastDay[] = [];
  for (const [i, p] of ports.entries()) {
    for (const direction of DIRECTIONS) {
      for (let d = 0; d < DAYS; d++) {
        const mean = 2000 + (i * 19_000 + (d % 7) * 3000) * (direction === 'arrival' ? 1 : 1.05);
        forecasts.push({ port_id: p.port_id, direction, date: addDays('2026-03-01', d), mean, hi80: mean * 1.1 });
      }
    }
  }
  const input = { forecasts, profiles: resolveProfiles(ports, DIRECTIONS, []), holidays: ['2026-04-03', '2026-04-04', '2026-04-06'] };
  const time = (params: StaffingParams, basis: 'mean' | 'hi80') => {
    const t0 = performance.now();
    const plan = staffingPlan(input, params, { basis });
    return { seconds: (performance.now() - t0) / 1000, plan };
  };

  time(DEFAULT_STAFFING_PARAMS, 'mean'); // warm-up: the first run pays for JIT compilation
  const patient = withStaffingDefaults({ channels: { counter: { patienceMinutes: 20 }, priority: { patienceMinutes: 20 } } });
  const mean = time(DEFAULT_STAFFING_PARAMS, 'mean');
  const hi80 = time(DEFAULT_STAFFING_PARAMS, 'hi80');
  const erlangA = time(patient, 'mean');
  const largest = mean.plan.slots.reduce((m, s) => Math.max(m, s.positions), 0);
  log(
    `staffing: ${PORTS * DIRECTIONS.length} series × ${DAYS} days × ${(24 * 60) / DEFAULT_STAFFING_PARAMS.slotMinutes} slots × 3 channels = ` +
      `${mean.plan.slots.length} slot rows, ${mean.plan.shifts.length} shift rows; the busiest slot needs ${largest} positions`,
  );
  log(
    `staffing plan: Erlang C on the mean ${mean.seconds.toFixed(3)} s, on hi80 ${hi80.seconds.toFixed(3)} s, ` +
      `Erlang A (20-min patience at counters) ${erlangA.seconds.toFixed(3)} s  (target < 2 s)`,
  );
  return { erlangCMean: mean.seconds, erlangCHi80: hi80.seconds, erlangA: erlangA.seconds };
}

const REPORT = { port: 'hk-lo-wu', from: '2026-01-01', to: '2026-01-14' };

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}

/** Times Lo Wu's 2-week staffing report in-process and through the server; returns seconds per step. */
export async function benchStaffingReports(log: (line: string) => void = console.log): Promise<Record<string, number>> {
  return withTempDir('crossings-bench-staffing-', async (dir) => {
    const running = await startServer({ ...loadConfig({ ...process.env, CROSSINGS_API_KEYS: '', LOG_LEVEL: 'warn' }), db: join(dir, 'bench.duckdb'), host: '127.0.0.1', port: 0 }, {
      afterLoad: async (db) => void (await forecastAll(db, { horizon: 28 })),
    });
    try {
      const db = running.app.readDb;
      const build = (format: 'pdf' | 'xlsx') => timed(() => buildStaffingReport(db, { ...REPORT, format }));
      const [, pdfFirst] = await build('pdf');
      const [, pdfAgain] = await build('pdf');
      const [, xlsx] = await build('xlsx');
      const url = (format: string, to = REPORT.to) => `${running.url}/api/reports/staffing?port=${REPORT.port}&from=${REPORT.from}&to=${to}&format=${format}`;
      const download = async (u: string) => timed(async () => {
        const res = await fetch(u);
        if (res.status !== 200) throw new Error(`${u}: HTTP ${res.status}`);
        return (await res.arrayBuffer()).byteLength;
      });
      // Another range: the charts and the plan are new, the fonts and the process warm.
      const [, apiOther] = await download(url('pdf', '2026-01-13'));
      const [bytes, apiFirst] = await download(url('pdf'));
      const [, apiCached] = await download(url('pdf'));
      log(`staffing report, Lo Wu ${REPORT.from}..${REPORT.to} (sample data): PDF ${pdfFirst.toFixed(2)} s first, ${pdfAgain.toFixed(2)} s again (charts drawn); XLSX ${xlsx.toFixed(2)} s`);
      log(`staffing report over the API: PDF of a new range ${apiOther.toFixed(2)} s, the 2-week PDF ${apiFirst.toFixed(2)} s (${Math.round(bytes / 1024)} KB), again ${(apiCached * 1000).toFixed(0)} ms from the cache  (target < 1 s after the first)`);
      return { pdfFirst, pdfAgain, xlsx, apiOther, apiFirst, apiCached };
    } finally {
      await running.close();
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchStaffing();
  await benchStaffingReports();
}

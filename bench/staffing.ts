/**
 * Staffing plan speed: 13 ports × 2 directions (26 series) × 56 days × 48 half-hour slots × 3 channels.
 * Run: npx tsx bench/staffing.ts   (target: under 2 s). bench/run.ts can import benchStaffing().
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ForecastDay } from '../src/reports/forecastDays.js';
import { PORT_KINDS, resolveProfiles } from '../src/reports/profiles.js';
import type { StaffingParams } from '../src/reports/staffing/params.js';
import { DEFAULT_STAFFING_PARAMS, withStaffingDefaults } from '../src/reports/staffing/params.js';
import { staffingPlan } from '../src/reports/staffing/plan.js';
import { addDays } from '../src/isoDays.js';

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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) benchStaffing();

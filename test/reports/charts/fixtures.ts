/** Realistic chart inputs read from the real ImmD file and holiday lists in /work/shared/data (no DB). */
import { readFileSync } from 'node:fs';
import type { Direction, ForecastRow, HolidayRow } from '../../../src/reports/charts/common.js';

const dataDir = process.env.CROSSINGS_SHARED_DATA ?? '/work/shared/data';

/** One ImmD row in long format. */
export interface ImmdRow {
  port: string;
  date: string;
  direction: Direction;
  count: number;
}

let cache: ImmdRow[] | undefined;

/** Every row of the ImmD daily file, dates turned from dd-mm-yyyy to YYYY-MM-DD. */
export function immdRows(): ImmdRow[] {
  if (cache) return cache;
  const text = readFileSync(`${dataDir}/hk_immd_daily_passenger_traffic.csv`, 'utf8').replace(/^\ufeff/, '');
  cache = text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const c = line.split(',');
      const [d, m, y] = (c[0] ?? '').split('-');
      return { port: c[1] ?? '', date: `${y}-${m}-${d}`, direction: (c[2] ?? '').toLowerCase() as Direction, count: Number(c[6]) };
    });
  return cache;
}

/** Rows of one port between two dates (inclusive). */
export function portRows(port: string, from: string, to: string): ImmdRow[] {
  return immdRows().filter((r) => r.port === port && r.date >= from && r.date <= to);
}

/** A plausible forecast after `lastActual`: same-weekday mean of the last 4 weeks, intervals widening with horizon. */
export function fakeForecast(history: readonly { date: string; count: number }[], h: number): ForecastRow[] {
  const last = history.slice(-28);
  const lastDate = history[history.length - 1]?.date ?? '2025-01-01';
  const start = Date.parse(`${lastDate}T00:00:00Z`);
  return Array.from({ length: h }, (_, i) => {
    const same = last.filter((_, j) => j % 7 === (i + 28) % 7).map((r) => r.count);
    const mean = same.reduce((a, b) => a + b, 0) / Math.max(1, same.length);
    const sd = Math.sqrt(same.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, same.length - 1)) + mean * 0.04;
    const w = Math.sqrt(1 + i / 7);
    const date = new Date(start + (i + 1) * 86_400_000).toISOString().slice(0, 10);
    const clamp = (v: number) => Math.max(0, Math.round(v));
    return { date, mean: clamp(mean), lo80: clamp(mean - 1.28 * sd * w), hi80: clamp(mean + 1.28 * sd * w), lo95: clamp(mean - 1.96 * sd * w), hi95: clamp(mean + 1.96 * sd * w) };
  });
}

/** Hong Kong public holidays (region HK) and mainland days off (region CN) between two dates. */
export function holidays(from: string, to: string): HolidayRow[] {
  const hk = (JSON.parse(readFileSync(`${dataDir}/hk_public_holidays_1823.json`, 'utf8')) as { name: string; date: string }[])
    .map((h) => ({ date: h.date, name: h.name, region: 'HK' }));
  const cn: HolidayRow[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const file = JSON.parse(readFileSync(`${dataDir}/cn_holidays/${y}.json`, 'utf8')) as { days: { name: string; date: string; isOffDay: boolean }[] };
    // Named as the calendar table stores them ("National Day & Mid-autumn Festival 国庆节、中秋节").
    for (const d of file.days) if (d.isOffDay) cn.push({ date: d.date, name: cnHolidayName(d.name), region: 'CN' });
  }
  return [...hk, ...cn].filter((h) => h.date >= from && h.date <= to);
}

import type { ChartInput, ChartName } from '../../../src/reports/charts/index.js';
import { cnHolidayName } from '../../../src/store/calendars.js';
import type { Lang } from '../../../src/reports/charts/common.js';

const pick = ({ date, count }: { date: string; count: number }) => ({ date, count });

/** A real-looking input for every chart: Lo Wu, Shenzhen Bay and all ports from the ImmD file. */
export function sampleInputs(lang: Lang): { [N in ChartName]: ChartInput<N> } {
  const loWu = portRows('Lo Wu', '2023-02-06', '2025-12-31');
  const actuals = loWu.filter((r) => r.direction === 'arrival' && r.date >= '2025-10-20' && r.date <= '2025-11-30').map(pick);
  const window = immdRows().filter((r) => r.date >= '2025-09-15' && r.date <= '2025-11-09' && !['Hung Hom', 'Sha Tau Kok'].includes(r.port));
  const perDay = new Map<string, { port: string; date: string; mean: number }>();
  for (const r of window) {
    const k = `${r.port}|${r.date}`;
    const cur = perDay.get(k) ?? { port: r.port, date: r.date, mean: 0 };
    cur.mean += r.count;
    perDay.set(k, cur);
  }
  // A peak is a day above the port's own 85th percentile in the window, as a first peak rule would flag.
  const p85 = new Map<string, number>();
  for (const port of new Set(window.map((r) => r.port))) {
    const xs = [...perDay.values()].filter((d) => d.port === port).map((d) => d.mean).sort((a, b) => a - b);
    p85.set(port, xs[Math.floor(xs.length * 0.85)] ?? Infinity);
  }
  return {
    forecast: { actuals, forecast: fakeForecast(actuals, 28), port: 'Lo Wu', direction: 'arrival', lang },
    history: { rows: loWu.map(({ date, direction, count }) => ({ date, direction, count })), port: 'Lo Wu', lang },
    calendar: {
      rows: loWu.filter((r) => r.direction === 'departure' && r.date >= '2025-01-01').map(pick),
      holidays: holidays('2025-01-01', '2025-12-31'),
      port: { name: 'Lo Wu', name_zh: '罗湖' },
      direction: 'departure',
      lang,
    },
    weekday: { rows: portRows('Shenzhen Bay', '2025-01-01', '2025-12-31').map(({ date, direction, count }) => ({ date, direction, count })), port: 'Shenzhen Bay', lang },
    ports: { rows: immdRows().filter((r) => r.date >= '2025-10-01').map(({ port, date, count }) => ({ port, port_zh: null, date, count })), lang },
    overview: {
      rows: [...perDay.values()].map((d) => ({ ...d, port_zh: null, peak: d.mean > (p85.get(d.port) ?? Infinity) })),
      holidays: holidays('2025-09-15', '2025-11-09'),
      lang,
    },
  };
}

/**
 * The outlook's period intervals away from the holiday blocks bench:outlook scores: from origins every 28 days of
 * 2024-01-05 … 2025-11 of the HK ImmD file, the total over all control points of the 7 and 14 days starting 7 and
 * 28 days after the origin, against the interval the outlook gives it from the hk-all forecasts (sumCells with the
 * aggregate's own between-days correlation, as loadOutlook picks it from aggregate_correlations); then the same for
 * bench:outlook's 18 holiday blocks at 7 and 28 days. Only hk-all is fitted (both directions, unreconciled:
 * reconciliation moves the means a little and keeps each interval's shape), so the whole run takes about a minute.
 * Also prints the per-day coverage of hk-all's own intervals over the same days, the days' mean 95 / 80 width ratio
 * and the mean between-days correlation used.
 *
 *   npx tsx bench/outlook-periods.ts
 */
import { ingestFile } from '../src/ingest/ingestFile.js';
import { addDays, daysBetween } from '../src/isoDays.js';
import { head } from '../src/models/backtest.js';
import { dayOf } from '../src/models/dates.js';
import { fitSeries, planSeries } from '../src/models/fitting.js';
import { aggregateSeries } from '../src/models/reconcile/aggregates.js';
import { MAX_LAGS, persistenceRows } from '../src/models/reconcile/persistence.js';
import { defaultCorrelation, resolvePeriod, sumCells, type OutlookCell } from '../src/reports/outlook.js';
import { numberTable as table } from '../src/reports/text.js';
import { loadCalendar, loadPortMeta, loadSeries } from '../src/store/series.js';
import { dataFile } from './dataFile.js';
import { withTempDatabase } from './tempDatabase.js';

const FIRST_ORIGIN = '2024-01-05';
const LAST_DAY = '2025-12-31';
const LEADS = [7, 28];
const LENGTHS = [7, 14];
const HOLIDAYS = ["New Year's Day", 'Lunar New Year', 'Easter', 'Ching Ming Festival', 'Labour Day', 'Tuen Ng Festival', 'National Day', 'Christmas'];

await withTempDatabase('crossings-bench-outlook-periods-', async (db) => {
  await ingestFile(db, dataFile('hk_immd_daily_passenger_traffic.csv'), { format: 'hk-immd' });
  const calendar = await loadCalendar(db);
  const series = (await loadSeries(db, { where: `c.category = 'total' and c.port_id in (select port_id from ports where country = 'HK')` }))
    .filter((s) => s.series.freq === 'day');
  const totals = aggregateSeries(series, await loadPortMeta(db)).filter((s) => s.port_id === 'hk-all');
  type Score = { n: number; in80: [number, number]; in95: [number, number]; width: [number, number]; days: number; day80: number; day95: number; ratio: number; rho: number; rhos: number };
  const score = new Map<string, Score>();
  const periods: { set: string; origin: string; from: string; to: string }[] = [];
  for (let origin = FIRST_ORIGIN; addDays(origin, 28 + 13) <= LAST_DAY; origin = addDays(origin, 28)) {
    for (const lead of LEADS) for (const len of LENGTHS) periods.push({ set: `${lead}|${len}`, origin, from: addDays(origin, lead), to: addDays(origin, lead + len - 1) });
  }
  for (const year of [2023, 2024, 2025]) {
    for (const holiday of HOLIDAYS) {
      const p = await resolvePeriod(db, { holiday, year });
      if (p.from >= '2023-07-01' && p.to <= LAST_DAY) for (const lead of LEADS) periods.push({ set: `${lead}|blocks`, origin: addDays(p.from, -lead), from: p.from, to: p.to });
    }
  }
  for (const { set, origin, from, to } of periods) {
    const len = daysBetween(from, to) + 1;
    const list = totals.map((s) => ({ ...s, series: head(s.series, dayOf(origin) - s.series.start) }));
    const plans = planSeries(list);
    const fits = list.map((s, k) => fitSeries({ calendar, horizon: daysBetween(origin, to), engine: {} }, { s, plan: plans[k]! }));
    // As loadAggregateDays: the shortest stored lag window that covers the period, else the longest.
    const lag = [...MAX_LAGS].find((l) => l >= len - 1) ?? MAX_LAGS[MAX_LAGS.length - 1]!;
    const persistence = persistenceRows(list.map((s, k) => ({ s, errors: fits[k]!.errors })));
    const stored = (key: string) => persistence.find((r) => `${r.aggregate_id}|${r.direction}` === key && r.max_lag === lag)?.days;
    const days = (key: string) => stored(key) ?? defaultCorrelation(len - 1).days;
    const cells: (OutlookCell & { actual: number; lo80: number; hi80: number; lo95: number; hi95: number })[] = list.flatMap((s, k) => {
      const full = totals[k]!.series;
      return fits[k]!.rows
        .filter((r) => r.category === 'total' && r.date >= from && r.date <= to)
        .map((r) => ({ port_id: s.port_id, direction: s.direction, date: r.date, mean: r.mean, lo80: r.lo80, hi80: r.hi80, lo95: r.lo95, hi95: r.hi95, actual: full.y[dayOf(r.date) - full.start]! }));
    });
    const actual = cells.reduce((sum, c) => sum + c.actual, 0);
    const s = score.get(set) ?? { n: 0, in80: [0, 0], in95: [0, 0], width: [0, 0], days: 0, day80: 0, day95: 0, ratio: 0, rho: 0, rhos: 0 };
    [false, true].forEach((normalSum, i) => {
      const e = sumCells(cells, { series: defaultCorrelation(len - 1).series, days, normalSum });
      s.in80[i]! += Number(actual >= e.lo80 && actual <= e.hi80);
      s.in95[i]! += Number(actual >= e.lo95 && actual <= e.hi95);
      s.width[i]! += (e.hi80 - e.lo80) / e.mean;
    });
    for (const c of cells) {
      s.days++;
      s.day80 += Number(c.actual >= c.lo80 && c.actual <= c.hi80);
      s.day95 += Number(c.actual >= c.lo95 && c.actual <= c.hi95);
      s.ratio += (c.hi95 - c.lo95) / (c.hi80 - c.lo80);
    }
    if (len > 1) {
      for (const t of list) {
        const r = stored(`${t.port_id}|${t.direction}`);
        if (r !== undefined) { s.rho += r; s.rhos++; }
      }
    }
    s.n++;
    score.set(set, s);
  }
  const rows = (keep: (set: string) => boolean) => [...score].filter(([set]) => keep(set)).map(([set, s]) => {
    const [lead, len] = set.split('|');
    const cell = (i: number) => `${s.in80[i]}/${s.n} / ${s.in95[i]}/${s.n} (${((100 * s.width[i]!) / s.n).toFixed(1)}%)`;
    return [lead!, len!, String(s.n), cell(0), cell(1), `${(s.day80 / s.days).toFixed(2)} / ${(s.day95 / s.days).toFixed(2)}`, (s.ratio / s.days).toFixed(2), s.rhos ? (s.rho / s.rhos).toFixed(2) : '-'];
  });
  const header = ['lead', 'days', 'periods', 'cov80 / cov95 (80% width), days\' ratio', 'cov80 / cov95 (80% width), normal sum (the outlook)', 'days in 80 / 95', 'day 95/80 width', 'mean rho days'];
  console.log('HK total over all control points (hk-all forecasts, unreconciled); periods after origins every 28 days from 2024-01-05');
  console.log(table(header, rows((set) => !set.endsWith('blocks'))));
  const pooled = (keep: (set: string) => boolean, i: number) => {
    const ss = [...score].filter(([set]) => keep(set)).map(([, s]) => s);
    const n = ss.reduce((a, s) => a + s.n, 0);
    return `${(ss.reduce((a, s) => a + s.in80[i]!, 0) / n).toFixed(2)} / ${(ss.reduce((a, s) => a + s.in95[i]!, 0) / n).toFixed(2)} of ${n}`;
  };
  console.log(`all: normal sum ${pooled((set) => !set.endsWith('blocks'), 1)}; days' ratio ${pooled((set) => !set.endsWith('blocks'), 0)}`);
  console.log('\nbench:outlook\'s holiday blocks');
  console.log(table(header, rows((set) => set.endsWith('blocks'))));
  console.log(`all: normal sum ${pooled((set) => set.endsWith('blocks'), 1)}; days' ratio ${pooled((set) => set.endsWith('blocks'), 0)}`);
});

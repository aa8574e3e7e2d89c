/**
 * The yardstick of issue 3: 50 HK series × 6 origins, horizon 28, data from 2021-01-01 up to each
 * origin. Loads the HK ImmD CSV through `crossings ingest` into a temporary DuckDB, then scores the
 * engine next to seasonal naive computed in the same run.
 *
 *   npx tsx bench/accuracy.ts            the six official origins
 *   npx tsx bench/accuracy.ts --dev      six 2024 origins used for development and tuning
 *   npx tsx bench/accuracy.ts --holdout  seven more origins (late 2023, 2024, Jan 2025 with Lunar New Year) checked, not tuned on
 *   npx tsx bench/accuracy.ts --compare  also our calreg / mstl / combination and @bsull/augurs MSTL, ETS
 *   npx tsx bench/accuracy.ts --ceiling  how far peak hit@3 could go: the engine's forecasts with some days made exact
 *   npx tsx bench/accuracy.ts --cn-after-origin projected|none  the mainland's holidays after each origin projected, or missing
 */
import { projectedCnHolidays } from '../src/store/calendars.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { augursEts, augursMstl } from '../src/models/baseline/augurs.js';
import { autoForecast, combination, prepareSeries } from '../src/models/auto.js';
import { head } from '../src/models/backtest.js';
import { holidayBlocks, holidayCalendar, nearHolidayDays, type HolidayCalendar } from '../src/models/calendar.js';
import { dayOf, isoOfDay } from '../src/models/dates.js';
import { recentRecord } from '../src/models/intervals/conformal.js';
import { addWindow, emptySums, maseScale, peakHit, scores, topDays, type ErrorSums } from '../src/models/metrics.js';
import { mstl } from '../src/models/ets/mstl.js';
import { seasonalNaiveForecast } from '../src/models/baseline/naive.js';
import { calendarRegression, fitCalendarRegression } from '../src/models/calreg/index.js';
import type { StoredSeries } from '../src/models/series.js';
import { loadCalendar, loadCalendarRows, loadSeries } from '../src/store/series.js';
import type { Forecast, Model, Series } from '../src/models/types.js';
import { numberTable as table } from '../src/reports/text.js';
import { withTempDatabase } from './tempDatabase.js';

const FILE = process.env['HK_CSV'] ?? new URL('../../shared/data/hk_immd_daily_passenger_traffic.csv', import.meta.url).pathname;
const OFFICIAL = ['2025-02-26', '2025-04-23', '2025-06-18', '2025-08-13', '2025-10-08', '2025-12-03'];
const DEV = ['2024-02-28', '2024-04-24', '2024-06-19', '2024-08-14', '2024-10-09', '2024-12-04'];
const HOLDOUT = ['2023-12-06', '2024-01-10', '2024-03-20', '2024-09-18', '2025-01-08', '2025-01-22', '2025-09-17'];
const H = 28;
const CLEAN_FROM = dayOf('2023-02-06');
const CATEGORY_PORTS = ['Lo Wu', 'Lok Ma Chau Spur Line', 'Airport', 'Shenzhen Bay'];
/** Ports whose traffic is ship calls and crew crossings, with no weekly or calendar pattern to rank days by. */
const SHIP_PORTS = ['Kai Tak Cruise Terminal', 'Harbour Control'];

const args = process.argv.slice(2);
const origins = args.includes('--dev') ? DEV : args.includes('--holdout') ? HOLDOUT : OFFICIAL;
const compare = args.includes('--compare');
// Tuning on the development origins: --reg halfLife=300,levelShare=0.7 overrides the regression's defaults.
const regArg = args[args.indexOf('--reg') + 1];
const regression = args.includes('--reg') && regArg
  ? Object.fromEntries(regArg.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k!, Number(v)]))
  : undefined;

// --var halfLife=180;knotEvery=28 adds regression variants to an ensemble (each ';'-separated item one variant).
const varArg = args[args.indexOf('--var') + 1];
const variants = args.includes('--var') && varArg
  ? varArg.split(';').map((item) => Object.fromEntries(item.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k!, Number(v)])))
  : undefined;
const regressionAll = regression || variants ? { ...regression, ...(variants ? { variants } : {}) } : undefined;
const precise = args.includes('--precise');
const peaks = args.includes('--peaks');
const ceiling = args.includes('--ceiling');
const byOrigin = args.includes('--by-origin');
/**
 * --cn-after-origin projected|none: the engine sees the mainland's holidays after each origin as projected from the
 * statutory rules (as for a year whose State Council list is not out yet), or not at all (what it had for such a year
 * before the projection); the official list up to the origin either way. The scores still use the official calendar.
 */
const cnAfterArg = args.includes('--cn-after-origin') ? args[args.indexOf('--cn-after-origin') + 1] : undefined;
if (cnAfterArg !== undefined && cnAfterArg !== 'projected' && cnAfterArg !== 'none') throw new Error(`--cn-after-origin is "${cnAfterArg}", expected projected or none`);

const hit3 = (a: ArrayLike<number>, f: ArrayLike<number>) => peakHit(a, f, 3);
const meanOf = (xs: ArrayLike<number>, idx: readonly number[]) => idx.reduce((s, i) => s + xs[i]!, 0) / idx.length;

/**
 * --ceiling, for one engine window: peak hit@3 of the engine; with the days of an HK or mainland holiday
 * and the days next to them (±1) replaced by the actual values (the other days rescaled to the window's
 * actual level); with, in addition, each weekday's level made exact (the engine's order within a weekday
 * kept); and whether the 3rd-highest actual day is within 2% of the 4th (a near tie).
 */
function ceilingWindow(actual: ArrayLike<number>, mean: ArrayLike<number>, od: number, nextToHoliday: ReadonlySet<number>): number[] {
  const n = actual.length;
  const near = Array.from({ length: n }, (_, i) => nextToHoliday.has(od + 1 + i));
  const ordinary = Array.from({ length: n }, (_, i) => i).filter((i) => !near[i]);
  const level = ordinary.length ? meanOf(actual, ordinary) / Math.max(meanOf(mean, ordinary), 1e-9) : 1;
  const holidays = Array.from({ length: n }, (_, i) => (near[i] ? actual[i]! : mean[i]! * level));
  const weekdays = holidays.slice();
  for (let wd = 0; wd < 7; wd++) {
    const idx = ordinary.filter((i) => i % 7 === wd);
    const m = idx.length ? meanOf(mean, idx) : 0;
    if (m > 0) for (const i of idx) weekdays[i] = (meanOf(actual, idx) * mean[i]!) / m;
  }
  const sorted = Array.from(actual).sort((a, b) => b - a);
  const tie = sorted[3]! <= 0 || sorted[2]! / sorted[3]! - 1 < 0.02 ? 1 : 0;
  return [hit3(actual, mean), hit3(actual, holidays), hit3(actual, weekdays), tie];
}
/**
 * --ceiling: peak hit@3 of the calendar regression fitted through the window's last day (in-sample: its
 * coefficients have seen the window, so it knows every holiday and level inside it; no robust refit, so
 * no window day is dropped). What the engine's model could score if estimation were perfect.
 */
function inSampleHit(s: StoredSeries, cutoff: number, actual: ArrayLike<number>, calendar: HolidayCalendar): number {
  const prepared = prepareSeries(head(s.series, cutoff + H)).series;
  const fit = fitCalendarRegression(prepared, { calendar, ...regression, robustPasses: 0 });
  const m = prepared.y.length;
  const fitted = Array.from({ length: H }, (_, i) => {
    const j = m - H + i;
    const r = fit.resid[j]!;
    return Number.isFinite(r) ? Math.expm1(Math.log1p(Math.max(0, prepared.y[j]!)) - r) : 0;
  });
  return hit3(actual, fitted);
}
const ceilingSums = [0, 0, 0, 0, 0];
let ceilingWindows = 0;
const peakTally = new Map<string, number>();
const tag = (cal: HolidayCalendar, d: number) =>
  `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][((d % 7) + 10) % 7]}${cal.hk.has(d) ? '+HK' : ''}${cal.cn.has(d) ? '+CN' : ''}`;

/** --peaks: prints the days where the forecast's top 3 and the actual top 3 differ, tallies their kinds. */
function missedPeaks(label: string, od: number, actual: ArrayLike<number>, mean: ArrayLike<number>, cal: HolidayCalendar): void {
  const ta = topDays(actual, 3);
  const tf = topDays(mean, 3);
  const missed = ta.filter((i) => !tf.includes(i));
  const wrong = tf.filter((i) => !ta.includes(i));
  if (!missed.length) return;
  const fmt = (i: number) => `${isoOfDay(od + 1 + i)} ${tag(cal, od + 1 + i)} a=${Math.round(actual[i]!)} f=${Math.round(mean[i]!)}`;
  console.log(`peak ${isoOfDay(od)} ${label}: missed [${missed.map(fmt).join('; ')}] picked [${wrong.map(fmt).join('; ')}]`);
  for (const i of missed) peakTally.set(`missed ${tag(cal, od + 1 + i)}`, (peakTally.get(`missed ${tag(cal, od + 1 + i)}`) ?? 0) + 1);
  for (const i of wrong) peakTally.set(`picked ${tag(cal, od + 1 + i)}`, (peakTally.get(`picked ${tag(cal, od + 1 + i)}`) ?? 0) + 1);
}

// --auto holidayWiden=2 overrides the engine's options.
const autoArg = args[args.indexOf('--auto') + 1];
const autoOpts: Record<string, number> = args.includes('--auto') && autoArg
  ? Object.fromEntries(autoArg.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k!, Number(v)]))
  : {};

/** The 50 series of the protocol: every port with traffic in 2025 × direction (total), plus categories of four ports. */
function protocolSeries(list: StoredSeries[]): StoredSeries[] {
  const from2025 = dayOf('2025-01-01');
  const active = new Set<string>();
  for (const s of list) {
    if (s.category !== 'total' || s.series.freq !== 'day') continue;
    for (let i = Math.max(0, from2025 - s.series.start); i < s.series.y.length; i++) if (s.series.y[i]! > 0) active.add(s.port);
  }
  return list.filter((s) => s.series.freq === 'day' && active.has(s.port) && (s.category === 'total' || CATEGORY_PORTS.includes(s.port)));
}

interface Tally {
  all: ErrorSums;
  holiday: ErrorSums;
  seconds: number;
  chosen: Record<string, number>;
  /** Forecast and actual totals per holiday block window: key → [forecast, actual]. */
  blocks: Map<string, [number, number]>;
}

const tally = (): Tally => ({ all: emptySums(), holiday: emptySums(), seconds: 0, chosen: {}, blocks: new Map() });

/** Holiday periods (HK or mainland holiday blocks, merged where they overlap) inside [from, to]. */
function holidayPeriods(cal: HolidayCalendar, from: number, to: number): Array<[number, number, string]> {
  const blocks = [...holidayBlocks(cal, 'HK', from, to), ...holidayBlocks(cal, 'CN', from, to)].sort((a, b) => a.start - b.start);
  const out: Array<[number, number, string]> = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (last && b.start <= last[1] + 1) {
      last[1] = Math.max(last[1], b.end);
      if (!last[2].includes(b.name)) last[2] += ` / ${b.name}`;
    } else out.push([b.start, b.end, b.name]);
  }
  return out.filter(([s, e]) => s >= from && e <= to);
}

async function main(): Promise<void> {
  await withTempDatabase('crossings-bench-', async (db) => {
    const t0 = performance.now();
    await ingestFile(db, FILE, { format: 'hk-immd' });
    const ingestSeconds = (performance.now() - t0) / 1000;
    const calendar = await loadCalendar(db);
    const calendarRows = await loadCalendarRows(db);
    /** The calendar the engine forecasts with: the official one, or the mainland's after the origin replaced (--cn-after-origin). */
    const engineCalendarAt = (origin: string): HolidayCalendar => {
      if (!cnAfterArg) return calendar;
      const kept = calendarRows.filter((r) => r.region !== 'CN' || r.kind === 'event' || r.date <= origin);
      if (cnAfterArg === 'none') return holidayCalendar(kept);
      const year = Number(origin.slice(0, 4));
      const projected = [year, year + 1].flatMap((y) => projectedCnHolidays(y)).filter((d) => d.date > origin);
      return holidayCalendar([...kept, ...projected]);
    };
    let engineCalendar = calendar;
    const list = protocolSeries(await loadSeries(db));
    const near = nearHolidayDays(calendar, 2);
    const nextToHoliday = nearHolidayDays(calendar, 1);
    const models: Array<[string, (train: Series) => Forecast]> = [
      ['engine (auto)', (train) => autoForecast(train, H, { calendar: engineCalendar, regression: regressionAll, ...autoOpts }).forecast],
      ['seasonal naive (weekly)', (train) => seasonalNaiveForecast(train.y, H, 7)],
    ];
    if (compare) {
      const prepared = (m: Model) => (train: Series) => m.fit(prepareSeries(train).series).predict(H);
      const cr = calendarRegression({ calendar });
      models.push(['calreg alone', prepared(cr)]);
      models.push(['mstl (ours) alone', prepared(mstl())]);
      models.push(['calreg+mstl', prepared(combination([cr, mstl()]))]);
      models.push(['@bsull/augurs MSTL(AutoETS) 7+365', prepared(augursMstl({ periods: [7, 365] }))]);
      models.push(['@bsull/augurs AutoETS 7', prepared(augursEts({ season: 7 }))]);
    }
    const results = new Map<string, Tally>(models.map(([name]) => [name, tally()]));
    const totalSeries = list.filter((s) => s.category === 'total');
    /** The engine's errors per origin (`--by-origin`). */
    const perOrigin = new Map<string, ErrorSums>(origins.map((o) => [o, emptySums()]));
    /** The engine's errors per kind of series: the ship and crew ports apart, the others by category (peak hit@3). */
    const byKind = new Map<string, { series: Set<StoredSeries>; sums: ErrorSums }>();
    /** Interval width per model and kind of series: sums (MSIS, coverage) and the largest hi95 / 365-day record. */
    const widths = new Map<string, { sums: ErrorSums; ratio: number }>();
    const addWidth = (key: string, actual: ArrayLike<number>, f: Forecast, scale: number, record: number) => {
      const w = widths.get(key) ?? { sums: emptySums(), ratio: 0 };
      addWindow(w.sums, actual, f, scale);
      if (record > 0) for (let i = 0; i < f.hi95.length; i++) w.ratio = Math.max(w.ratio, f.hi95[i]! / record);
      widths.set(key, w);
    };
    const kindOf = (s: StoredSeries) => (SHIP_PORTS.includes(s.port) ? `ship calls and crew (${SHIP_PORTS.join(', ')})` : s.category);
    for (const origin of origins) {
      const od = dayOf(origin);
      const periods = holidayPeriods(calendar, od + 1, od + H);
      engineCalendar = engineCalendarAt(origin);
      for (const s of list) {
        const cutoff = od - s.series.start;
        const train = head(s.series, cutoff);
        const actual = s.series.y.slice(cutoff + 1, cutoff + 1 + H);
        const scale = maseScale(s.series.y.subarray(Math.max(0, CLEAN_FROM - s.series.start), cutoff + 1), 7);
        for (const [name, fn] of models) {
          const t = results.get(name)!;
          const t1 = performance.now();
          const f = name === 'engine (auto)' ? autoWithChoice(train, engineCalendar, t) : fn(train);
          t.seconds += (performance.now() - t1) / 1000;
          addWindow(t.all, actual, f, scale);
          const record = recentRecord(train.y, 365);
          addWidth(`${name}|overall`, actual, f, scale, record);
          addWidth(`${name}|${kindOf(s)}`, actual, f, scale, record);
          if (name === 'engine (auto)') {
            addWindow(perOrigin.get(origin)!, actual, f, scale);
            const kind = byKind.get(kindOf(s)) ?? { series: new Set(), sums: emptySums() };
            kind.series.add(s);
            addWindow(kind.sums, actual, f, scale);
            byKind.set(kindOf(s), kind);
            if (peaks) missedPeaks(`${s.port} ${s.direction} ${s.category}`, od, actual, f.mean, calendar);
            if (ceiling) {
              [...ceilingWindow(actual, f.mean, od, nextToHoliday), inSampleHit(s, cutoff, actual, calendar)].forEach((v, k) => (ceilingSums[k]! += v));
              ceilingWindows++;
            }
          }
          addWindow(t.holiday, actual, f, scale, (i) => near.has(od + 1 + i));
          if (totalSeries.includes(s)) {
            for (const [ps, pe, pname] of periods) {
              const key = `${isoOfDay(ps)}..${isoOfDay(pe)} ${pname}`;
              const acc = t.blocks.get(key) ?? [0, 0];
              for (let d = ps; d <= pe; d++) {
                acc[0] += f.mean[d - od - 1]!;
                acc[1] += actual[d - od - 1]!;
              }
              t.blocks.set(key, acc);
            }
          }
        }
      }
    }
    const f2 = (x: number) => x.toFixed(2);
    const f1 = (x: number) => x.toFixed(1);
    console.log(`crossings accuracy bench: ${list.length} series × ${origins.length} origins (${origins.join(', ')}), horizon ${H}`);
    console.log(`data: ${FILE} (ingest ${ingestSeconds.toFixed(1)} s); MASE scale = mean |y_t − y_t−7| over 2023-02-06..origin\n`);
    const rows = [...results].map(([name, t]) => {
      const a = scores(t.all);
      return [name, precise ? a.mase.toFixed(4) : f2(a.mase), precise ? f2(a.wape) : f1(a.wape), precise ? a.cov80.toFixed(3) : f2(a.cov80), precise ? a.cov95.toFixed(3) : f2(a.cov95), precise ? a.peakHit3.toFixed(3) : f2(a.peakHit3), precise ? f2(scores(t.holiday).wape) : f1(scores(t.holiday).wape), f1(t.seconds)];
    });
    console.log(table(['model', 'MASE', 'WAPE %', 'cov80', 'cov95', 'peak hit@3', 'holiday WAPE %', 'seconds'], rows));
    const engine = results.get('engine (auto)')!;
    console.log('\ninterval width by kind of series: MSIS (95% Winkler score / MASE scale), coverage, largest hi95 / 365-day record');
    const kinds = ['overall', ...[...byKind.keys()].sort((a, b) => (a === 'total' ? -1 : b === 'total' ? 1 : a.startsWith('ship') ? 1 : b.startsWith('ship') ? -1 : a.localeCompare(b)))];
    const widthRows = kinds.map((kind) => {
      const e = widths.get(`engine (auto)|${kind}`)!;
      const nv = widths.get(`seasonal naive (weekly)|${kind}`)!;
      const es = scores(e.sums);
      const ns = scores(nv.sums);
      return [kind, f2(es.msis), f2(ns.msis), f2(es.msis / ns.msis), es.cov80.toFixed(3), es.cov95.toFixed(3), f2(e.ratio), f2(nv.ratio)];
    });
    console.log(table(['kind', 'engine MSIS', 'naive MSIS', 'engine / naive', 'engine cov80', 'engine cov95', 'engine max hi95/record', 'naive max hi95/record'], widthRows));
    if (byOrigin) {
      console.log('\nengine per origin: origin, MASE, WAPE %, cov80, cov95, peak hit@3');
      for (const [o, sums] of perOrigin) {
        const sc = scores(sums);
        console.log(`${o}  ${sc.mase.toFixed(4)}  ${f2(sc.wape)}  ${sc.cov80.toFixed(3)}  ${sc.cov95.toFixed(3)}  ${sc.peakHit3.toFixed(3)}`);
      }
    }
    console.log('\nengine peak hit@3 by kind of series');
    const rank = (kind: string) => (kind === 'total' ? 0 : kind.startsWith('ship') ? 2 : 1);
    const kindRows = [...byKind].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([kind, { series, sums }]) => [kind, String(series.size), `${Math.round(sums.peakHits * 3)} of ${sums.peakWindows * 3}`, scores(sums).peakHit3.toFixed(3)]);
    console.log(table(['kind', 'series', 'top-3 days hit', 'peak hit@3'], kindRows));
    console.log(`\nengine choices: ${Object.entries(engine.chosen).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const naive = results.get('seasonal naive (weekly)')!;
    console.log('\nholiday periods inside a window: forecast total over the period, all control points and both directions');
    const blockRows = [...engine.blocks].map(([key, [fc, act]]) => {
      const nv = naive.blocks.get(key)!;
      return [key, String(Math.round(act)), String(Math.round(fc)), `${f1((100 * (fc - act)) / act)}%`, `${f1((100 * (nv[0] - act)) / act)}%`];
    });
    console.log(table(['period', 'actual', 'engine', 'engine error', 'naive error'], blockRows));
    const errs = [...engine.blocks.values()].map(([fc, act]) => Math.abs(fc - act) / act);
    if (errs.length) console.log(`mean absolute error of the period totals: ${f1((100 * errs.reduce((a, b) => a + b, 0)) / errs.length)}%`);
    if (ceiling) {
      const [eng, hol, wd, ties, inSample] = ceilingSums.map((v) => (v / ceilingWindows).toFixed(3));
      console.log('\npeak hit@3 ceiling: the engine\'s forecasts with some days made exact (other days rescaled to the window\'s level),');
      console.log('and the calendar regression fitted through the window\'s last day (in-sample)');
      console.log(table(['engine', 'holiday days ±1 exact', '+ weekday levels exact', 'calreg in-sample', 'windows where 3rd day is within 2% of 4th'], [[eng!, hol!, wd!, inSample!, ties!]]));
    }
    if (peaks) console.log(`\npeak misses by kind: ${[...peakTally].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(`\nwhole engine backtest: ${f1(engine.seconds)} s`);
  });
}

function autoWithChoice(train: Series, calendar: HolidayCalendar, t: Tally): Forecast {
  const r = autoForecast(train, H, { calendar, regression: regressionAll, ...autoOpts });
  t.chosen[r.model] = (t.chosen[r.model] ?? 0) + 1;
  return r.forecast;
}

await main();

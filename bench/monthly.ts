/**
 * Accuracy and interval coverage of the engine on monthly series: the US BTS excerpt, loaded through
 * `crossings ingest --format us-bts` into a temporary DuckDB, forecast 12 months ahead from two sets of origins
 * (development: June and December 2005–2011; hold-out: June and December 2012–2018), each forecast using only the
 * months up to its origin. Seasonal naive (12) is computed in the same run. MASE scale = mean |y_t − y_t−12| up to
 * the origin.
 *
 *   npx tsx bench/monthly.ts [--folds N] [--calibration N] [--inflate X]
 *
 * --folds / --calibration override the engine's selection and calibration windows (monthly defaults 6 and 10;
 * `--folds 4 --calibration 4` is the engine before issue 3's seventh round), --inflate scales the interval offsets.
 *
 * Second protocol, the 2020–21 border restrictions (issue 20): the development file with 30 other ports through
 * June 2023, its 20 largest port × measure series of 2019 among personal vehicle passengers, pedestrians and trucks,
 * origins (last month of training) 2021-06, 2021-09, 2021-12, 2022-03, 2022-06, 12 months ahead. Both protocols also
 * run `@bsull/augurs` AutoETS (log1p counts, season 12, its own intervals). `--only excerpt|break` runs one.
 */
import { augursEts } from '../src/models/baseline/augurs.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { autoForecast } from '../src/models/auto.js';
import { head } from '../src/models/backtest.js';
import { numberTable as table } from '../src/reports/text.js';
import { monthOf } from '../src/models/dates.js';
import { addWindow, emptySums, maseScale, scores, type ErrorSums } from '../src/models/metrics.js';
import { seasonalNaiveForecast } from '../src/models/baseline/naive.js';
import type { StoredSeries } from '../src/models/series.js';
import { loadCalendar, loadSeries } from '../src/store/series.js';
import type { HolidayCalendar } from '../src/models/calendar.js';
import { dataFile } from './dataFile.js';
import { withTempDatabase } from './tempDatabase.js';

const FILE = dataFile('us_bts_border_crossing_excerpt.csv');
const DEV_FILE = dataFile('us_bts_border_crossing_dev_ports.csv');
const BREAK_ORIGINS = ['2021-06-01', '2021-09-01', '2021-12-01', '2022-03-01', '2022-06-01'];
const BREAK_MEASURES = ['personal_vehicle_passengers', 'pedestrians', 'trucks'];
const H = 12;
const args = process.argv.slice(2);
const numberArg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const folds = numberArg('--folds');
const calibrationFolds = numberArg('--calibration');
const inflate = numberArg('--inflate');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const etsModel = augursEts({ season: 12, window: 240 });
const originsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => [`${from + k}-06-01`, `${from + k}-12-01`]).flat();
const SETS: Array<[string, string[]]> = [
  ['development', originsOf(2005, 2011)],
  ['hold-out', originsOf(2012, 2018)],
];

/** Scores engine, seasonal naive and AutoETS over `list` × `origins` (at least `minTrain` months before each). */
function runSet(set: string, list: StoredSeries[], origins: string[], calendar: HolidayCalendar, minTrain: number, rows: string[][]): number {
  const engine = emptySums();
  const naive = emptySums();
  const aets = emptySums();
  let windows = 0;
  let seconds = 0;
  for (const origin of origins) {
    for (const s of list) {
      const cutoff = monthOf(origin) - s.series.start;
      // Enough months to train on and a whole year to score.
      if (cutoff < minTrain || cutoff + H >= s.series.y.length) continue;
      const train = head(s.series, cutoff);
      const actual = s.series.y.slice(cutoff + 1, cutoff + 1 + H);
      const scale = maseScale(train.y, 12);
      if (!(scale > 0)) continue;
      const t0 = performance.now();
      const f = autoForecast(train, H, { calendar, ...(folds ? { folds } : {}), ...(calibrationFolds ? { calibrationFolds } : {}), ...(inflate ? { inflate } : {}) }).forecast;
      seconds += (performance.now() - t0) / 1000;
      addWindow(engine, actual, f, scale);
      addWindow(naive, actual, seasonalNaiveForecast(train.y, H, 12), scale);
      addWindow(aets, actual, etsModel.fit(train).predict(H), scale);
      windows++;
    }
  }
  const row = (name: string, t: ErrorSums) => {
    const a = scores(t);
    return [`${set}: ${name}`, a.mase.toFixed(3), a.wape.toFixed(2), a.cov80.toFixed(3), a.cov95.toFixed(3), String(windows)];
  };
  const m = (t: ErrorSums) => scores(t).mase;
  const ratio = m(engine) / Math.min(m(naive), m(aets));
  rows.push(row('engine (auto)', engine), row('seasonal naive (12)', naive), row('augurs AutoETS', aets), [`${set}: engine / better baseline`, ratio.toFixed(3), '', '', '', '']);
  return seconds;
}

const HEADER = ['origins: model', 'MASE', 'WAPE %', 'cov80', 'cov95', 'windows'];

if (only !== 'break') {
  await withTempDatabase('crossings-monthly-', async (db) => {
    await ingestFile(db, FILE, { format: 'us-bts' });
    const calendar = await loadCalendar(db);
    const list = (await loadSeries(db)).filter((s) => s.series.freq === 'month');
    console.log(`crossings monthly bench: ${list.length} US BTS series, horizon ${H} months; engine folds ${folds ?? 'default (6)'}, calibration ${calibrationFolds ?? 'default (10)'}\n`);
    const rows: string[][] = [];
    let seconds = 0;
    for (const [set, origins] of SETS) seconds += runSet(set, list, origins, calendar, 36, rows);
    console.log(table(HEADER, rows));
    console.log(`\nengine time ${seconds.toFixed(1)} s; targets as for daily series: cov80 0.76–0.84, cov95 0.91–0.97\n`);
  });
}

if (only !== 'excerpt') {
  await withTempDatabase('crossings-monthly-break-', async (db) => {
    await ingestFile(db, DEV_FILE, { format: 'us-bts' });
    const calendar = await loadCalendar(db);
    const all = (await loadSeries(db)).filter((s) => s.series.freq === 'month' && BREAK_MEASURES.includes(s.category));
    const y2019 = monthOf('2019-01-01');
    const total2019 = (s: StoredSeries) => {
      let sum = 0;
      for (let t = y2019; t < y2019 + 12; t++) {
        const v = s.series.y[t - s.series.start];
        if (v !== undefined && Number.isFinite(v)) sum += v;
      }
      return sum;
    };
    const list = all.map((s) => ({ s, v: total2019(s) })).sort((a, b) => b.v - a.v).slice(0, 20).map((x) => x.s);
    console.log(`break protocol: ${DEV_FILE.split('/').pop()}, ${list.length} largest series of 2019 (of ${all.length}), origins ${BREAK_ORIGINS.map((o) => o.slice(0, 7)).join(', ')}, horizon ${H}\n`);
    const rows: string[][] = [];
    const seconds = runSet('2020-21 break', list, BREAK_ORIGINS, calendar, 24, rows);
    console.log(table(HEADER, rows));
    console.log(`\nengine time ${seconds.toFixed(1)} s; target: engine MASE <= 0.85 x the better baseline, cov80 0.76–0.84, cov95 0.91–0.97`);
  });
}

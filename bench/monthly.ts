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
 */
import { ingestFile } from '../src/ingest/ingestFile.js';
import { autoForecast } from '../src/models/auto.js';
import { head } from '../src/models/backtest.js';
import { table } from '../src/models/commands.js';
import { monthOf } from '../src/models/dates.js';
import { addWindow, emptySums, maseScale, scores, type ErrorSums } from '../src/models/metrics.js';
import { seasonalNaiveForecast } from '../src/models/naive.js';
import { loadCalendar, loadSeries } from '../src/models/series.js';
import { withTempDatabase } from './tempDatabase.js';

const FILE = new URL('../../shared/data/us_bts_border_crossing_excerpt.csv', import.meta.url).pathname;
const H = 12;
const args = process.argv.slice(2);
const numberArg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const folds = numberArg('--folds');
const calibrationFolds = numberArg('--calibration');
const inflate = numberArg('--inflate');
const originsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => [`${from + k}-06-01`, `${from + k}-12-01`]).flat();
const SETS: Array<[string, string[]]> = [
  ['development', originsOf(2005, 2011)],
  ['hold-out', originsOf(2012, 2018)],
];

await withTempDatabase('crossings-monthly-', async (db) => {
  await ingestFile(db, FILE, { format: 'us-bts' });
  const calendar = await loadCalendar(db);
  const list = (await loadSeries(db)).filter((s) => s.series.freq === 'month');
  console.log(`crossings monthly bench: ${list.length} US BTS series, horizon ${H} months; engine folds ${folds ?? 'default (6)'}, calibration ${calibrationFolds ?? 'default (10)'}\n`);
  const rows: string[][] = [];
  let seconds = 0;
  for (const [set, origins] of SETS) {
    const engine = emptySums();
    const naive = emptySums();
    let windows = 0;
    for (const origin of origins) {
      for (const s of list) {
        const cutoff = monthOf(origin) - s.series.start;
        // At least three years to train on and a whole year to score.
        if (cutoff < 36 || cutoff + H >= s.series.y.length) continue;
        const train = head(s.series, cutoff);
        const actual = s.series.y.slice(cutoff + 1, cutoff + 1 + H);
        const scale = maseScale(train.y, 12);
        if (!(scale > 0)) continue;
        const t0 = performance.now();
        const f = autoForecast(train, H, { calendar, ...(folds ? { folds } : {}), ...(calibrationFolds ? { calibrationFolds } : {}), ...(inflate ? { inflate } : {}) }).forecast;
        seconds += (performance.now() - t0) / 1000;
        addWindow(engine, actual, f, scale);
        addWindow(naive, actual, seasonalNaiveForecast(train.y, H, 12), scale);
        windows++;
      }
    }
    const row = (name: string, t: ErrorSums) => {
      const a = scores(t);
      return [`${set}: ${name}`, a.mase.toFixed(3), a.wape.toFixed(2), a.cov80.toFixed(3), a.cov95.toFixed(3), String(windows)];
    };
    rows.push(row('engine (auto)', engine), row('seasonal naive (12)', naive));
  }
  console.log(table(['origins: model', 'MASE', 'WAPE %', 'cov80', 'cov95', 'windows'], rows));
  console.log(`\nengine time ${seconds.toFixed(1)} s; targets as for daily series: cov80 0.76–0.84, cov95 0.91–0.97`);
});

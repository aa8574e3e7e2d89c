/**
 * Reconciliation on the full HK ImmD file (issue 20 item 3): at six 2025 origins, every HK series and the directly
 * forecast aggregates (all control points, land / sea / air, per direction) fitted by the engine on data up to the
 * origin, as `crossings forecast` fits them, then made coherent by each method; MASE and WAPE of the 28 days after
 * the origin at each level of the hierarchy.
 *
 *   npm run bench:reconcile                     the six origins, 28 days ahead
 *   npm run bench:reconcile -- --horizon 56     another horizon
 *
 * MASE: each series' mean absolute error over a window divided by the mean absolute weekly difference of its last
 * year before the origin, averaged over the series and origins of a level; WAPE: the level's absolute errors over its
 * actuals, pooled. 'base' is the engine's own forecast of every node (the aggregates forecast directly), incoherent.
 */
import { forecastWorkers } from '../src/config.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { dayOf } from '../src/models/dates.js';
import { holidayCalendar } from '../src/models/calendar.js';
import { seriesFits } from '../src/models/fitting.js';
import { maseScale } from '../src/models/metrics.js';
import { aggregateSeries, TOTAL } from '../src/models/reconcile/aggregates.js';
import { reconcileForecasts, type NodeForecast } from '../src/models/reconcile/forecasts.js';
import { METHODS, type Method } from '../src/models/reconcile/reconcile.js';
import type { ForecastRow } from '../src/models/rows.js';
import type { StoredSeries } from '../src/models/series.js';
import { runTasks } from '../src/models/worker.js';
import { numberTable as table } from '../src/reports/text.js';
import { loadCalendarRows, loadPortMeta, loadSeries } from '../src/store/series.js';
import { dataFile } from './dataFile.js';
import { withTempDatabase } from './tempDatabase.js';

const FILE = process.env['HK_CSV'] ?? dataFile('hk_immd_daily_passenger_traffic.csv');
/** The official origins of bench:accuracy: six 2025 windows, Labour Day and National Day among them. */
const ORIGINS = ['2025-02-26', '2025-04-23', '2025-06-18', '2025-08-13', '2025-10-08', '2025-12-03'];
const args = process.argv.slice(2);
const H = Number(args[args.indexOf('--horizon') + 1] ?? 28) || 28;
const LEVELS = ['all', 'mode', 'port', 'category'] as const;
type Level = (typeof LEVELS)[number];
const LEVEL_NAMES: Record<Level, string> = { all: 'all control points', mode: 'land / sea / air', port: 'port totals', category: 'categories' };

interface Sums { scaled: number; windows: number; absErr: number; actual: number }
const empty = (): Sums => ({ scaled: 0, windows: 0, absErr: 0, actual: 0 });

function levelOf(r: ForecastRow, aggregate: boolean): Level {
  if (aggregate) return r.port_id.endsWith('-all') ? 'all' : 'mode';
  return r.category === TOTAL ? 'port' : 'category';
}

await withTempDatabase('crossings-bench-reconcile-', async (db) => {
  const t0 = performance.now();
  await ingestFile(db, FILE, { format: 'hk-immd' });
  const hk = { where: `c.port_id in (select port_id from ports where country = 'HK')` };
  const [full, calendarRows, meta] = await Promise.all([loadSeries(db, hk), loadCalendarRows(db), loadPortMeta(db)]);
  const calendar = holidayCalendar(calendarRows);
  const fullAggregates = aggregateSeries(full, meta);
  const actualOf = new Map<string, StoredSeries>([...full, ...fullAggregates].map((s) => [s.series.key, s]));
  const sums = new Map<string, Sums>(METHODS.flatMap((m) => LEVELS.map((l) => [`${m}|${l}`, empty()] as const)));
  const lambdas: string[] = [];
  let fitSeconds = 0;
  let reconcileSeconds = 0;
  let aggregateCount = '';
  for (const origin of ORIGINS) {
    const list = await loadSeries(db, { ...hk, until: origin });
    const aggregates = aggregateSeries(list, meta);
    aggregateCount = `${aggregates.length} of ${list.length + aggregates.length}`;
    const every = [...list, ...aggregates];
    const context = { calendar, horizon: H, engine: {} };
    const t1 = performance.now();
    const fits = await runTasks('forecast', context, seriesFits({ ...context, list: every }), { workers: forecastWorkers() });
    fitSeconds += (performance.now() - t1) / 1000;
    const nodes: NodeForecast[] = every.map((s, k) => ({ s, ...fits[k]! }));
    const ports = nodes.slice(0, list.length);
    const aggs = nodes.slice(list.length);
    const cut = dayOf(origin);
    for (const method of METHODS) {
      const t2 = performance.now();
      const r = reconcileForecasts(ports, aggs, meta, method);
      if (method === 'wls') reconcileSeconds += (performance.now() - t2) / 1000;
      if (method === 'mint-shrink') lambdas.push(...r.notes.map((n) => `${origin} ${n.direction} λ ${n.lambda.toFixed(3)} (${n.nodes} nodes, ${n.bottom} bottom)`));
      for (const [rows, aggregate] of [[r.rows, false], [r.aggregates, true]] as const) {
        const bySeries = new Map<string, ForecastRow[]>();
        for (const row of rows) {
          const key = `${row.port_id}|${row.direction}|${row.category}`;
          const l = bySeries.get(key);
          if (l) l.push(row);
          else bySeries.set(key, [row]);
        }
        for (const [key, window] of bySeries) {
          const s = actualOf.get(key);
          if (!s) continue;
          const at = (day: number) => s.series.y[day - s.series.start] ?? NaN;
          const year = Array.from({ length: 365 }, (_, i) => at(cut - 364 + i));
          const scale = maseScale(year, 7);
          let absErr = 0;
          let actual = 0;
          let n = 0;
          for (const row of window) {
            const a = at(dayOf(row.date));
            if (!Number.isFinite(a)) continue;
            absErr += Math.abs(a - row.mean);
            actual += a;
            n++;
          }
          if (n === 0) continue;
          const sum = sums.get(`${method}|${levelOf(window[0]!, aggregate)}`)!;
          sum.absErr += absErr;
          sum.actual += actual;
          if (scale > 0 && Number.isFinite(scale)) {
            sum.scaled += absErr / n / scale;
            sum.windows++;
          }
        }
      }
    }
  }
  const score = (m: Method, l: Level) => {
    const s = sums.get(`${m}|${l}`)!;
    return { mase: s.scaled / s.windows, wape: (100 * s.absErr) / s.actual, windows: s.windows };
  };
  console.log(`\nHK ImmD file, origins ${ORIGINS.join(', ')}, ${H} days ahead: MASE / WAPE % by level (windows: series × origins)`);
  console.log(table(
    ['level', 'windows', ...METHODS],
    LEVELS.map((l) => [LEVEL_NAMES[l], String(score('base', l).windows), ...METHODS.map((m) => `${score(m, l).mase.toFixed(4)} / ${score(m, l).wape.toFixed(2)}`)]),
  ));
  console.log(`\nMinT-shrink's shrinkage intensity:\n${lambdas.join('\n')}`);
  console.log(`\nfitting ${fitSeconds.toFixed(1)} s (${aggregateCount} of the series per origin are aggregates), reconciling by WLS ${(1000 * reconcileSeconds / ORIGINS.length).toFixed(0)} ms per origin, whole run ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});

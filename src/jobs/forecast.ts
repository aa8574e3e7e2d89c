/** The forecast job: fit every series, forecast from the period after its last date, store the run. */
import { writeFileSync } from 'node:fs';
import { toCsv } from '../csv.js';
import { type Database } from '../store/db.js';
import { CrossingsError, modelMessages } from '../messages.js';
import { type AutoOptions } from '../models/auto.js';
import { isoOf, isoOfDay } from '../models/dates.js';
import { planSeries, seriesFits, type FitContext, type ModelProgress, type SeriesStatus } from '../models/fitting.js';
import type { StoredSeries } from '../models/series.js';
import { holidayCalendar } from '../models/calendar.js';
import type { ForecastRow } from '../models/rows.js';
import { runTasks } from '../models/worker.js';
import { storeForecasts } from '../store/forecastRows.js';
import { firstProjectedHolidayDay, loadCalendarRows, loadPortMeta, loadSeries } from '../store/series.js';
import { aggregateSeries } from '../models/reconcile/aggregates.js';
import { DEFAULT_METHOD, reconcileForecasts, type NodeForecast } from '../models/reconcile/forecasts.js';
import type { Method } from '../models/reconcile/reconcile.js';
import { persistenceRows, type PersistenceRow } from '../models/reconcile/persistence.js';
import type { PortMeta } from '../models/reconcile/aggregates.js';
import type { TaskDone } from '../models/worker.js';

/**
 * Fits and forecasts every series from the period after its last date, and the aggregates of each country's daily
 * control points (all, land / sea / air) directly; reconciles them (`reconcile`, default DEFAULT_METHOD, see
 * docs/reconciliation.md) so categories sum to the port and ports to the aggregates; stores and returns the run.
 * `workers`: fit in that many worker threads (config.forecastWorkers) instead of this thread; the same rows, in the same
 * order, either way.
 */
export async function forecastAll(
  db: Database,
  options: { horizon: number; progress?: ModelProgress; engine?: Partial<AutoOptions>; workers?: number; clock?: () => number; reconcile?: Method },
): Promise<{ runId: number; rows: ForecastRow[]; aggregates: ForecastRow[]; seconds: number; projectedHolidaysFrom?: string; statusLines: string[] }> {
  // The run's recorded seconds come from the clock given (tests pass a fixed one), else the process's.
  const clock = options.clock ?? (() => performance.now());
  const t0 = clock();
  const [list, calendarRows, meta] = await Promise.all([loadSeries(db), loadCalendarRows(db), loadPortMeta(db)]);
  const calendar = holidayCalendar(calendarRows);
  const projected = firstProjectedHolidayDay(calendarRows);
  if (list.length === 0) throw new CrossingsError(modelMessages.noSeries(db.path));
  const context: FitContext = { calendar, horizon: options.horizon, engine: options.engine ?? {} };
  const every = list.length + aggregateSeries(list, meta).length;
  const onDone = (label: string, done: number) => options.progress?.(done, every, label);
  const { rows, aggregates, persistence } = await fitReconciled(list, meta, context, { workers: options.workers, onDone, method: options.reconcile });
  const seconds = (clock() - t0) / 1000;
  // Daily series use the holidays up to their last forecast day (monthly series have no holiday terms).
  const plans = planSeries(list);
  const daily = list.flatMap((s, k) => (s.series.freq === 'day' ? [plans[k]!.first - 1 + options.horizon] : []));
  const from = projected && daily.length && isoOfDay(Math.max(...daily)) >= projected ? projected : undefined;
  const statusLines = seriesStatusLines(list, plans);
  const note = ['forecast', ...(from ? [`mainland holidays from ${from} projected`] : []), ...statusLines].join('; ');
  const runId = await storeForecasts(db, rows, { horizon: options.horizon, seriesCount: list.length, seconds, note, aggregates, persistence });
  return { runId, rows, aggregates, seconds, ...(from ? { projectedHolidaysFrom: from } : {}), statusLines };
}

/**
 * Fits `list` and the aggregates of its daily control points (aggregateSeries) and reconciles them by `method` (default
 * DEFAULT_METHOD): the ports' rows, the aggregates' rows and how the aggregates' errors persist between days. The
 * forecast job's fitting, shared with the benches that must forecast as it does.
 */
export async function fitReconciled(
  list: readonly StoredSeries[],
  meta: ReadonlyMap<string, PortMeta>,
  context: FitContext,
  options: { workers?: number | undefined; onDone?: (label: string, done: number) => void; method?: Method | undefined } = {},
): Promise<{ rows: ForecastRow[]; aggregates: ForecastRow[]; persistence: PersistenceRow[] }> {
  const every = [...list, ...aggregateSeries(list, meta)];
  const onDone: TaskDone = (k, done) => options.onDone?.(every[k]!.series.key, done);
  const fits = await runTasks('forecast', context, seriesFits({ ...context, list: every }), { workers: options.workers, onDone });
  const nodes: NodeForecast[] = every.map((s, k) => ({ s, ...fits[k]! }));
  const { rows, aggregates } = reconcileForecasts(nodes.slice(0, list.length), nodes.slice(list.length), meta, options.method ?? DEFAULT_METHOD);
  return { rows, aggregates, persistence: persistenceRows(nodes.slice(list.length)) };
}

/**
 * One line per status other than current, naming the ports and their last data date. A port with a total series is
 * listed under the total's status; a port without one (monthly measures) under the status its series share, or, when
 * they differ, with the measures that have it ("Madawaska: buses, bus passengers").
 */
export function seriesStatusLines(list: readonly StoredSeries[], plans: readonly { status: SeriesStatus; last: number }[]): string[] {
  const ports = new Map<string, { name: string; series: { category: string; status: SeriesStatus; last: string }[] }>();
  list.forEach((s, k) => {
    const port = ports.get(s.port_id) ?? { name: s.port, series: [] };
    port.series.push({ category: s.category, status: plans[k]!.status, last: isoOf(s.series.freq, plans[k]!.last) });
    ports.set(s.port_id, port);
  });
  const entries: { status: SeriesStatus; text: string }[] = [];
  for (const { name, series } of ports.values()) {
    const total = series.find((x) => x.category === 'total');
    const shared = total ? [total] : series.every((x) => x.status === series[0]!.status) ? [series[0]!] : undefined;
    if (shared) {
      entries.push({ status: shared[0]!.status, text: `${name} (data to ${shared[0]!.last})` });
      continue;
    }
    for (const key of new Set(series.map((x) => `${x.status} ${x.last}`))) {
      const some = series.filter((x) => `${x.status} ${x.last}` === key);
      entries.push({ status: some[0]!.status, text: `${name}: ${some.map((x) => x.category.replaceAll('_', ' ')).join(', ')} (data to ${some[0]!.last})` });
    }
  }
  const named = (status: SeriesStatus) =>
    entries
      .filter((e) => e.status === status)
      .map((e) => e.text)
      .join('; ');
  const lines: string[] = [];
  if (named('closed')) lines.push(modelMessages.closedPorts(named('closed')));
  if (named('stale')) lines.push(modelMessages.stalePorts(named('stale')));
  if (named('gone')) lines.push(modelMessages.gonePorts(named('gone')));
  return lines;
}

/** Writes forecast rows as CSV with exactly the columns port,direction,category,date,mean,lo80,hi80,lo95,hi95. */
export function writeForecastCsv(rows: readonly ForecastRow[], file: string): void {
  writeFileSync(file, toCsv(rows as unknown as Record<string, unknown>[], ['port', 'direction', 'category', 'date', 'mean', 'lo80', 'hi80', 'lo95', 'hi95']));
}

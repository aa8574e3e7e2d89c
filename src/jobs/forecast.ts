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
import { firstProjectedHolidayDay, loadCalendarRows, loadSeries } from '../store/series.js';


/**
 * Fits and forecasts every series from the period after its last date; stores and returns the run. `workers`: fit in
 * that many worker threads (config.forecastWorkers) instead of this thread; the same rows, in the same order, either way.
 */
export async function forecastAll(
  db: Database,
  options: { horizon: number; progress?: ModelProgress; engine?: Partial<AutoOptions>; workers?: number; clock?: () => number },
): Promise<{ runId: number; rows: ForecastRow[]; seconds: number; projectedHolidaysFrom?: string; statusLines: string[] }> {
  // The run's recorded seconds come from the clock given (tests pass a fixed one), else the process's.
  const clock = options.clock ?? (() => performance.now());
  const t0 = clock();
  const [list, calendarRows] = await Promise.all([loadSeries(db), loadCalendarRows(db)]);
  const calendar = holidayCalendar(calendarRows);
  const projected = firstProjectedHolidayDay(calendarRows);
  if (list.length === 0) throw new CrossingsError(modelMessages.noSeries(db.path));
  const context: FitContext = { calendar, horizon: options.horizon, engine: options.engine ?? {} };
  const onDone = (k: number, done: number) => options.progress?.(done, list.length, list[k]!.series.key);
  const fits = await runTasks('forecast', context, seriesFits({ ...context, list }), { workers: options.workers, onDone });
  const rows = fits.flat();
  const seconds = (clock() - t0) / 1000;
  // Daily series use the holidays up to their last forecast day (monthly series have no holiday terms).
  const plans = planSeries(list);
  const daily = list.flatMap((s, k) => (s.series.freq === 'day' ? [plans[k]!.first - 1 + options.horizon] : []));
  const from = projected && daily.length && isoOfDay(Math.max(...daily)) >= projected ? projected : undefined;
  const statusLines = seriesStatusLines(list, plans);
  const note = ['forecast', ...(from ? [`mainland holidays from ${from} projected`] : []), ...statusLines].join('; ');
  const runId = await storeForecasts(db, rows, { horizon: options.horizon, seriesCount: list.length, seconds, note });
  return { runId, rows, seconds, ...(from ? { projectedHolidaysFrom: from } : {}), statusLines };
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

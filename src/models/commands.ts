/**
 * The forecasting jobs the CLI and the API call: forecast every series, backtest at given origins,
 * and score stored forecasts against actuals loaded since.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultDbPath } from '../config.js';
import { toCsv } from '../csv.js';
import { all, type Database } from '../store/db.js';
import { withDatabase } from '../store/open.js';
import { CrossingsError, modelMessages } from '../messages.js';
import { autoForecast, prepareSeries, type AutoOptions } from './auto.js';
import { head } from './backtest.js';
import { isoOf, isoOfDay, periodOf } from './dates.js';
import { fitAll, planSeries, round, type FitInput, type FitJob, type ModelProgress, type SeriesStatus } from './fitting.js';
import { addWindow, emptySums, maseScale, scores, type ErrorSums, type Scores } from './metrics.js';
import { seasonalNaiveForecast } from './naive.js';
import { firstProjectedHolidayDay, loadCalendar, loadCalendarRows, loadSeries, type StoredSeries } from './series.js';
import { holidayCalendar } from './calendar.js';
import { storeBacktests, storeForecasts, type BacktestRow, type ForecastRow } from './store.js';
import type { Forecast } from './types.js';

/** Fits and forecasts every series from the period after its last date; stores and returns the run. */
export async function forecastAll(
  db: Database,
  options: { horizon: number; progress?: ModelProgress; engine?: Partial<AutoOptions>; fit?: FitJob },
): Promise<{ runId: number; rows: ForecastRow[]; seconds: number; projectedHolidaysFrom?: string; statusLines: string[] }> {
  const t0 = performance.now();
  const [list, calendarRows] = await Promise.all([loadSeries(db), loadCalendarRows(db)]);
  const calendar = holidayCalendar(calendarRows);
  const projected = firstProjectedHolidayDay(calendarRows);
  if (list.length === 0) throw new CrossingsError(modelMessages.noSeries(db.path));
  const input: FitInput = { list, calendar, horizon: options.horizon, engine: options.engine ?? {} };
  const rows = options.fit ? await options.fit(input) : fitAll(input, options.progress);
  const seconds = (performance.now() - t0) / 1000;
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

/** Scores of one model, overall or for one series. */
export interface ScoreRow extends Scores {
  model: string;
  port_id?: string;
  port?: string;
  direction?: string;
  category?: string;
}

export interface BacktestSummary {
  runId: number;
  horizon: number;
  origins: string[];
  seconds: number;
  models: ScoreRow[];
  series: ScoreRow[];
  /** How often the engine chose each model. */
  chosen: Record<string, number>;
}

/**
 * Rolling-origin backtest of the engine ('auto') and seasonal naive at each origin (data up to and
 * including the origin; monthly series use the origin's month). Stores `backtests` and returns scores.
 */
export async function backtestAll(
  db: Database,
  options: { horizon: number; origins: readonly string[]; progress?: ModelProgress; engine?: Partial<AutoOptions> },
): Promise<BacktestSummary> {
  const t0 = performance.now();
  if (options.origins.length === 0) throw new CrossingsError(modelMessages.noOrigins());
  for (const o of options.origins) if (!/^\d{4}-\d{2}-\d{2}$/.test(o) || Number.isNaN(Date.parse(o))) throw new CrossingsError(modelMessages.badOrigin(o));
  const [list, calendar] = await Promise.all([loadSeries(db), loadCalendar(db)]);
  const h = options.horizon;
  const total = new Map<string, ErrorSums>();
  const perSeries = new Map<string, { s: StoredSeries; model: string; sums: ErrorSums }>();
  const rows: BacktestRow[] = [];
  const chosen: Record<string, number> = {};
  let done = 0;
  for (const s of list) {
    const { freq, start, y } = s.series;
    const m = freq === 'day' ? 7 : 12;
    for (const origin of options.origins) {
      const cutoff = periodOf(freq, origin) - start;
      if (cutoff < 2 * m || cutoff >= y.length - 1) continue;
      const train = head(s.series, cutoff);
      const actual = new Float64Array(h).fill(NaN);
      for (let i = 0; i < h && cutoff + 1 + i < y.length; i++) actual[i] = y[cutoff + 1 + i]!;
      const prepared = prepareSeries(train).series;
      const scale = maseScale(prepared.y, m);
      const auto = autoForecast(train, h, { calendar, ...options.engine });
      chosen[auto.model] = (chosen[auto.model] ?? 0) + 1;
      const candidates: Array<[string, Forecast]> = [
        ['auto', auto.forecast],
        [`snaive${m}`, seasonalNaiveForecast(train.y, h, m)],
      ];
      for (const [model, f] of candidates) {
        const sums = total.get(model) ?? emptySums();
        total.set(model, sums);
        addWindow(sums, actual, f, scale);
        const key = `${s.series.key}|${model}`;
        const ps = perSeries.get(key) ?? { s, model, sums: emptySums() };
        perSeries.set(key, ps);
        addWindow(ps.sums, actual, f, scale);
        for (let i = 0; i < h; i++) {
          rows.push({
            port_id: s.port_id, port: s.port, direction: s.direction, category: s.category,
            cutoff: isoOf(freq, start + cutoff), date: isoOf(freq, start + cutoff + 1 + i), model,
            actual: Number.isFinite(actual[i]!) ? actual[i]! : null,
            mean: round(f.mean[i]!), lo80: round(f.lo80[i]!), hi80: round(f.hi80[i]!), lo95: round(f.lo95[i]!), hi95: round(f.hi95[i]!),
          });
        }
      }
    }
    options.progress?.(++done, list.length, s.series.key);
  }
  if (rows.length === 0) throw new CrossingsError(modelMessages.noBacktestWindows(options.origins));
  const seconds = (performance.now() - t0) / 1000;
  const runId = await storeBacktests(db, rows, { horizon: h, seriesCount: list.length, seconds, note: `backtest origins ${options.origins.join(',')}` });
  return {
    runId,
    horizon: h,
    origins: [...options.origins],
    seconds,
    models: [...total].map(([model, sums]) => ({ model, ...scores(sums) })),
    series: [...perSeries.values()].map(({ s, model, sums }) => ({
      model, port_id: s.port_id, port: s.port, direction: s.direction, category: s.category, ...scores(sums),
    })),
    chosen,
  };
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** Plain-text tables of a backtest summary: per model, then per series. */
export function formatBacktestTable(summary: BacktestSummary): string {
  const head = ['model', 'MASE', 'WAPE %', 'sMAPE %', 'cov80', 'cov95', 'peak hit@3', 'n'];
  const line = (r: ScoreRow, label: string) => [label, f2(r.mase), f1(r.wape), f1(r.smape), f2(r.cov80), f2(r.cov95), f2(r.peakHit3), String(r.n)];
  const out = [
    `backtest run ${summary.runId}: horizon ${summary.horizon}, origins ${summary.origins.join(', ')} (${summary.seconds.toFixed(1)} s)`,
    '',
    table(head, summary.models.map((r) => line(r, r.model))),
    '',
    `engine choices: ${Object.entries(summary.chosen).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    table(['series', ...head], summary.series.map((r) => [`${r.port} ${r.direction} ${r.category}`, ...line(r, r.model)])),
  ];
  return out.join('\n');
}

/** A left/right aligned text table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/** How stored forecasts did against actuals loaded since, per run, per run and series, per run and horizon week. */
export interface AccuracyReport {
  runs: Array<{ run_id: number; created_at: string } & AccuracyScores>;
  series: Array<{ run_id: number; port: string; direction: string; category: string } & AccuracyScores>;
  horizons: Array<{ run_id: number; horizon: string } & AccuracyScores>;
}

export interface AccuracyScores {
  n: number;
  mae: number;
  wape: number;
  cov80: number;
  cov95: number;
}

/** Scores every stored forecast that now has an actual (horizon in steps from the run's first date). */
export async function accuracy(db: Database): Promise<AccuracyReport> {
  const rows = await all(
    db,
    `with act as (
       select port_id, direction, category, date, sum(count)::double as actual
         from crossings group by all),
     fc as (
       select f.*, row_number() over (partition by f.run_id, f.port_id, f.direction, f.category order by f.date) as step
         from forecasts f)
     select fc.run_id, strftime(r.created_at, '%Y-%m-%d %H:%M') as created_at, coalesce(p.name, fc.port_id) as port,
            fc.direction, fc.category, fc.step::int as step, act.actual, fc.mean, fc.lo80, fc.hi80, fc.lo95, fc.hi95
       from fc join act using (port_id, direction, category, date)
       join forecast_runs r on r.run_id = fc.run_id
       left join ports p on p.port_id = fc.port_id
      order by fc.run_id, port, fc.direction, fc.category, step`,
  );
  const groups = <K extends string>(keyOf: (r: Record<string, unknown>) => K) => {
    const m = new Map<K, { first: Record<string, unknown>; acc: number[] }>();
    for (const r of rows) {
      const k = keyOf(r);
      const g = m.get(k) ?? { first: r, acc: [0, 0, 0, 0, 0] };
      m.set(k, g);
      const a = Number(r['actual']);
      const e = Math.abs(a - Number(r['mean']));
      g.acc[0]! += 1;
      g.acc[1]! += e;
      g.acc[2]! += a;
      if (a >= Number(r['lo80']) && a <= Number(r['hi80'])) g.acc[3]! += 1;
      if (a >= Number(r['lo95']) && a <= Number(r['hi95'])) g.acc[4]! += 1;
    }
    return [...m.values()].map(({ first, acc }) => ({
      first,
      s: { n: acc[0]!, mae: acc[1]! / acc[0]!, wape: acc[2]! > 0 ? (100 * acc[1]!) / acc[2]! : NaN, cov80: acc[3]! / acc[0]!, cov95: acc[4]! / acc[0]! },
    }));
  };
  const week = (step: number) => `${7 * Math.floor((step - 1) / 7) + 1}-${7 * Math.floor((step - 1) / 7) + 7}`;
  return {
    runs: groups((r) => String(r['run_id'])).map(({ first, s }) => ({ run_id: Number(first['run_id']), created_at: String(first['created_at']), ...s })),
    series: groups((r) => `${r['run_id']}|${r['port']}|${r['direction']}|${r['category']}`).map(({ first, s }) => ({
      run_id: Number(first['run_id']), port: String(first['port']), direction: String(first['direction']), category: String(first['category']), ...s,
    })),
    horizons: groups((r) => `${r['run_id']}|${week(Number(r['step']))}`).map(({ first, s }) => ({
      run_id: Number(first['run_id']), horizon: week(Number(first['step'])), ...s,
    })),
  };
}

/** Plain-text tables of an accuracy report. */
export function formatAccuracy(report: AccuracyReport): string {
  if (report.runs.length === 0) return modelMessages.noForecastsYet();
  const cols = (s: AccuracyScores) => [String(s.n), f1(s.mae), f1(s.wape), f2(s.cov80), f2(s.cov95)];
  return [
    table(['run', 'created', 'n', 'MAE', 'WAPE %', 'cov80', 'cov95'], report.runs.map((r) => [String(r.run_id), r.created_at, ...cols(r)])),
    '',
    table(['run', 'horizon (steps)', 'n', 'MAE', 'WAPE %', 'cov80', 'cov95'], report.horizons.map((r) => [String(r.run_id), r.horizon, ...cols(r)])),
    '',
    table(['run', 'series', 'n', 'MAE', 'WAPE %', 'cov80', 'cov95'], report.series.map((r) => [String(r.run_id), `${r.port} ${r.direction} ${r.category}`, ...cols(r)])),
  ].join('\n');
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(modelMessages.badHorizon(value));
  return n;
};



/** Adds `forecast`, `backtest` and `accuracy` to the crossings program (commander v14). */
export function registerModelCommands(program: Command, out: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): Command {
  const dbOption = () => new Option('--db <path>', 'DuckDB file').default(defaultDbPath());
  program
    .command('forecast')
    .description('Fit and forecast every series from the period after its last date; store the run.')
    .addOption(dbOption())
    .requiredOption('--horizon <n>', 'periods ahead (days for daily series, months for monthly)', positiveInt)
    .option('--out <file>', 'also write the forecast as CSV')
    .action(async (opts: { db: string; horizon: number; out?: string }) => {
      await withDatabase(opts.db, async (db) => {
        const r = await forecastAll(db, { horizon: opts.horizon });
        if (opts.out) writeForecastCsv(r.rows, opts.out);
        const series = new Set(r.rows.map((x) => `${x.port_id}|${x.direction}|${x.category}`)).size;
        out(`forecast run ${r.runId}: ${series} series × ${opts.horizon} periods in ${r.seconds.toFixed(1)} s${opts.out ? `, written to ${opts.out}` : ''}`);
        if (r.projectedHolidaysFrom) out(modelMessages.projectedHolidays(r.projectedHolidaysFrom));
        for (const line of r.statusLines) out(`Note: ${line}.`);
      });
    });
  program
    .command('backtest')
    .description('Rolling-origin backtest of the engine and seasonal naive; prints MASE, WAPE, sMAPE, coverage and peak hit@3.')
    .addOption(dbOption())
    .requiredOption('--horizon <n>', 'periods ahead', positiveInt)
    .requiredOption('--origins <dates>', 'comma-separated origins YYYY-MM-DD (last day of training data)')
    .action(async (opts: { db: string; horizon: number; origins: string }) => {
      const origins = opts.origins.split(',').map((s) => s.trim()).filter(Boolean);
      await withDatabase(opts.db, async (db) => out(formatBacktestTable(await backtestAll(db, { horizon: opts.horizon, origins }))));
    });
  program
    .command('accuracy')
    .description('How stored forecasts did against the actuals loaded since.')
    .addOption(dbOption())
    .action(async (opts: { db: string }) => {
      await withDatabase(opts.db, async (db) => out(formatAccuracy(await accuracy(db))), { readOnly: true });
    });
  return program;
}

/**
 * The holiday outlook (issue 20): what an agency announces before a holiday or for the weeks ahead.
 * Total trips over a period through all control points, split by land / sea / air, the peak day of each
 * direction, and the daily average at the five busiest control points, each with its 80% and 95% interval,
 * labelled in English, Simplified and Traditional Chinese. Computed once here as plain data; the CLI, the
 * API, the dashboard and the PDF only render it.
 */
import { requireForecastRun } from '../store/lookups.js';
import type { Database } from '../store/db.js';
import { all } from '../store/db.js';
import { CrossingsError, outlookMessages as msg } from '../messages.js';
import { addDays, daysBetween } from '../isoDays.js';
import { hantLabels, toHant } from './hant.js';
import { holidayNameIn, holidayNameZh } from './holidayNames.js';
import { holidaySpans, loadCalendar, loadForecastDays, type CalendarDay, type ForecastDay } from './forecastDays.js';
import { coverRange, type Coverage } from './staffing/coverage.js';
import { combineHalfWidths, measureCorrelation, sumHalf80, type Correlation, type PastError } from './outlookIntervals.js';
import DEFAULT_CORRELATION from './outlook-correlation.json' with { type: 'json' };
import { MODES, modeOfKind, type Mode } from '../models/reconcile/modes.js';
import { aggregateId } from '../models/reconcile/aggregates.js';

export { MODES, modeOfKind, type Mode } from '../models/reconcile/modes.js';
export type Lang = 'en' | 'zh-Hans' | 'zh-Hant';
export const LANGS: readonly Lang[] = ['en', 'zh-Hans', 'zh-Hant'];

/** A figure with its 80% and 95% interval, in travellers, rounded to the unit. */
export interface Estimate {
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** A port as the outlook names it. */
export interface OutlookPort {
  port_id: string;
  name: string;
  name_zh: string | null;
  name_zh_hant: string | null;
  kind: string;
}

/** Names of one thing in the three languages. */
export type Names = Record<Lang, string>;

/** A named holiday block of the calendar. */
export interface HolidayBlock {
  region: string;
  name: string;
  start: string;
  end: string;
}

/** The holiday an outlook was asked for, with the calendar's blocks it covers. */
export interface OutlookHoliday {
  query: string;
  year: number;
  names: Names;
  blocks: HolidayBlock[];
}

export interface Outlook {
  run_id: number;
  from: string;
  to: string;
  days: number;
  country: string;
  holiday: OutlookHoliday | null;
  coverage: Coverage;
  correlation: Correlation;
  /** Every trip over the period through every control point, both directions. */
  total: Estimate;
  by_mode: ({ mode: Mode; names: Names; ports: number } & Estimate)[];
  by_direction: ({ direction: string; names: Names } & Estimate)[];
  /** Each day's expected trips (means); the period total is their sum. */
  daily: { date: string; arrival: number; departure: number; total: number }[];
  peak_days: ({ direction: string; date: string; names: Names } & Estimate)[];
  /** The five control points with the most expected trips: their daily average over the period. */
  busiest: ({ port_id: string; names: Names; mode: Mode } & Estimate)[];
  labels: Record<Lang, OutlookLabels>;
}

/** One forecast cell the outlook adds up: one port, direction and day (total travellers). */
export type OutlookCell = Required<Pick<ForecastDay, 'port_id' | 'direction' | 'date' | 'mean'>> & Pick<ForecastDay, 'lo80' | 'hi80' | 'lo95' | 'hi95'>;

const LABELS_EN = {
  title: 'Holiday outlook', titlePeriod: 'Outlook', total: 'All control points', land: 'Land', sea: 'Sea', air: 'Air', other: 'Other',
  arrival: 'Arrivals', departure: 'Departures', bothDirections: 'both directions',
  byMode: 'By control point type', peakDay: 'Peak day', busiest: 'Daily average at the five busiest control points',
  controlPoint: 'Control point', type: 'Type', direction: 'Direction', expected: 'Expected', interval80: '80% interval', interval95: '95% interval', date: 'Date', days: 'days',
  forecastRun: 'forecast run', comma: ', ', colon: ': ',
  intervalNote: 'Intervals of the totals are the totals\u2019 own daily forecast intervals, those of the busiest control points their own, combined over days and directions with the correlation of past errors, measured on backtests',
  betweenPorts: 'between control points', betweenDays: 'between days',
};
export type OutlookLabels = typeof LABELS_EN;

const LABELS_ZH: OutlookLabels = {
  title: '假期出入境预测', titlePeriod: '出入境预测', total: '所有管制站', land: '陆路', sea: '海路', air: '空路', other: '其他',
  arrival: '入境', departure: '出境', bothDirections: '双向',
  byMode: '按管制站类别', peakDay: '最高峰日', busiest: '五个最繁忙管制站的每日平均',
  controlPoint: '管制站', type: '类别', direction: '方向', expected: '预计', interval80: '80% 区间', interval95: '95% 区间', date: '日期', days: '日',
  forecastRun: '预测批次', comma: '，', colon: '：',
  intervalNote: '总数的区间取自总数本身的每日预测区间，最繁忙管制站的取自其本身的区间，按过往预测误差的相关度（由回测量得）跨日、跨方向合并',
  betweenPorts: '管制站之间', betweenDays: '日与日之间',
};

/** The outlook's labels in the three languages (Traditional from Simplified, Hong Kong usage). */
export const OUTLOOK_LABELS: Record<Lang, OutlookLabels> = { en: LABELS_EN, 'zh-Hans': LABELS_ZH, 'zh-Hant': hantLabels(LABELS_ZH) };

const labelNames = (key: keyof OutlookLabels): Names => ({ en: OUTLOOK_LABELS.en[key], 'zh-Hans': OUTLOOK_LABELS['zh-Hans'][key], 'zh-Hant': OUTLOOK_LABELS['zh-Hant'][key] });

function portNames(p: OutlookPort | undefined, id: string): Names {
  const zh = p?.name_zh ?? p?.name ?? id;
  return { en: p?.name ?? id, 'zh-Hans': zh, 'zh-Hant': p?.name_zh_hant ?? toHant(zh) };
}

// ---------------------------------------------------------------------------------------------
// holiday blocks

/** Names a calendar day answers to: as stored, its English and Chinese names, and each part of a joint name. */
function namesOfDay(name: string): string[] {
  const en = holidayNameIn(name, 'en');
  const zh = holidayNameZh(name);
  return [name, en, zh, toHant(zh), ...en.split(' & '), ...zh.split('、'), ...toHant(zh).split('、')];
}

/** Case, spacing and apostrophes do not matter: "lunar new year" finds "Lunar New Year’s Day"'s block. */
const normal = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s'’\-_.]/g, '');

/**
 * Hong Kong and the mainland call some holidays differently (Lunar New Year 农历新年, Spring Festival 春节);
 * a planner asking for one means the festival, so either name finds both regions' blocks.
 */
const SAME_FESTIVAL: readonly (readonly string[])[] = [
  ['Lunar New Year', 'Spring Festival', '农历新年', '農曆新年', '春节', '春節'],
  ['Ching Ming Festival', 'Tomb-sweeping Day'],
  ['Tuen Ng Festival', 'Dragon Boat Festival'],
];

/** The normalised names a holiday query answers to: itself and its other region's English name. */
function queryNames(name: string): Set<string> {
  const wanted = normal(name);
  const group = SAME_FESTIVAL.find((g) => g.some((n) => normal(n) === wanted));
  return new Set([wanted, ...(group ?? []).map(normal)]);
}

/**
 * The calendar's blocks of holiday `name` (English, Simplified or Traditional) that start in `year`:
 * consecutive holiday days of a region, any of whose days bear the name. Empty when none does.
 * Example: "Lunar New Year", 2026 → HK 2026-02-17 to 02-19 and CN 2026-02-15 to 02-23; with region HK, the first.
 */
export function holidayBlocks(calendar: readonly CalendarDay[], name: string, year: number, region?: string): HolidayBlock[] {
  const wanted = queryNames(name);
  const named = calendar.filter((d) => d.kind === 'holiday' && (!region || d.region === region));
  return holidaySpans(named, 1)
    .filter((s) => Number(s.start.slice(0, 4)) === year)
    .filter((s) => named.some((d) => d.region === s.region && d.date >= s.start && d.date <= s.end && namesOfDay(d.name).some((n) => wanted.has(normal(n)))))
    .map((s) => ({ region: s.region, name: s.name, start: s.start, end: s.end }));
}

/** The holiday names of a year's calendar, in English, for "did you mean". */
export function holidayNamesOf(calendar: readonly CalendarDay[], year: number): string[] {
  const names = new Map<string, string>();
  for (const d of calendar) {
    // HK and the mainland spell some alike but for case ("Mid-Autumn", "Mid-autumn"): list one.
    if (d.kind === 'holiday' && d.date.startsWith(String(year))) names.set(normal(holidayNameIn(d.name, 'en')), holidayNameIn(d.name, 'en'));
  }
  return [...names.values()].sort();
}

/** A holiday's names in the three languages, from the first of its days that bears the name asked. */
function holidayNames(calendar: readonly CalendarDay[], blocks: readonly HolidayBlock[], query: string): Names {
  const wanted = normal(query);
  const inBlocks = calendar.filter((d) => blocks.some((b) => b.region === d.region && d.date >= b.start && d.date <= b.end));
  // Named as asked: a day bearing the very name first, then one of the same festival's other name.
  const day = inBlocks.find((d) => namesOfDay(d.name).some((n) => normal(n) === wanted))
    ?? inBlocks.find((d) => namesOfDay(d.name).some((n) => queryNames(query).has(normal(n))));
  const stored = day?.name ?? query;
  const en = holidayNameIn(stored, 'en');
  const zh = holidayNameZh(stored);
  // A joint name ("National Day & Mid-autumn Festival") is called by the part asked.
  const part = en.split(' & ').find((p) => normal(p) === wanted) ?? en;
  return { en: part, 'zh-Hans': zh, 'zh-Hant': toHant(zh) };
}

// ---------------------------------------------------------------------------------------------
// sums with intervals

/** Half-widths of one cell: upper and lower, at 80% and 95% (intervals need not be symmetric). */
interface Halves {
  up80: number;
  down80: number;
  up95: number;
  down95: number;
}

function halvesOf(c: OutlookCell): Halves {
  const gap = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null ? 0 : Math.max(0, a - b));
  return { up80: gap(c.hi80, c.mean), down80: gap(c.mean, c.lo80), up95: gap(c.hi95, c.mean), down95: gap(c.mean, c.lo95) };
}

const HALF_KEYS = ['up80', 'down80', 'up95', 'down95'] as const;

/** Combines half-widths of several terms, key by key, at correlation rho. */
function combine(parts: readonly Halves[], rho: number): Halves {
  const out = { up80: 0, down80: 0, up95: 0, down95: 0 };
  for (const k of HALF_KEYS) out[k] = combineHalfWidths(parts.map((p) => p[k]), rho);
  return out;
}

/** An estimate from an integer mean and half-widths; lower bounds stop at zero, since counts never go below. */
function estimate(mean: number, h: Halves, scale = 1): Estimate {
  const r = (x: number) => Math.round(x / scale);
  return { mean: r(mean), lo80: r(Math.max(0, mean - h.down80)), hi80: r(mean + h.up80), lo95: r(Math.max(0, mean - h.down95)), hi95: r(mean + h.up95) };
}

/**
 * Sum of cells with its interval: days of one series combine at the between-days correlation, then series
 * at the between-series one (a separable approximation of how errors co-move). Means are whole travellers
 * per cell first, so every total is exactly the sum of its parts.
 */
export function sumCells(cells: readonly OutlookCell[], rho: SumCorrelation, scale = 1): Estimate {
  const bySeries = new Map<string, OutlookCell[]>();
  let mean = 0;
  for (const c of cells) {
    mean += Math.round(c.mean);
    const key = `${c.port_id}|${c.direction}`;
    const list = bySeries.get(key);
    if (list) list.push(c);
    else bySeries.set(key, [c]);
  }
  const daysOf = rho.days;
  const series = [...bySeries].map(([key, list]) => combine(list.map(halvesOf), typeof daysOf === 'number' ? daysOf : daysOf(key)));
  const h = combine(series, rho.series);
  if (rho.normalSum && new Set(cells.map((c) => c.date)).size > 1) {
    h.up80 = sumHalf80(h.up80, h.up95);
    h.down80 = sumHalf80(h.down80, h.down95);
  }
  return estimate(mean, h, scale);
}

/**
 * How the cells of a sum co-move: between series, between days (one figure or one per series); `normalSum`: a sum of
 * several days takes its 80% interval at least at the normal share of its 95% one (sumHalf80).
 */
export interface SumCorrelation {
  series: number;
  days: number | ((series: string) => number);
  normalSum?: boolean;
}

/** The day with the most expected trips in one direction across all cells, with that day's interval. */
export function peakDay(cells: readonly OutlookCell[], direction: string, rho: { series: number; days: number }): ({ date: string } & Estimate) | undefined {
  const totals = new Map<string, number>();
  for (const c of cells) if (c.direction === direction) totals.set(c.date, (totals.get(c.date) ?? 0) + Math.round(c.mean));
  let best: string | undefined;
  for (const [date, v] of totals) if (best === undefined || v > totals.get(best)! || (v === totals.get(best)! && date < best)) best = date;
  if (best === undefined) return undefined;
  return { date: best, ...sumCells(cells.filter((c) => c.direction === direction && c.date === best), rho) };
}

/** Options of an outlook: a period, or a holiday of a year. */
export interface OutlookRequest {
  from: string;
  to: string;
  runId: number;
  country: string;
  holiday: OutlookHoliday | null;
  coverage: Coverage;
  correlation: Correlation;
  /**
   * The run's reconciled aggregate forecasts (port_id hk-all, hk-land, ...): where given, the total, the modes, the
   * directions and the peak days take their intervals from the aggregates' own, not from the ports'.
   */
  aggregates?: readonly OutlookCell[];
  /**
   * Each aggregate's own between-days correlation for the period, by `aggregate_id|direction` (measured on its backtest
   * errors when the run was made); where missing, the ports' `correlation.days`.
   */
  aggregateDays?: Readonly<Record<string, number>>;
}

/** Builds the outlook from forecast cells and ports (pure: the loader below fetches them). */
export function buildOutlook(cells: readonly OutlookCell[], ports: readonly OutlookPort[], req: OutlookRequest): Outlook {
  const rho = { series: req.correlation.series, days: req.correlation.days };
  const aggregates = req.aggregates ?? [];
  /** The aggregate's cells, or undefined where the run has none (then the ports' cells are summed). */
  const aggregate = (what: 'all' | Mode, keep: (c: OutlookCell) => boolean = () => true) => {
    const id = aggregateId(req.country, what);
    const own = aggregates.filter((c) => c.port_id === id && keep(c));
    return own.length ? own : undefined;
  };
  // A total's errors persist between days longer than a port's: its days combine with its own correlation.
  // Its days' errors are heavy-tailed where their sum's are not: its 80% interval keeps the normal share of its 95% one.
  const aggregateRho = { series: rho.series, days: (key: string) => req.aggregateDays?.[key] ?? rho.days, normalSum: true };
  /** A sum over the port cells kept, from the aggregate's own cells where the run has them. */
  const sumOf = (what: 'all' | Mode, keep: (c: OutlookCell) => boolean) => {
    const own = aggregate(what, keep);
    return own ? sumCells(own, aggregateRho) : sumCells(cells.filter((c) => (what === 'all' || modeOf(c.port_id) === what) && keep(c)), rho);
  };
  const portById = new Map(ports.map((p) => [p.port_id, p]));
  const modeOf = (id: string) => modeOfKind(portById.get(id)?.kind);
  const { from, to } = req.coverage;
  const days = daysBetween(from, to) + 1;

  const dailyMap = new Map<string, { date: string; arrival: number; departure: number; total: number }>();
  for (let d = from; d <= to; d = addDays(d, 1)) dailyMap.set(d, { date: d, arrival: 0, departure: 0, total: 0 });
  for (const c of cells) {
    const day = dailyMap.get(c.date);
    if (!day) continue;
    const v = Math.round(c.mean);
    if (c.direction === 'arrival') day.arrival += v;
    else day.departure += v;
    day.total += v;
  }

  const byMode = MODES.map((mode) => {
    const inMode = cells.filter((c) => modeOf(c.port_id) === mode);
    return { mode, names: labelNames(mode), ports: new Set(inMode.map((c) => c.port_id)).size, ...(inMode.length ? sumOf(mode, () => true) : sumCells(inMode, rho)) };
  }).filter((m) => m.mode !== 'other' || m.ports > 0);

  const directions = ['arrival', 'departure'].filter((d) => cells.some((c) => c.direction === d));
  const perPort = new Map<string, number>();
  for (const c of cells) perPort.set(c.port_id, (perPort.get(c.port_id) ?? 0) + Math.round(c.mean));
  const busiest = [...perPort].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([id]) => ({
    port_id: id, names: portNames(portById.get(id), id), mode: modeOf(id), ...sumCells(cells.filter((c) => c.port_id === id), rho, days),
  }));

  return {
    run_id: req.runId, from, to, days, country: req.country, holiday: req.holiday, coverage: req.coverage, correlation: req.correlation,
    total: sumOf('all', () => true),
    by_mode: byMode,
    by_direction: directions.map((d) => ({ direction: d, names: labelNames(d as 'arrival' | 'departure'), ...sumOf('all', (c) => c.direction === d) })),
    daily: [...dailyMap.values()],
    peak_days: directions.flatMap((d) => {
      const p = peakDay(cells, d, rho);
      return p ? [{ direction: d, names: labelNames(d as 'arrival' | 'departure'), ...p, ...sumOf('all', (c) => c.direction === d && c.date === p.date) }] : [];
    }),
    busiest,
    labels: OUTLOOK_LABELS,
  };
}

// ---------------------------------------------------------------------------------------------
// loading

/** Days every series of the ports has forecasts for in a run: the latest first day, the earliest last day. */
async function forecastSpanOf(db: Database, runId: number, ports: readonly string[]): Promise<{ first: string; last: string } | undefined> {
  const rows = await all(
    db,
    `select strftime(max(first), '%Y-%m-%d') as first, strftime(min(last), '%Y-%m-%d') as last from (
       select min(date) as first, max(date) as last from forecasts
        where run_id = $run and category = 'total' and list_contains(string_split($ports, chr(31)), port_id) group by port_id, direction)`,
    { run: runId, ports: ports.join('\u001f') },
  );
  const first = rows[0]?.['first'];
  const last = rows[0]?.['last'];
  return typeof first === 'string' && typeof last === 'string' ? { first, last } : undefined;
}

/** The outlook's ports: a country's control points with daily counts (a monthly total has no peak day). */
async function loadPorts(db: Database, country: string): Promise<OutlookPort[]> {
  return (await all(
    db,
    `select port_id, name, name_zh, name_zh_hant, kind from ports p
      where country = $country and exists (select 1 from crossings c where c.port_id = p.port_id and c.freq in ('day', 'hour'))
      order by port_id`,
    { country },
  )) as unknown as OutlookPort[];
}

/**
 * The correlations of past errors from the latest backtest run of the engine ("auto") over the country's
 * total series, for periods of `days` days; the bundled figures (measured the same way on the full HK
 * file, src/reports/outlook-correlation.json names the command) where no backtest measures them.
 */
export async function loadCorrelation(db: Database, country: string, days: number): Promise<Correlation> {
  const maxLag = Math.max(0, days - 1);
  const latest = await all(db, `select max(run_id)::int as run from backtests where model = 'auto'`);
  const run = latest[0]?.['run'];
  if (typeof run === 'number') {
    // Backtest runs are never edited, so a run's measurement holds for as long as the process lives.
    const key = `${db.path}|${run}|${country}|${maxLag}`;
    let measured = measuredCache.get(key);
    if (!measured) {
      measured = measureCorrelation(await loadPastErrors(db, run, country), maxLag, `backtests run ${run}`);
      measuredCache.set(key, measured);
    }
    if (Number.isFinite(measured.series) && (maxLag === 0 || Number.isFinite(measured.days))) return { ...measured, days: maxLag === 0 ? 0 : measured.days };
  }
  return defaultCorrelation(maxLag);
}

const measuredCache = new Map<string, Correlation>();

/** The engine's past errors on a country's total series in one backtest run. */
async function loadPastErrors(db: Database, run: number, country: string): Promise<PastError[]> {
  return (await all(
    db,
    `select strftime(b.cutoff, '%Y-%m-%d') as cutoff, b.port_id, b.direction, strftime(b.date, '%Y-%m-%d') as date, b.actual, b.mean, b.lo80, b.hi80
       from backtests b join ports p using (port_id)
      where b.run_id = $run and b.model = 'auto' and b.category = 'total' and p.country = $country and b.actual is not null and b.lo80 is not null`,
    { run, country },
  )) as unknown as PastError[];
}

/** The bundled correlation for the shortest measured lag window that covers `maxLag`. */
export function defaultCorrelation(maxLag: number): Correlation {
  const rows = [...DEFAULT_CORRELATION.measured].sort((a, b) => a.maxLag - b.maxLag);
  const row = rows.find((r) => r.maxLag >= maxLag) ?? rows[rows.length - 1]!;
  return { series: row.series, days: maxLag === 0 ? 0 : row.days, maxLag, pairs: { series: 0, days: 0 }, source: DEFAULT_CORRELATION.source };
}

/** What the outlook is asked for: dates, or a holiday of a year; which run; partial coverage allowed. */
export interface LoadOutlookOptions {
  from?: string;
  to?: string;
  holiday?: string;
  year?: number;
  region?: string;
  runId?: number;
  country?: string;
  partial?: boolean;
}

/** An outlook as a front door asks for it (query string or command flags): `run` names the forecast run. */
export interface OutlookAsk {
  from?: string;
  to?: string;
  holiday?: string;
  year?: number;
  region?: string;
  run?: number;
  country?: string;
  partial?: boolean;
}

/** The load options of an ask, without the keys it leaves out. */
export function outlookOptions(o: OutlookAsk): LoadOutlookOptions {
  return {
    ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}),
    ...(o.holiday !== undefined ? { holiday: o.holiday } : {}), ...(o.year !== undefined ? { year: o.year } : {}),
    ...(o.region ? { region: o.region } : {}), ...(o.run !== undefined ? { runId: o.run } : {}),
    ...(o.country ? { country: o.country } : {}), ...(o.partial ? { partial: true } : {}),
  };
}

/** The dates of a request: its from and to, or the span of the holiday's blocks in the year. */
export async function resolvePeriod(db: Database, o: LoadOutlookOptions): Promise<{ from: string; to: string; holiday: OutlookHoliday | null }> {
  if (o.holiday !== undefined && (o.from || o.to)) throw new CrossingsError(msg.datesOrHoliday());
  if (o.holiday === undefined) {
    if (!o.from || !o.to) throw new CrossingsError(msg.needPeriod());
    if (o.from > o.to) throw new CrossingsError(msg.fromAfterTo(o.from, o.to));
    return { from: o.from, to: o.to, holiday: null };
  }
  if (o.year === undefined) throw new CrossingsError(msg.needYear(o.holiday));
  // A block that starts on 31 December runs into the next year.
  const calendar = await loadCalendar(db, `${o.year}-01-01`, `${o.year + 1}-01-31`);
  const blocks = holidayBlocks(calendar, o.holiday, o.year, o.region);
  if (blocks.length === 0) throw new CrossingsError(msg.unknownHoliday(o.holiday, o.year, holidayNamesOf(calendar, o.year)));
  const from = blocks.map((b) => b.start).sort()[0]!;
  const to = blocks.map((b) => b.end).sort().at(-1)!;
  return { from, to, holiday: { query: o.holiday, year: o.year, names: holidayNames(calendar, blocks, o.holiday), blocks } };
}

/** Loads and builds the outlook of a period or holiday from a forecast run (the latest by default). */
export async function loadOutlook(db: Database, o: LoadOutlookOptions): Promise<Outlook> {
  const country = o.country ?? 'HK';
  const period = await resolvePeriod(db, o);
  const runId = await requireForecastRun(db, o.runId);
  const ports = await loadPorts(db, country);
  const ids = new Set(ports.map((p) => p.port_id));
  const span = ports.length ? await forecastSpanOf(db, runId, [...ids]) : undefined;
  if (!span) throw new CrossingsError(msg.noDailyForecasts(runId, country));
  const coverage = coverRange(msg.allControlPoints(country), period.from, period.to, span, runId, o.partial ?? false);
  const cells = (await loadForecastDays(db, { runId, from: coverage.from, to: coverage.to })).filter((c) => ids.has(c.port_id));
  const correlation = await loadCorrelation(db, country, daysBetween(coverage.from, coverage.to) + 1);
  const aggregates = await loadAggregateCells(db, runId, country, coverage.from, coverage.to);
  const aggregateDays = await loadAggregateDays(db, runId, daysBetween(coverage.from, coverage.to));
  return buildOutlook(cells, ports, { from: period.from, to: period.to, runId, country, holiday: period.holiday, coverage, correlation, aggregates, aggregateDays });
}

/**
 * Each aggregate's between-days correlation in a run for pairs of days up to `maxLag` apart: the shortest stored lag
 * window that covers it, else the longest (a window of 28 days measures no longer lag).
 */
async function loadAggregateDays(db: Database, runId: number, maxLag: number): Promise<Record<string, number>> {
  const rows = await all(
    db,
    `select aggregate_id || '|' || direction as key, arg_min(days, case when max_lag >= $lag then max_lag else 1000 - max_lag end) as days
       from aggregate_correlations where run_id = $run group by all`,
    { run: runId, lag: maxLag },
  );
  return Object.fromEntries(rows.map((r) => [String(r['key']), Number(r['days'])]));
}

/** A run's reconciled aggregate forecasts of a country (all control points, each mode) over [from, to]. */
async function loadAggregateCells(db: Database, runId: number, country: string, from: string, to: string): Promise<OutlookCell[]> {
  const ids = (['all', ...MODES] as const).map((what) => aggregateId(country, what));
  return (await all(
    db,
    `select aggregate_id as port_id, direction, strftime(date, '%Y-%m-%d') as date, mean, lo80, hi80, lo95, hi95 from aggregate_forecasts
      where run_id = $run and category = 'total' and date between $from::date and $to::date
        and list_contains(string_split($ids, chr(31)), aggregate_id)
      order by aggregate_id, direction, date`,
    { run: runId, from, to, ids: ids.join('\u001f') },
  )) as unknown as OutlookCell[];
}

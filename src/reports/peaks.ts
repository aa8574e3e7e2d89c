/**
 * Peaks: days whose forecast exceeds a threshold (a port's own history or a capacity a manager
 * sets), grouped into periods of consecutive days and labelled with the holiday that drives them.
 * Each day and period carries its severity (how far above the port's normal for that weekday and
 * season, or above capacity), and the default list keeps only the significant periods, ranked by it.
 */
import { portNameMap, requireForecastRun } from '../store/lookups.js';
import type { Database } from '../store/db.js';
import { CrossingsError } from '../messages.js';
import { staffingMessages as msg } from '../messages.js';
import { toHant } from './hant.js';
import { holidayNameZh, regionNameZh } from './holidayNames.js';
import { addDays, addMonths, daysBetween } from '../isoDays.js';
import type { Normal, SignificanceOptions } from './severity.js';
import type { Basis, DailyActual, ForecastDay, HolidaySpan } from './forecastDays.js';
import { BASES, holidaySpans, loadCalendar, loadDailyActuals, loadForecastDays, loadPortRegions, seriesKey } from './forecastDays.js';
import { excessOver, holidayTest, hysteresis, NEIGHBOURS_EACH_SIDE, normalOf, phaseOf, significanceLevels, HOLIDAY_PAD_DAYS } from './severity.js';

/** The level above which a port+direction's day is a peak. */
export interface Threshold {
  port_id: string;
  direction: string;
  value: number;
  source: 'history' | 'capacity';
  /** For history thresholds: the percentile and the days of history behind it. */
  percentile?: number;
  days?: number;
}

/** A day whose forecast exceeds its threshold. */
export interface PeakDay {
  port_id: string;
  direction: string;
  date: string;
  /** The forecast value compared (mean or hi80). */
  value: number;
  threshold: number;
  /** value / threshold. */
  ratio: number;
  basis: Basis;
  threshold_source: Threshold['source'];
  /** The port's normal for this weekday and season (null when there is nothing to take it from). */
  normal: number | null;
  /** How far above normal, as a share (0.3 = 30% above); null without a normal. */
  excess: number | null;
  /** How far above the capacity a manager set, as a share; null without a capacity. */
  capacity_excess: number | null;
  /** What peaks are ranked by: the excess over capacity where one is set, else over normal (else over the threshold). */
  severity: number;
}

/** The holiday a peak period sits next to. */
export interface HolidayLabel {
  name: string;
  region: string;
  start: string;
  end: string;
  timing: 'before' | 'during' | 'after';
  flow: 'outbound' | 'return';
  /** The holiday's dates are projected from the statutory rules, not a published list (the mainland after 2026). */
  projected: boolean;
  /** The direction this flow shows at this port: residents leave by departure, visitors arrive by arrival. */
  expected_direction: 'arrival' | 'departure';
  matches_direction: boolean;
  label: string;
  /** The same label in Simplified Chinese. */
  label_zh: string;
  /** The same label in Traditional Chinese (Hong Kong usage). */
  label_zh_hant: string;
}

/** A run of consecutive peak days of one port and direction. */
export interface PeakPeriod {
  port_id: string;
  direction: string;
  start: string;
  end: string;
  /** Length of the period: days, or months where `unit` is 'month' (a monthly series). */
  days: number;
  unit?: 'month';
  peak_date: string;
  peak_value: number;
  peak_ratio: number;
  threshold: number;
  basis: Basis;
  /** The period's most severe day (peak_date) gives its severity, normal and excesses. */
  severity: number;
  normal: number | null;
  excess: number | null;
  capacity_excess: number | null;
  holiday: HolidayLabel | null;
}

/** Days whose forecast (mean, or the upper 80% bound) exceeds the threshold of their port+direction. */
export function peakDays(rows: readonly ForecastDay[], thresholds: readonly Threshold[], options: { basis?: Basis; normals?: ReadonlyMap<string, Normal> } = {}): PeakDay[] {
  const basis = options.basis ?? 'mean';
  if (!BASES.includes(basis)) throw new CrossingsError(msg.badBasis(basis));
  const byKey = new Map(thresholds.map((t) => [seriesKey(t), t]));
  const out: PeakDay[] = [];
  for (const r of rows) {
    const t = byKey.get(seriesKey(r));
    if (!t) continue; // no history and no capacity: nothing to compare against
    const value = basis === 'mean' ? r.mean : r.hi80;
    if (value === null || value === undefined) throw new CrossingsError(msg.missingBasisValue(r.port_id, r.direction, r.date, basis));
    if (value > t.value) {
      const n = options.normals?.get(dayKey(r));
      const excess = n ? excessOver(value, n) : null;
      const capacityExcess = t.source === 'capacity' ? value / t.value - 1 : null;
      out.push({
        port_id: r.port_id, direction: r.direction, date: r.date, value, threshold: t.value, ratio: value / t.value, basis, threshold_source: t.source,
        normal: n?.normal ?? null, excess, capacity_excess: capacityExcess, severity: capacityExcess ?? excess ?? value / t.value - 1,
      });
    }
  }
  return out.sort((a, b) => seriesKey(a).localeCompare(seriesKey(b)) || a.date.localeCompare(b.date));
}

/** Groups peak days into runs of consecutive dates per port+direction (consecutive months for the `monthly` series keys). */
export function peakPeriods(days: readonly PeakDay[], monthly: ReadonlySet<string> = new Set()): PeakPeriod[] {
  const sorted = [...days].sort((a, b) => seriesKey(a).localeCompare(seriesKey(b)) || a.date.localeCompare(b.date));
  const out: PeakPeriod[] = [];
  let current: PeakPeriod | undefined;
  for (const d of sorted) {
    const byMonth = monthly.has(seriesKey(d));
    if (current && seriesKey(current) === seriesKey(d) && (byMonth ? addMonths(current.end, 1) : addDays(current.end, 1)) === d.date) {
      current.end = d.date;
      current.days += 1;
      if (d.severity > current.severity) Object.assign(current, peakOf(d));
    } else {
      current = { port_id: d.port_id, direction: d.direction, start: d.date, end: d.date, days: 1, ...(byMonth ? { unit: 'month' as const } : {}), basis: d.basis, ...peakOf(d), holiday: null };
      out.push(current);
    }
  }
  return out;
}

/** The fields a period takes from its most severe day. */
function peakOf(d: PeakDay) {
  return {
    peak_date: d.date, peak_value: d.value, peak_ratio: d.ratio, threshold: d.threshold,
    severity: d.severity, normal: d.normal, excess: d.excess, capacity_excess: d.capacity_excess,
  };
}

/**
 * The days of significant periods: hysteresis over each series' runs of consecutive peak days. Above a
 * capacity every day counts (a forecast over what is installed always matters); against the normal a run
 * needs a day `minExcess` above it, and keeps only days at least `exitExcess` above.
 */
export function significantDays(days: readonly PeakDay[], options: SignificanceOptions = {}): PeakDay[] {
  const { enter, exit } = significanceLevels(options);
  const out: PeakDay[] = [];
  for (const run of consecutiveRuns(days)) {
    const capacity = run[0]?.threshold_source === 'capacity';
    const keep = hysteresis(run.map((d) => d.severity), capacity ? 0 : enter, capacity ? 0 : exit);
    run.forEach((d, i) => keep[i] && out.push(d));
  }
  return out;
}

/** Periods, most severe first (then by date), each with its 1-based rank. */
export function rankPeriods<P extends PeakPeriod>(periods: readonly P[]): (P & { rank: number })[] {
  return [...periods]
    .sort((a, b) => b.severity - a.severity || a.start.localeCompare(b.start) || seriesKey(a).localeCompare(seriesKey(b)))
    .map((p, i) => ({ ...p, rank: i + 1 }));
}

/** Runs of consecutive dates per port+direction, in series and date order. */
function consecutiveRuns(days: readonly PeakDay[]): PeakDay[][] {
  const sorted = [...days].sort((a, b) => seriesKey(a).localeCompare(seriesKey(b)) || a.date.localeCompare(b.date));
  const runs: PeakDay[][] = [];
  for (const d of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && seriesKey(last) === seriesKey(d) && addDays(last.date, 1) === d.date) run.push(d);
    else runs.push([d]);
  }
  return runs;
}

/**
 * Thresholds from a port's own history: the `percentile` (linear interpolation, as numpy's default)
 * of each series' daily counts over its last `lastDays` days.
 */
export function historicalThreshold(actuals: readonly DailyActual[], percentile = 0.9, lastDays = 365): Threshold[] {
  if (!(percentile > 0 && percentile < 1)) throw new CrossingsError(msg.badPercentile(percentile));
  if (!(Number.isInteger(lastDays) && lastDays > 0)) throw new CrossingsError(msg.badLastDays(lastDays));
  const series = new Map<string, DailyActual[]>();
  for (const a of actuals) {
    const key = seriesKey(a);
    const list = series.get(key);
    if (list) list.push(a);
    else series.set(key, [a]);
  }
  const out: Threshold[] = [];
  for (const list of series.values()) {
    const last = list.reduce((m, a) => (a.date > m ? a.date : m), '');
    const first = addDays(last, -(lastDays - 1));
    const counts = list.filter((a) => a.date >= first && Number.isFinite(a.count)).map((a) => a.count).sort((x, y) => x - y);
    const head = list[0];
    if (!head || counts.length === 0) continue;
    out.push({ port_id: head.port_id, direction: head.direction, value: quantileSorted(counts, percentile), source: 'history', percentile, days: counts.length });
  }
  return out.sort((a, b) => seriesKey(a).localeCompare(seriesKey(b)));
}

/** A capacity a manager sets: travellers per day for a port, in one direction or (direction omitted) both. */
export interface Capacity {
  port_id: string;
  direction?: string;
  capacity: number;
}

/** Thresholds from capacities; a capacity without a direction applies to arrival and departure. */
export function capacityThresholds(capacities: readonly Capacity[]): Threshold[] {
  const out = new Map<string, Threshold>();
  // Direction-less entries first, so a direction-specific capacity overrides them.
  const ordered = [...capacities].sort((a, b) => Number(a.direction !== undefined) - Number(b.direction !== undefined));
  for (const c of ordered) {
    if (!(Number.isFinite(c.capacity) && c.capacity > 0)) throw new CrossingsError(msg.badCapacity(c.port_id, c.direction ?? 'both directions', c.capacity));
    for (const direction of c.direction ? [c.direction] : ['arrival', 'departure']) {
      const t: Threshold = { port_id: c.port_id, direction, value: c.capacity, source: 'capacity' };
      out.set(seriesKey(t), t);
    }
  }
  return [...out.values()].sort((a, b) => seriesKey(a).localeCompare(seriesKey(b)));
}

/** History thresholds, replaced wherever a manager has set a capacity for the same port+direction. */
export function mergeThresholds(history: readonly Threshold[], capacity: readonly Threshold[]): Threshold[] {
  const out = new Map(history.map((t) => [seriesKey(t), t]));
  for (const t of capacity) out.set(seriesKey(t), t);
  return [...out.values()].sort((a, b) => seriesKey(a).localeCompare(seriesKey(b)));
}

/** Days between a period and a holiday that still attribute one to the other: adjacent, not merely the same fortnight. */
export const DEFAULT_LABEL_WINDOW = 1;

/** Options for labelling peak periods with holidays. */
export interface LabelOptions {
  /** Days before a holiday's start and after its end that still count as next to it (default 1: adjacent). */
  windowDays?: number;
  /** A period less than this above its normal is its weekday's usual traffic, which no holiday explains. */
  minExcess?: number;
  /** The region each port belongs to (its residents' home), by port_id; default `defaultRegion`. Only holidays of
   *  the regions whose travellers cross there (crossingRegions) label its periods. */
  portRegions?: Readonly<Record<string, string>>;
  defaultRegion?: string;
}

/**
 * Labels each peak period with the nearest holiday span within `windowDays`: its name, whether the
 * period is before, during or after it, and whether it is the outbound or the return flood. At a port
 * in region R (departure = leaving R), R's residents leave by departure before their holiday and come
 * back by arrival after it; for another region's holiday the visitors do the opposite (arrival first).
 * Among near holidays, one whose expected direction matches the period's wins, then the nearest.
 */
export function labelHolidays(periods: readonly PeakPeriod[], spans: readonly HolidaySpan[], options: LabelOptions = {}): PeakPeriod[] {
  const window = options.windowDays ?? DEFAULT_LABEL_WINDOW;
  return periods.map((p) => {
    if (p.excess !== null && p.excess !== undefined && p.excess < (options.minExcess ?? -Infinity)) return { ...p, holiday: null };
    const portRegion = options.portRegions?.[p.port_id] ?? options.defaultRegion ?? 'HK';
    let best: { label: HolidayLabel; distance: number } | undefined;
    const regions = crossingRegions(portRegion);
    for (const s of spans) {
      if (!regions.includes(s.region)) continue;
      if (p.end < addDays(s.start, -window) || p.start > addDays(s.end, window)) continue;
      const label = holidayLabel(p, s, portRegion);
      const distance = p.peak_date < s.start ? daysBetween(p.peak_date, s.start) : p.peak_date > s.end ? daysBetween(s.end, p.peak_date) : 0;
      const better =
        !best ||
        (label.matches_direction && !best.label.matches_direction) ||
        (label.matches_direction === best.label.matches_direction && distance < best.distance);
      if (better) best = { label, distance };
    }
    return { ...p, holiday: best?.label ?? null };
  });
}

/**
 * Calendar regions whose holidays move travellers through a port of `region`: the Pearl River Delta's control points
 * join Hong Kong, the mainland and Macau; elsewhere (a US state) only the port's own region's calendar, if loaded.
 */
export function crossingRegions(region: string): readonly string[] {
  return PEARL_RIVER_DELTA.includes(region) ? PEARL_RIVER_DELTA : [region];
}
const PEARL_RIVER_DELTA: readonly string[] = ['HK', 'CN', 'MO'];

function holidayLabel(p: PeakPeriod, s: HolidaySpan, portRegion: string): HolidayLabel {
  const timing = p.end < s.start ? 'before' : p.start > s.end ? 'after' : 'during';
  // Inside a holiday, the first half carries the outbound flood and the second half the return.
  const mid = addDays(s.start, Math.floor(daysBetween(s.start, s.end) / 2));
  const flow = timing === 'before' ? 'outbound' : timing === 'after' ? 'return' : p.peak_date <= mid ? 'outbound' : 'return';
  const residents = s.region === portRegion;
  const expected = (flow === 'outbound') === residents ? 'departure' : 'arrival';
  const matches = p.direction === expected;
  const who = !matches
    ? p.direction === 'departure' ? 'departures' : 'arrivals'
    : residents
      ? flow === 'outbound' ? 'residents-leaving' : 'residents-returning'
      : flow === 'outbound' ? 'visitors-arriving' : 'visitors-leaving';
  const projected = s.projected ?? false;
  const labelZh = msg.holidayLabelZh(holidayNameZh(s.name), regionNameZh(s.region), timing, flow, msg.travellersZh(who, regionNameZh(s.region)), projected);
  return {
    name: s.name, region: s.region, start: s.start, end: s.end, timing, flow, projected,
    expected_direction: expected, matches_direction: matches,
    label: msg.holidayLabel(s.name, s.region, timing, flow, msg.travellers(who, s.region), projected),
    label_zh: labelZh,
    label_zh_hant: toHant(labelZh),
  };
}

// ---------------------------------------------------------------------------------------------
// Database

/** Options of loadPeaks; dates are YYYY-MM-DD. */
export interface LoadPeaksOptions {
  port?: string;
  direction?: string;
  from: string;
  to: string;
  basis?: Basis;
  /** Percentile of history that makes a peak (default 0.9) over the last `lastDays` (default 365) days. */
  percentile?: number;
  lastDays?: number;
  /** A capacity in travellers per day: one number for everything asked, or per port/direction. */
  capacity?: number | readonly Capacity[];
  runId?: number;
  category?: string;
  model?: string;
  windowDays?: number;
  /** Every period above the threshold, not only the significant ones. */
  all?: boolean;
  /** Excess over normal that makes a period significant (default DEFAULT_MIN_EXCESS) and keeps it going. */
  minExcess?: number;
  exitExcess?: number;
}

/** What the periods listed are: significant ones (with the levels) or all. */
export interface Significance {
  all: boolean;
  min_excess: number;
  exit_excess: number;
  /** Periods above the threshold before significance was asked of them. */
  periods_above_threshold: number;
}

/** What loadPeaks returns: the run used, the thresholds, the peak days and the labelled periods. */
export interface PeaksResult {
  runId: number;
  basis: Basis;
  thresholds: Threshold[];
  days: PeakDay[];
  /** Most severe first, each with its rank. */
  periods: (PeakPeriod & { rank: number })[];
  significance: Significance;
  /** Series forecast but without a threshold (no history in the window and no capacity set): never peaks. */
  unthresholded: { port_id: string; direction: string }[];
  /** English names of the ports in `periods` and `unthresholded`, by port_id. */
  port_names: Record<string, string>;
}

/** Peak days and periods from the latest forecast run (or `runId`), thresholds from history or capacity. */
export async function loadPeaks(db: Database, options: LoadPeaksOptions): Promise<PeaksResult> {
  const basis = options.basis ?? 'mean';
  if (!BASES.includes(basis)) throw new CrossingsError(msg.badBasis(basis));
  const runId = await requireForecastRun(db, options.runId);
  const forecasts = await loadForecastDays(db, { ...options, runId });
  const series = uniqueSeries(forecasts);
  const capacity = typeof options.capacity === 'number'
    ? series.map((s) => ({ ...s, capacity: options.capacity as number }))
    : options.capacity ?? [];
  const capacityT = capacityThresholds(capacity);
  // Actuals of every series: history thresholds where no capacity is set, and the normals' top-up and scale everywhere.
  const actuals = series.length > 0 ? await loadDailyActuals(db, { ports: [...new Set(series.map((s) => s.port_id))], category: options.category }) : [];
  const historyT = historicalThreshold(actuals.filter((a) => !capacityT.some((t) => seriesKey(t) === seriesKey(a))), options.percentile ?? 0.9, options.lastDays ?? 365);
  const thresholds = mergeThresholds(historyT, capacityT).filter((t) => series.some((s) => seriesKey(s) === seriesKey(t)));
  // Normals come from the run's whole forecast, so a day's severity does not depend on the dates asked.
  const wholeRun = await loadForecastDays(db, { ...options, runId, from: '0001-01-01', to: '9999-12-31' });
  const runDates = wholeRun.map((r) => r.date).sort();
  const window = options.windowDays ?? DEFAULT_LABEL_WINDOW;
  const lookBack = 7 * NEIGHBOURS_EACH_SIDE * 4 + HOLIDAY_PAD_DAYS;
  const calendar = await loadCalendar(db, addDays(runDates[0] ?? options.from, -Math.max(lookBack, window + 31)), addDays(runDates.at(-1) ?? options.to, Math.max(HOLIDAY_PAD_DAYS, window) + 31));
  const spans = holidaySpans(calendar);
  const normals = normalLevels(wholeRun, actuals, holidayTest(spans), { basis, lastDays: options.lastDays ?? 365 });
  const above = peakDays(forecasts, thresholds, { basis, normals });
  const levels = significanceLevels(options);
  const monthly = monthlySeries(wholeRun);
  const allPeriods = peakPeriods(above, monthly);
  const days = options.all ? above : significantDays(above, options);
  const periods = rankPeriods(labelHolidays(options.all ? allPeriods : peakPeriods(days, monthly), spans, { windowDays: window, minExcess: levels.exit, portRegions: await loadPortRegions(db) }));
  const unthresholded = series.filter((s) => !thresholds.some((t) => seriesKey(t) === seriesKey(s)));
  const significance = { all: options.all ?? false, min_excess: levels.enter, exit_excess: levels.exit, periods_above_threshold: allPeriods.length };
  const port_names = await portNameMap(db, [...periods, ...unthresholded].map((p) => p.port_id));
  return { runId, basis, thresholds, days, periods, significance, unthresholded, port_names };
}

/**
 * The normal of every forecast day (keyed by dayKey), from the run's forecast in the basis compared
 * and the series' actuals; the series' mean day over its last `lastDays` days of history sets the scale.
 */
export function normalLevels(
  forecasts: readonly ForecastDay[],
  actuals: readonly DailyActual[],
  holiday: (date: string) => boolean,
  options: { basis?: Basis; lastDays?: number } = {},
): Map<string, Normal> {
  const basis = options.basis ?? 'mean';
  const bySeries = new Map<string, { forecast: Map<string, number>; actual: Map<string, number> }>();
  const entry = (r: { port_id: string; direction: string }) => {
    const key = seriesKey(r);
    let e = bySeries.get(key);
    if (!e) bySeries.set(key, (e = { forecast: new Map(), actual: new Map() }));
    return e;
  };
  for (const f of forecasts) entry(f).forecast.set(f.date, Math.max(0, (basis === 'hi80' ? f.hi80 : f.mean) ?? f.mean));
  for (const a of actuals) if (bySeries.has(seriesKey(a)) && Number.isFinite(a.count)) entry(a).actual.set(a.date, a.count);
  const out = new Map<string, Normal>();
  for (const [key, values] of bySeries) {
    const dates = [...values.forecast.keys()];
    const phase = phaseOf(dates);
    const mean = meanOfLast([...values.actual].sort(([a], [b]) => a.localeCompare(b)), options.lastDays ?? 365);
    for (const date of dates) {
      const n = normalOf(date, values, phase, holiday, mean);
      if (n) out.set(`${key}\u0000${date}`, n);
    }
  }
  return out;
}

/** The keys of the series whose forecast counts months. */
function monthlySeries(forecasts: readonly ForecastDay[]): Set<string> {
  const dates = new Map<string, string[]>();
  for (const f of forecasts) {
    const key = seriesKey(f);
    const list = dates.get(key);
    if (list) list.push(f.date);
    else dates.set(key, [f.date]);
  }
  return new Set([...dates].filter(([, d]) => phaseOf(d) === 'year').map(([k]) => k));
}

/** The mean count of the days within `lastDays` of the last one (0 without history). */
function meanOfLast(sorted: readonly (readonly [string, number])[], lastDays: number): number {
  const last = sorted.at(-1)?.[0];
  if (!last) return 0;
  const first = addDays(last, -(lastDays - 1));
  const recent = sorted.filter(([d]) => d >= first);
  return recent.reduce((s, [, v]) => s + v, 0) / recent.length;
}

// ---------------------------------------------------------------------------------------------
// helpers

function dayKey(r: { port_id: string; direction: string; date: string }): string {
  return `${seriesKey(r)}\u0000${r.date}`;
}

function uniqueSeries(rows: readonly ForecastDay[]): { port_id: string; direction: string }[] {
  const seen = new Map<string, { port_id: string; direction: string }>();
  for (const r of rows) seen.set(seriesKey(r), { port_id: r.port_id, direction: r.direction });
  return [...seen.values()];
}

/** Quantile of sorted values with linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

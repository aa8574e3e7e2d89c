/**
 * The range view of one daily series, as pure functions over what src/reports/rangeData.ts reads: scoring a past
 * forecast, lining last year up on the main festival, what the engine sets aside, and the presets' dates.
 */
import cd from 'chinese-days';
import { addDays, addMonths, daysBetween } from '../isoDays.js';
import { lunarNewYear } from '../models/calendar.js';
import { cleanExtremeLows, detectRegimeStart, maskOutages } from '../models/regime.js';
import { holidayBands } from './charts/forecast.js';
import type { DirectionRow, HolidayRow, Lang } from './charts/common.js';

/** One day of a forecast, with the actual where the day has one. */
export interface RangeDay {
  date: string;
  mean: number;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
  actual?: number | null;
}

/** How a past forecast did: weighted absolute error, overall bias, 80% band hits, the day it missed most. */
export interface ForecastError {
  days: number;
  /** Sum of absolute errors over the sum of actuals (0.041 = 4.1%). */
  wape: number | null;
  /** Forecast total over actual total, less one (−0.02 = 2% too low). */
  bias: number | null;
  inside80: number;
  worst: { date: string; actual: number; mean: number } | null;
}

/** Scores a past forecast against its actuals (days without an actual are left out). */
export function forecastError(rows: readonly RangeDay[]): ForecastError {
  const scored = rows.filter((r): r is RangeDay & { actual: number } => typeof r.actual === 'number');
  const actual = scored.reduce((s, r) => s + r.actual, 0);
  const absErr = scored.reduce((s, r) => s + Math.abs(r.actual - r.mean), 0);
  const mean = scored.reduce((s, r) => s + r.mean, 0);
  const worst = scored.reduce<(typeof scored)[number] | null>((w, r) => (w === null || Math.abs(r.actual - r.mean) > Math.abs(w.actual - w.mean) ? r : w), null);
  return {
    days: scored.length,
    wape: actual > 0 ? absErr / actual : null,
    bias: actual > 0 ? mean / actual - 1 : null,
    inside80: scored.filter((r) => r.lo80 !== null && r.hi80 !== null && r.actual >= r.lo80 && r.actual <= r.hi80).length,
    worst: worst && { date: worst.date, actual: worst.actual, mean: worst.mean },
  };
}

const DAY_MS = 86_400_000;
const isoOfDay = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);

/** Easter Sunday of a year (the Gregorian computus), YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const lunar = (year: number, md: string) => cd.getSolarDateFromLunar(`${year}-${md}`).date;

/**
 * The festivals a year-ago comparison lines up on, most telling first, each with its first day in a year: the
 * moving ones by the lunar or Easter calendar (Lunar New Year day 1 on Lunar New Year day 1), Golden Week by date.
 */
const ANCHORS: ReadonlyArray<readonly [string, (year: number) => string]> = [
  ['lunar_new_year', (y) => isoOfDay(lunarNewYear(y))],
  ['easter', easterSunday],
  ['national_day', (y) => `${y}-10-01`],
  ['labour_day', (y) => `${y}-05-01`],
  ['mid_autumn', (y) => lunar(y, '08-15')],
  ['dragon_boat', (y) => lunar(y, '05-05')],
  ['christmas', (y) => `${y}-12-25`],
];

/** How far back last year's days lie for a range: on its main festival when it has one, else 364 days (same weekday). */
export function yearAgoShift(from: string, to: string): { days: number; festival: string | null; date: string | null; lastYear: string | null } {
  for (const [festival, first] of ANCHORS) {
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      const date = first(y);
      if (date < from || date > to) continue;
      const lastYear = first(y - 1);
      return { days: daysBetween(lastYear, date), festival, date, lastYear };
    }
  }
  return { days: 364, festival: null, date: null, lastYear: null };
}

/** Spans of consecutive days, e.g. ["2025-01-01", "2025-01-02", "2025-01-05"] → two spans; end inclusive. */
function spans(days: readonly string[]): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  for (const d of days) {
    const last = out.at(-1);
    if (last && addDays(last.end, 1) === d) last.end = d;
    else out.push({ start: d, end: d });
  }
  return out;
}

/** Fewest travellers on the usual day (same weekday, two weeks either side) for a low day to be marked. */
const LOW_DAY_FLOOR = 500;

/**
 * What the engine does with a daily series before fitting, in dates: where its current regime starts (a level
 * break), the interior outage days it leaves out (closures), and the extreme-low days (typhoon signals, part
 * closures) it does not let shape the weekly and yearly pattern. Holidays are not flagged: the engine models them.
 */
export function engineMarks(start: number, y: Float64Array, holidayDays: ReadonlySet<string>): { regimeStart: string | null; closures: { start: string; end: string }[]; lowDays: string[] } {
  const regime = detectRegimeStart(y);
  const cut = y.subarray(regime);
  const masked = maskOutages(cut);
  const cleaned = cleanExtremeLows(cut);
  const closed: string[] = [];
  const low: string[] = [];
  // A port that is shut most days (a cruise terminal between ships) has no outages to speak of: zeros are its rhythm.
  const recent = Array.from(cut.subarray(Math.max(0, cut.length - 56))).filter(Number.isFinite);
  const sparse = recent.filter((v) => v === 0).length > 0.3 * recent.length;
  for (let i = 0; !sparse && i < cut.length; i++) {
    if (!Number.isFinite(cut[i]!)) continue;
    const date = isoOfDay(start + regime + i);
    if (Number.isNaN(masked[i]!)) closed.push(date);
    // Low days of a small flow are noise, not news: only where the usual day has LOW_DAY_FLOOR travellers or more.
    else if (cleaned[i] !== cut[i] && cleaned[i]! >= LOW_DAY_FLOOR && !holidayDays.has(date)) low.push(date);
  }
  return { regimeStart: regime > 0 ? isoOfDay(start + regime) : null, closures: spans(closed), lowDays: low };
}

/** Whole travellers, never below zero (interval ends of a small series can dip under it). */
export const clampRow = (r: RangeDay): RangeDay => {
  const c = (x: number | null) => (x === null ? null : Math.max(0, x));
  return { ...r, mean: Math.max(0, r.mean), lo80: c(r.lo80), hi80: c(r.hi80), lo95: c(r.lo95), hi95: c(r.hi95) };
};

/** Meteorological season (Dec–Feb, Mar–May, Jun–Aug, Sep–Nov) of a day: its first and last day. */
export function seasonOf(iso: string): { from: string; to: string } {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const startMonth = m === 12 || m <= 2 ? 12 : m - (m % 3);
  const startYear = m <= 2 ? y - 1 : y;
  const first = `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
  const end = new Date(Date.UTC(startYear, startMonth - 1 + 3, 0)).toISOString().slice(0, 10);
  return { from: first, to: end };
}

/** A stored forecast picked for the past part of a range: where it comes from and its days. */
export interface PastForecast {
  source: 'run' | 'backtest';
  run_id: number;
  model: string;
  /** Last day of the data the forecast was made from. */
  made: string;
  rows: RangeDay[];
}

/** What the range answer is shaped from, as read from the database. */
export interface RangeParts {
  port: string;
  direction: string;
  category: string;
  from: string;
  to: string;
  lang: Lang;
  run: number;
  /** The series as the engine sees it: its first period (days since 1970, or months since year 0 when monthly) and counts. */
  series: { start: number; y: Float64Array; freq?: 'day' | 'month' };
  shift: ReturnType<typeof yearAgoShift>;
  actualRows: readonly DirectionRow[];
  lastYearRows: readonly DirectionRow[];
  holidayRows: readonly HolidayRow[];
  /** Events by day (the calendar's and the port's own), region "event". */
  eventRows?: readonly HolidayRow[];
  /** The latest run's days after the last actual. */
  forecast: readonly RangeDay[];
  past: PastForecast | null;
}

/** The last day of a series: its last day, or the first day of its last month when monthly. */
export function lastDayOf(series: { start: number; y: Float64Array; freq?: 'day' | 'month' }): string {
  const last = series.start + series.y.length - 1;
  if (series.freq !== 'month') return isoOfDay(last);
  return `${Math.floor(last / 12)}-${String((last % 12) + 1).padStart(2, '0')}-01`;
}

/** The range answer: actuals, the latest forecast, the stored forecast made for the past part and its error, last year, marks. */
export function rangeAnswer(p: RangeParts) {
  const { from, to, direction, shift } = p;
  const monthly = p.series.freq === 'month';
  const actuals = p.actualRows.filter((r) => r.direction === direction).map(({ date, count }) => ({ date, count }));
  const byDate = new Map(actuals.map((a) => [a.date, a.count]));
  const pastRows = p.past?.rows.map((r) => ({ ...clampRow(r), actual: byDate.get(r.date) ?? null })) ?? [];
  // The engine's day-level marks (closures, typhoon days) mean nothing for monthly totals.
  const marks = monthly ? { regimeStart: null, closures: [], lowDays: [] } : engineMarks(p.series.start, p.series.y, new Set(p.holidayRows.map((h) => h.date)));
  const inRange = (d: string) => d >= from && d <= to;
  return {
    port_id: p.port, direction, category: p.category, per: monthly ? 'month' : 'day', from, to, last_actual: lastDayOf(p.series), run_id: p.run,
    actuals,
    forecast: p.forecast.map(clampRow),
    past: p.past && { source: p.past.source, run_id: p.past.run_id, model: p.past.model, made: p.past.made, rows: pastRows, error: forecastError(pastRows) },
    last_year: {
      ...shift,
      rows: p.lastYearRows.filter((r) => r.direction === direction)
        .map((r) => ({ date: monthly ? addMonths(r.date, 12) : addDays(r.date, shift.days), source_date: r.date, count: r.count })),
    },
    holidays: holidayBands(p.holidayRows, p.lang).map((b) => ({ ...b, last: addDays(b.end, -1) })),
    events: holidayBands(p.eventRows ?? [], p.lang).map(({ region: _region, ...b }) => ({ ...b, last: addDays(b.end, -1) })),
    marks: {
      regime_start: marks.regimeStart && inRange(marks.regimeStart) ? marks.regimeStart : null,
      closures: marks.closures.filter((c) => c.end >= from && c.start <= to),
      low_days: marks.lowDays.filter(inRange),
    },
  };
}

/** A monthly series' year back: twelve months, whatever the festivals (a month's total holds them all). */
export const MONTHLY_SHIFT = { days: 0, months: 12, festival: null, date: null, lastYear: null } as const;

/**
 * The range presets of a monthly series from its last month: for a port first its last two years with the next 12 months
 * (a month's forecast is read against the months before it), then the next 12 months, and the same months a year earlier.
 */
export function monthlyPresets(last: string, port = true) {
  const next12 = { from: addMonths(last, 1), to: addMonths(last, 12) };
  return {
    last_actual: last, per: 'month' as const, recent: port ? { from: addMonths(last, -23), to: addMonths(last, 12) } : null, next12,
    last_year: { from: addMonths(last, -11), to: last }, next8: null, holiday: null, season: null,
  };
}

/** How far ahead the presets look for the next long holiday. */
export const PRESET_HOLIDAY_DAYS = 400;

/** The range presets of a port's view from its data's last day and the holidays of the following PRESET_HOLIDAY_DAYS. */
export function rangePresets(last: string, holidayRows: readonly HolidayRow[], lang: Lang) {
  const start = addDays(last, 1);
  const next8 = { from: start, to: addDays(start, 55) };
  // The next holiday of three days or more (merged over regions), with three days either side for the run-up.
  const block = holidayBands(holidayRows, lang).find((b) => daysBetween(b.start, b.end) >= 3) ?? null;
  const yearBack = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`.replace(/-02-29$/, '-02-28');
  return {
    last_actual: last,
    per: 'day' as const,
    next8,
    holiday: block && { from: addDays(block.start, -3), to: addDays(block.end, 2), name: block.name },
    season: seasonOf(start),
    last_year: { from: yearBack(next8.from), to: yearBack(next8.to) },
  };
}

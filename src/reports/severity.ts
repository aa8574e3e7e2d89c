/**
 * Severity of peaks: how far a forecast day is above its port's normal for that weekday and season (for
 * monthly series: how far a month is above the mean month of its year), and which runs of days are significant enough for a planner.
 * Pure functions; loadPeaks feeds them and every output renders what they computed.
 */
import { median } from 'simple-statistics';
import { addDays, addMonths } from '../isoDays.js';

/** Settings of significance: the excess that makes a period and the lower one that keeps it going. */
export interface SignificanceOptions {
  /** Excess over normal a day needs to start a peak period (default DEFAULT_MIN_EXCESS). */
  minExcess?: number;
  /** Excess over normal that continues a period once started (default half of minExcess). */
  exitExcess?: number;
}

/** A period needs a day this far above normal; below it a busy day is the usual traffic for its weekday and season. */
export const DEFAULT_MIN_EXCESS = 0.15;

/** Same-phase neighbours looked at on each side of a day (weeks for daily series, years for monthly). */
export const NEIGHBOURS_EACH_SIDE = 4;

/** Fewest neighbours a normal is taken from; fewer in the forecast are topped up with recent actuals. */
export const MIN_NEIGHBOURS = 3;

/**
 * Share of the series' mean day below which a normal is too small to divide by: at a port empty most
 * days, a ship on an empty weekday is measured against this part of an average day, not against zero.
 */
export const SCALE_FLOOR_OF_MEAN = 0.5;

/** Days either side of a holiday whose traffic is its flood, never a normal day. */
export const HOLIDAY_PAD_DAYS = 3;

/** The step between days of the same phase: a week for daily series, a year for monthly ones. */
export type Phase = 'week' | 'year';

/** One series' values by date: the forecast (in the basis compared) and the actual counts before it. */
export interface SeriesValues {
  forecast: ReadonlyMap<string, number>;
  actual: ReadonlyMap<string, number>;
}

/** The normal of one forecast day and the denominator its excess is measured against. */
export interface Normal {
  /** Median of the same weekday in the nearest non-holiday weeks; for a month, the mean month of its year. */
  normal: number;
  /** Number of days (months) the normal is taken from. */
  neighbours: number;
  /** What the excess is a share of: the normal, or a floor of the series' mean day where the normal is near zero. */
  scale: number;
}

/** Whether a series counts by month (all forecast dates are firsts of months) or by day. */
export function phaseOf(dates: readonly string[]): Phase {
  return dates.length > 1 && dates.every((d) => d.endsWith('-01')) ? 'year' : 'week';
}

/** The date k steps of a phase away. */
export function samePhase(date: string, k: number, phase: Phase): string {
  return phase === 'week' ? addDays(date, 7 * k) : addMonths(date, 12 * k);
}

/**
 * The normal for `date`: the median of the same weekday (month) in the forecast's nearest non-holiday
 * weeks (years) on both sides, topped up with the latest such actuals when the forecast has too few.
 * Taking the forecast's own weeks makes a regular weekly pattern (a ship every Tuesday) its own normal.
 */
export function normalOf(date: string, values: SeriesValues, phase: Phase, holiday: (date: string) => boolean, meanDay: number): Normal | null {
  if (phase === 'year') return monthNormal(date, values, meanDay);
  const picked: number[] = [];
  for (let k = 1; k <= NEIGHBOURS_EACH_SIDE; k++) {
    for (const d of [samePhase(date, -k, phase), samePhase(date, k, phase)]) {
      const v = values.forecast.get(d);
      if (v !== undefined && !(phase === 'week' && holiday(d))) picked.push(v);
    }
  }
  if (picked.length < MIN_NEIGHBOURS) {
    const firstForecast = [...values.forecast.keys()].reduce((m, d) => (d < m ? d : m), date);
    // Actuals of the same phase, newest first, from before the forecast began.
    let d = samePhase(date, -1, phase);
    while (d >= firstForecast) d = samePhase(d, -1, phase);
    for (let tries = 0; picked.length < MIN_NEIGHBOURS && tries < NEIGHBOURS_EACH_SIDE * 4; tries++, d = samePhase(d, -1, phase)) {
      const v = values.actual.get(d);
      if (v !== undefined && !(phase === 'week' && holiday(d))) picked.push(v);
    }
  }
  if (picked.length === 0) return null;
  const normal = median(picked);
  return { normal, neighbours: picked.length, scale: Math.max(normal, meanDay * SCALE_FLOOR_OF_MEAN, 1) };
}

/**
 * The normal of a month: the mean month of the twelve around it (forecast first, actuals before it), so a month's
 * severity is how far its season lifts it above its year. The same month of earlier years would measure a rebound
 * against the break years (a port at 40% of its traffic in 2021 makes every month of 2024 a peak).
 */
export function monthNormal(date: string, values: SeriesValues, meanMonth: number): Normal | null {
  const value = (d: string) => values.forecast.get(d) ?? values.actual.get(d);
  // The centred window of twelve months that is complete; near the forecast's end it slides back, near a short
  // history's start forward.
  const offsets = [...Array.from({ length: 12 - MONTHS_BEFORE }, (_, i) => MONTHS_BEFORE + i), ...Array.from({ length: MONTHS_BEFORE }, (_, i) => MONTHS_BEFORE - 1 - i)];
  for (const back of offsets) {
    const months = Array.from({ length: 12 }, (_, i) => value(addMonths(date, i - back)));
    if (months.every((v) => v !== undefined)) {
      const normal = (months as number[]).reduce((a, b) => a + b, 0) / 12;
      return { normal, neighbours: 12, scale: Math.max(normal, meanMonth * SCALE_FLOOR_OF_MEAN, 1) };
    }
  }
  return null;
}
const MONTHS_BEFORE = 6;

/** How far a value is above its normal, as a share of the normal's scale (0.3 = 30% above). */
export function excessOver(value: number, n: Pick<Normal, 'normal' | 'scale'>): number {
  return (value - n.normal) / n.scale;
}

/** A test for "this date is a holiday or within HOLIDAY_PAD_DAYS of one", from holiday spans. */
export function holidayTest(spans: readonly { start: string; end: string }[], pad = HOLIDAY_PAD_DAYS): (date: string) => boolean {
  const ranges = spans.map((s) => [addDays(s.start, -pad), addDays(s.end, pad)] as const);
  return (date) => ranges.some(([a, b]) => date >= a && date <= b);
}

/** The enter and exit levels of significance, checked. */
export function significanceLevels(options: SignificanceOptions = {}): { enter: number; exit: number } {
  const enter = options.minExcess ?? DEFAULT_MIN_EXCESS;
  const exit = options.exitExcess ?? enter / 2;
  return { enter, exit: Math.min(exit, enter) };
}

/**
 * Hysteresis over one series' consecutive days: a run of days each at least `exit` severe is
 * significant when one of its days reaches `enter`, so one day barely over a line neither starts nor splits a period.
 * Returns, for each day, whether it belongs to a significant run.
 */
export function hysteresis(severities: readonly number[], enter: number, exit: number): boolean[] {
  const out = severities.map(() => false);
  let i = 0;
  while (i < severities.length) {
    if (!((severities[i] ?? -Infinity) >= exit)) { i++; continue; }
    let j = i;
    let strong = false;
    while (j < severities.length && (severities[j] ?? -Infinity) >= exit) {
      if ((severities[j] ?? -Infinity) >= enter) strong = true;
      j++;
    }
    if (strong) for (let k = i; k < j; k++) out[k] = true;
    i = j;
  }
  return out;
}

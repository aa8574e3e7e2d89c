/**
 * The forecast of a fitted calendar regression: the design rows of the days ahead times the coefficients, the
 * carried recent level and the year-ago residual, and the same sum as named parts.
 */
import { movingFestivalDays, type HolidayCalendar } from '../calendar.js';
import { yearFraction } from '../dates.js';
import { csrMul } from '../numeric/linalg.js';
import { addPart, type Part } from '../types.js';
import { designCsr, inGroup, type Layout } from './design.js';
import { holidayColumns, type Tag } from './holidays.js';
import type { RegressionFit } from './solve.js';

/** Log-scale point forecast for the h days after the training data. */
export function predictCalendarRegression(fit: RegressionFit, calendar: HolidayCalendar, h: number): Float64Array {
  const from = fit.last + 1;
  const hol = holidayColumns(calendar, fit.lay, from, from + h - 1, fit.first);
  const X = designCsr(fit.lay, from, h, fit.knotDays, fit.knotDays.length, fit.last, fit.origin, hol, fit.ev);
  const out = csrMul(X, fit.beta);
  let g = fit.smooth;
  const moving = fit.yearAgo > 0 ? movingFestivalDays(calendar) : undefined;
  for (let i = 0; i < h; i++) {
    g *= fit.phi;
    out[i] = out[i]! + fit.level + g + (moving && !fit.ev?.has(from + i) ? fit.yearAgo * yearAgoResidual(fit, from + i, moving) : 0);
  }
  return out;
}

/**
 * The parts of predictCalendarRegression's log forecast, day by day: level and trend (with the carried recent level),
 * weekly, yearly, month position, each holiday block, event and adjusted working day (with its lead or lag day), and the
 * year-ago residual. Made from the same design rows and coefficients as the forecast, so they add up to it.
 */
export function explainCalendarRegression(fit: RegressionFit, calendar: HolidayCalendar, h: number): Part[][] {
  const from = fit.last + 1;
  const tags = new Map<number, Array<[number, Tag]>>();
  const hol = holidayColumns(calendar, fit.lay, from, from + h - 1, fit.first, tags);
  const X = designCsr(fit.lay, from, h, fit.knotDays, fit.knotDays.length, fit.last, fit.origin, hol, fit.ev);
  const tagged = new Set<number>();
  for (const list of tags.values()) for (const [col] of list) tagged.add(col);
  const moving = fit.yearAgo > 0 ? movingFestivalDays(calendar) : undefined;
  const out: Part[][] = [];
  let g = fit.smooth;
  for (let i = 0; i < h; i++) {
    const d = from + i;
    g *= fit.phi;
    const parts: Part[] = [{ kind: 'level', value: fit.level + g }];
    const dayTags = tags.get(d) ?? [];
    for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) {
      const col = X.col[a]!;
      // A column some tag stands for on this day is counted once per tag below (the row holds their sum).
      if (tagged.has(col) && dayTags.some(([c]) => c === col)) continue;
      addPart(parts, { kind: columnKind(fit.lay, col), ...portEventName(fit, col), value: X.val[a]! * fit.beta[col]! });
    }
    for (const [col, tg] of dayTags) addPart(parts, { ...tagPart(tg, d), value: fit.beta[col]! });
    // A day of the series' own event is the event's: what the fit missed on an ordinary day a year before is not carried.
    if (moving && !fit.ev?.has(d)) parts.push({ kind: 'year_ago', value: fit.yearAgo * yearAgoResidual(fit, d, moving) });
    centreWeekly(fit, d, parts);
    out.push(parts.filter((p) => p.kind === 'level' || p.value !== 0));
  }
  return out;
}

/**
 * Moves the mean over the 7 weekdays of the weekly columns (Monday is the design's reference day) into the level and the
 * yearly part, so the weekly part says how this weekday differs from an average day of the same week, Mondays included.
 */
function centreWeekly(fit: RegressionFit, d: number, parts: Part[]): void {
  const { lay, beta } = fit;
  const f = yearFraction(d) * 2 * Math.PI;
  let constant = 0;
  let seasonal = 0;
  for (let k = 1; k < 7; k++) {
    constant += beta[lay.dow + k - 1]!;
    seasonal += beta[lay.dowX + 2 * (k - 1)]! * Math.sin(f) + beta[lay.dowX + 2 * (k - 1) + 1]! * Math.cos(f);
  }
  addPart(parts, { kind: 'weekly', value: -(constant + seasonal) / 7 });
  addPart(parts, { kind: 'level', value: constant / 7 });
  addPart(parts, { kind: 'yearly', value: seasonal / 7 });
}

/** The kind of part an untagged column makes (holiday blocks and calendar events are tagged). */
function columnKind(lay: Layout, col: number): Part['kind'] {
  if (inGroup(lay, 'portEvents', col)) return 'event';
  if (inGroup(lay, 'intercept', col) || inGroup(lay, 'trend', col)) return 'level';
  if (inGroup(lay, 'dow', col) || inGroup(lay, 'dowX', col)) return 'weekly';
  if (inGroup(lay, 'monthDay', col)) return 'month_position';
  if (inGroup(lay, 'fourier', col)) return 'yearly';
  return 'holiday';
}

/** The name of a port-event column's part: the kind of event it stands for. */
function portEventName(fit: RegressionFit, col: number): { name?: string } {
  const kind = inGroup(fit.lay, 'portEvents', col) ? fit.eventKinds?.[Math.floor((col - fit.lay.portEvents) / 2)] : undefined;
  return kind === undefined ? {} : { name: kind };
}

/** A tag as the part of day d: before the anchor, during the block, or after its end. */
function tagPart(tg: Tag, d: number): Omit<Part, 'value'> {
  // A mainland make-up working day is one day with no holiday of its own to count from.
  if (tg.kind === 'workday') return { kind: tg.kind, region: 'CN' };
  const at = d < tg.anchor ? { phase: 'before' as const, days: tg.anchor - d } : d <= tg.end ? { phase: 'during' as const, days: d - tg.anchor + 1 } : { phase: 'after' as const, days: d - tg.end };
  return { kind: tg.kind, ...(tg.region ? { region: tg.region } : {}), name: tg.name, ...at };
}

/**
 * What the fit missed around the same day a year before day t: for 364 days back (same weekday) and 365 (the same
 * date, a day off across 29 February: the exact date was no better on the development origins), the sum of the usable
 * residuals of the 3 days around it / 3; the mean of the two where either has one.
 */
export function yearAgoResidual(fit: Pick<RegressionFit, 'first' | 'resid' | 'weights' | 'yearAgoSkip'>, t: number, moving: ReadonlySet<number>): number {
  let total = 0;
  let lags = 0;
  for (const back of [364, 365]) {
    let s = 0;
    let used = 0;
    for (let k = -1; k <= 1; k++) {
      const d = t - back + k;
      const j = d - fit.first;
      if (j < fit.yearAgoSkip || j >= fit.resid.length || !(fit.weights[j]! > 0) || moving.has(d)) continue;
      s += fit.resid[j]!;
      used++;
    }
    if (used > 0) {
      total += s / 3;
      lags++;
    }
  }
  return lags > 0 ? total / lags : 0;
}

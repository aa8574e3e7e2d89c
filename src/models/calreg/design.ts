/**
 * The design matrix of the calendar regression: its column groups and their offsets, the sparse row of a day,
 * and the ridge penalty of each column.
 */
import { weekday, yearFraction } from '../dates.js';
import type { Csr } from '../numeric/linalg.js';
import { columnStarts, EVENT_COLS, POSITIONS, SPECIFIC_COLS, SPRING_AT, SPRING_COLS } from './holidays.js';
import type { EventColumns } from './portEvents.js';
import type { Tuned } from './options.js';

/**
 * The column groups in design order. Each group's first column is computed from the widths of the groups before it
 * (layout), so a new group is one name here, its width in layout and its ridge in penalties: nothing is counted by hand.
 */
const GROUPS = ['intercept', 'trend', 'dow', 'fourier', 'dowX', 'generic', 'specific', 'cnWork', 'blockDow', 'monthDay', 'lunar', 'solstice', 'events', 'portEvents'] as const;
export type Group = (typeof GROUPS)[number];

/**
 * Column layout of the calendar design: the first column of each group (-1 for a group that is off, of width 0) and
 * its width. `trend` is the linear trend, its hinges follow; `dowX` is day of week × the first yearly harmonic (the
 * weekly pattern changes with the season: school holidays); `generic` holds 2 regions × 2 length classes × POSITIONS;
 * `solstice` the day before, the day and the day after; `events` EVENT_COLS columns; `portEvents` two columns per kind
 * of the series' own events (portEvents.ts).
 */
export type Layout = Record<Group, number> & {
  /** Number of columns. */
  p: number;
  width: Record<Group, number>;
  knots: number;
  /** Yearly Fourier pairs. */
  K: number;
  /** 7 (mainland blocks of ≥ 5 days: a level and 6 weekdays) or 10 (also HK blocks of ≥ 2 days: a level, Saturday, Sunday). */
  blockDowCols: number;
  lunarWeeks: number;
  lunarPre: number;
  anchor: number;
  /** 1: the Spring Festival's days get its named-day offsets only (option `springOwn`). */
  springOwn: number;
};

/** What the layout takes from the options (the solstice and events already off where the calendar lacks them). */
export type LayoutOptions = Partial<Pick<Tuned, 'blockDow' | 'monthDay' | 'lunarWeeks' | 'lunarPre' | 'specificAnchor' | 'springOwn' | 'solstice' | 'events'>> & {
  /** Kinds of the series' own events. */
  portEventKinds?: number;
};

/** The layout for a given number of trend knots and Fourier pairs. */
export function layout(knots: number, K: number, x: LayoutOptions = {}): Layout {
  const blockDowCols = !x.blockDow ? 0 : x.blockDow >= 2 ? 10 : 7;
  const lunarWeeks = x.lunarWeeks ?? 0;
  const lunarPre = x.lunarPre ?? 0;
  const width: Record<Group, number> = {
    intercept: 1,
    trend: 1 + knots,
    dow: 6,
    fourier: 2 * K,
    dowX: 12,
    generic: 4 * POSITIONS.length,
    specific: SPECIFIC_COLS,
    cnWork: 1,
    blockDow: blockDowCols,
    monthDay: !x.monthDay ? 0 : x.monthDay >= 2 ? 5 : 3,
    lunar: lunarWeeks + lunarPre,
    solstice: x.solstice ? 3 : 0,
    events: x.events ? EVENT_COLS : 0,
    portEvents: 2 * (x.portEventKinds ?? 0),
  };
  const { at, total } = columnStarts(GROUPS.map((g) => width[g]));
  const first = Object.fromEntries(GROUPS.map((g, i) => [g, width[g] > 0 ? at[i]! : -1])) as Record<Group, number>;
  return { ...first, p: total, width, knots, K, blockDowCols, lunarWeeks, lunarPre, anchor: x.specificAnchor ?? 0, springOwn: x.springOwn ?? 0 };
}

/** Whether column `col` belongs to group `g`. */
export function inGroup(lay: Layout, g: Group, col: number): boolean {
  return lay[g] >= 0 && col >= lay[g] && col < lay[g] + lay.width[g];
}

/** Ridge penalty of each column. */
export function penalties(lay: Layout, o: Tuned): Float64Array {
  const ridge: Record<Group, number> = {
    intercept: 0,
    trend: o.lambdaTrend,
    dow: 0.01,
    fourier: o.lambdaFourier,
    dowX: o.lambdaDowSeason,
    generic: o.lambdaHoliday,
    specific: o.lambdaSpecific,
    cnWork: o.lambdaHoliday,
    blockDow: o.lambdaHoliday,
    monthDay: o.lambdaHoliday,
    lunar: o.lambdaLunar,
    solstice: o.lambdaSpecific,
    events: o.lambdaSpecific,
    portEvents: o.lambdaPortEvents,
  };
  const l = new Float64Array(lay.p);
  for (const g of GROUPS) if (lay[g] >= 0) l.fill(ridge[g], lay[g], lay[g] + lay.width[g]);
  // The linear trend itself is almost free; its hinges take lambdaTrend.
  l[lay.trend] = 0.01;
  if (lay.springOwn > 0) l.fill(o.lambdaSpring, lay.specific + SPRING_AT, lay.specific + SPRING_AT + SPRING_COLS);
  return l;
}

/** Appends the sparse design row of day d (trend held flat after `trendEnd`, measured from `origin`). */
function designRow(
  lay: Layout,
  d: number,
  knotDays: Float64Array,
  usedKnots: number,
  trendEnd: number,
  origin: number,
  hol: Map<number, number[]>,
  cols: number[],
  vals: number[],
  ev?: EventColumns,
): void {
  cols.push(0);
  vals.push(1);
  const td = d <= trendEnd ? d : trendEnd;
  cols.push(lay.trend);
  vals.push((td - origin) / 365);
  for (let k = 0; k < usedKnots; k++) {
    const v = td - knotDays[k]!;
    if (v > 0) {
      cols.push(lay.trend + 1 + k);
      vals.push(v / 365);
    }
  }
  const wd = weekday(d);
  if (wd > 0) {
    cols.push(lay.dow + wd - 1);
    vals.push(1);
  }
  const f = yearFraction(d) * 2 * Math.PI;
  for (let k = 1; k <= lay.K; k++) {
    cols.push(lay.fourier + 2 * (k - 1), lay.fourier + 2 * (k - 1) + 1);
    vals.push(Math.sin(k * f), Math.cos(k * f));
  }
  if (wd > 0) {
    cols.push(lay.dowX + 2 * (wd - 1), lay.dowX + 2 * (wd - 1) + 1);
    vals.push(Math.sin(f), Math.cos(f));
  }
  const hc = hol.get(d);
  if (hc) {
    // Holiday columns come after all others; a day can hit one column twice (overlapping blocks).
    const sorted = [...hc].sort((a, b) => a - b);
    for (let a = 0; a < sorted.length; a++) {
      if (a > 0 && sorted[a] === sorted[a - 1]) {
        vals[vals.length - 1] = vals[vals.length - 1]! + 1;
        continue;
      }
      cols.push(sorted[a]!);
      vals.push(1);
    }
  }
  // The series' own events are the last group, so their columns stay after the holiday ones.
  for (const [c, v] of ev?.get(d) ?? []) {
    cols.push(lay.portEvents + c);
    vals.push(v);
  }
}

/** CSR rows for days first..first+n-1 (columns ascending within a row); `ev`: the series' own events, if any. */
export function designCsr(lay: Layout, first: number, n: number, knotDays: Float64Array, usedKnots: number, trendEnd: number, origin: number, hol: Map<number, number[]>, ev?: EventColumns): Csr {
  const cols: number[] = [];
  const vals: number[] = [];
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    designRow(lay, first + i, knotDays, usedKnots, trendEnd, origin, hol, cols, vals, ev);
    ptr[i + 1] = cols.length;
  }
  return { n, p: lay.p, ptr, col: Int32Array.from(cols), val: Float64Array.from(vals) };
}

/**
 * The calendar features of the regression: holiday blocks by position, named holidays day by day (the Spring
 * Festival by its lunar date), adjusted working days, weekdays inside blocks, month position, the lunar season,
 * the Winter Solstice and events, as sparse column lists per day.
 */
import { blockNames, eventRuns, EASTER, HK_LUNAR_NEW_YEAR, holidayBlocks, lunarNewYear, SPRING_FESTIVAL, winterSolstices, type HolidayCalendar } from '../calendar.js';
import { weekday, yearOfDay } from '../dates.js';
import type { Layout } from './design.js';

export const POSITIONS = ['pre3', 'pre2', 'pre1', 's0', 's1', 'mid', 'e1', 'e0', 'post1', 'post2', 'post3'] as const;
/**
 * Whether a block takes the long-block shape (≥ 5 days) rather than the short one. In HK only the Lunar New Year has
 * made blocks that long, so an HK block of 5 days that is not the festival (Easter joined with Ching Ming, 3–7 April
 * 2026) keeps the short shape every Easter was learnt in: with the festival a holiday of its own (`springOwn`), the
 * long HK shape has no days to learn from, and Good Friday 2026 lost its outbound flood and Easter Tuesday its return.
 */
function isLongBlock(region: 'HK' | 'CN', days: number, isLunarNewYear: boolean): boolean {
  return days >= 5 && (region === 'CN' || isLunarNewYear);
}
/**
 * Holiday kinds with their own offset-by-day effects (beyond the generic block shape): pre3..pre1,
 * the first `days` days of the block (later days share the last), post1..post3.
 */
interface Specific {
  region: 'HK' | 'CN';
  test: RegExp;
  unless?: RegExp;
  days: number;
}
const SPECIFIC: readonly Specific[] = [
  { region: 'CN', test: SPRING_FESTIVAL, days: 10 },
  { region: 'CN', test: /国庆|National/, days: 10 },
  { region: 'HK', test: EASTER, days: 10 },
  { region: 'CN', test: /劳动|Labour/, days: 5 },
  { region: 'HK', test: /Christmas/, days: 5 },
  { region: 'CN', test: /元旦/, days: 3 },
  { region: 'CN', test: /清明/, days: 3 },
  { region: 'CN', test: /端午/, days: 3 },
  { region: 'CN', test: /中秋/, unless: /国庆/, days: 3 },
];
/** Where each of consecutive column groups of these widths starts (from 0), and their total width. */
export function columnStarts(widths: readonly number[]): { at: number[]; total: number } {
  const at: number[] = [];
  let total = 0;
  for (const w of widths) {
    at.push(total);
    total += w;
  }
  return { at, total };
}
/** Columns of a named holiday: 3 days before, the named number of days, 3 days after. */
const specificWidth = (sp: Specific) => sp.days + 6;
export const { at: SPECIFIC_AT, total: SPECIFIC_COLS } = columnStarts(SPECIFIC.map(specificWidth));
/** Where the Spring Festival's named-day offsets start among the named-holiday columns, and how many there are. */
const SPRING_INDEX = SPECIFIC.findIndex((sp) => sp.test === SPRING_FESTIVAL);
export const SPRING_AT = SPECIFIC_AT[SPRING_INDEX]!;
export const SPRING_COLS = specificWidth(SPECIFIC[SPRING_INDEX]!);

/**
 * Named-day offsets (day, k: column k + 3 of the named holiday's group, k = -3 for 3 days before) of a mainland Spring
 * Festival block from start to end: the days up to the block's middle counted from the lunar new year's day (正月初一;
 * the statutory block began on it in 2024, on the eve in 2025, two days before in 2026), the later days and the 3 after
 * counted from the block's last day (k = days - 1), since the return flood follows the statutory end (the 7th day in 2025
 * and 2026, the 8th in 2024). `fallback` (the block's first holiday) anchors the first half if the lunar date is not
 * inside the block.
 */
export function springFestivalOffsets(start: number, end: number, days: number, fallback = start): Array<[number, number]> {
  let newYear = lunarNewYear(yearOfDay(end));
  if (newYear < start - 3 || newYear > end) newYear = fallback;
  const half = (end - start) / 2;
  const out: Array<[number, number]> = [];
  for (let d = newYear - 3; d <= end + 3; d++) {
    const k = d - start <= half ? d - newYear : days - 1 + (d - end);
    if (k >= -3 && k < days + 3) out.push([d, k]);
  }
  return out;
}


/** What a holiday-map column of a day stands for: a holiday block (or event run) with the day its count starts from. */
export interface Tag {
  kind: 'holiday' | 'event' | 'workday';
  region?: 'HK' | 'CN';
  name: string;
  anchor: number;
  end: number;
}

/**
 * Events with offset-by-day columns counted from the first day of each run of the event: `pre` days before,
 * the first day, `post` days after (shared by every run). The Canton Fair's first two phases (15 and 23 April
 * and October): foreign buyers cross from HK to Guangzhou the days before a phase opens and return as it
 * ends. Its third phase is left out: in spring it opens on Labour Day, whose own columns explain those days,
 * and in autumn its columns made the dev and hold-out origins worse (docs/models.md).
 */
export const EVENTS = [{ test: /^Canton Fair phase [12]\b/, pre: 3, post: 5 }] as const;
export const { at: EVENT_AT, total: EVENT_COLS } = columnStarts(EVENTS.map((e) => e.pre + 1 + e.post));

/**
 * Holiday-position features of each day in [from, to]: a sparse list of column indexes per day.
 * `since` is the first training day: lunar-season weeks only follow festivals inside the training data
 * (after a reopening that came just after a festival, its weeks are the reopening ramp, not the season).
 */
export function holidayColumns(cal: HolidayCalendar, lay: Layout, from: number, to: number, since = from, tags?: Map<number, Array<[number, Tag]>>): Map<number, number[]> {
  const cols = new Map<number, number[]>();
  // What the columns being added stand for (a block, an event): explainCalendarRegression names the parts by it.
  let tag: Tag | undefined;
  const add = (d: number, col: number) => {
    if (d < from || d > to) return;
    const list = cols.get(d);
    if (list) list.push(col);
    else cols.set(d, [col]);
    if (tags && tag) {
      const tl = tags.get(d);
      if (tl) tl.push([col, tag]);
      else tags.set(d, [[col, tag]]);
    }
  };
  const blockTag = (region: 'HK' | 'CN', b: { start: number; end: number }, lunarNewYearBlock: boolean): Tag => {
    const hol = region === 'HK' ? cal.hk : cal.cn;
    let anchor = b.start;
    while (anchor < b.end && !hol.has(anchor)) anchor++;
    // Both regions' Lunar New Year count from the lunar new year's day, so its eve is the eve whatever the statutory block.
    if (lunarNewYearBlock) {
      const ny = lunarNewYear(yearOfDay(b.end));
      if (ny >= b.start - 3 && ny <= b.end) anchor = ny;
    }
    return { kind: 'holiday', region, name: hol.get(anchor) ?? hol.get(b.start) ?? '', anchor, end: b.end };
  };
  (['HK', 'CN'] as const).forEach((region, ri) => {
    for (const b of holidayBlocks(cal, region, from, to)) {
      const names = blockNames(cal, region, b.start, b.end);
      const lunarNewYearBlock = (region === 'CN' ? SPRING_FESTIVAL : HK_LUNAR_NEW_YEAR).test(names);
      const base = lay.generic + (ri * 2 + (isLongBlock(region, b.end - b.start + 1, lunarNewYearBlock) ? 1 : 0)) * POSITIONS.length;
      const festival = lay.springOwn > 0 && lunarNewYearBlock;
      tag = blockTag(region, b, lunarNewYearBlock);
      for (let k = 1; k <= 3 && !festival; k++) {
        add(b.start - k, base + 3 - k); // pre1 at index 2
        add(b.end + k, base + 7 + k); // post1 at index 8
      }
      for (let d = b.start; d <= b.end && !festival; d++) {
        const i = d - b.start;
        const j = b.end - d;
        if (i === 0) add(d, base + 3);
        else if (i === 1 && j >= 1) add(d, base + 4);
        if (j === 0) add(d, base + 7);
        else if (j === 1 && i >= 2) add(d, base + 6);
        if (i >= 2 && j >= 2) add(d, base + 5);
      }
      SPECIFIC.forEach((sp, si) => {
        if (sp.region !== region || !sp.test.test(names) || sp.unless?.test(names)) return;
        const sb = lay.specific + SPECIFIC_AT[si]!;
        if (lay.anchor === 2 || (lay.anchor === 1 && sp.region === 'HK' && /Christmas/.test(sp.test.source))) {
          // Anchored at the block's first holiday: the same date gets the same column whatever the weekday.
          const hol = region === 'HK' ? cal.hk : cal.cn;
          let a = b.start;
          while (a < b.end && !hol.has(a)) a++;
          if (sp.test === SPRING_FESTIVAL) {
            for (const [d, k] of springFestivalOffsets(b.start, b.end, sp.days, a)) add(d, sb + 3 + k);
            return;
          }
          for (let k = -3; k < sp.days + 3; k++) add(a + k, sb + 3 + k);
          return;
        }
        for (let k = 1; k <= 3; k++) {
          add(b.start - k, sb + 3 - k);
          add(b.end + k, sb + 2 + sp.days + k);
        }
        for (let d = b.start; d <= b.end; d++) add(d, sb + 3 + Math.min(sp.days - 1, d - b.start));
      });
    }
  });
  for (const d of cal.cnWork) {
    tag = { kind: 'workday', region: 'CN', name: '', anchor: d, end: d };
    add(d, lay.cnWork);
  }
  tag = undefined;
  if (lay.blockDow >= 0) {
    /** A level column for every day of each block of ≥ minDays, and the weekday column `dayCol` gives (if any). */
    const blockWeekdays = (region: 'HK' | 'CN', minDays: number, level: number, dayCol: (wd: number) => number | undefined) => {
      for (const b of holidayBlocks(cal, region, from, to)) {
        if (b.end - b.start + 1 < minDays) continue;
        tag = blockTag(region, b, (region === 'CN' ? SPRING_FESTIVAL : HK_LUNAR_NEW_YEAR).test(blockNames(cal, region, b.start, b.end)));
        for (let d = b.start; d <= b.end; d++) {
          add(d, level);
          const col = dayCol(weekday(d));
          if (col !== undefined) add(d, col);
        }
      }
    };
    // Long mainland blocks: a level and 6 weekday shifts, so the ordinary weekly pattern can pause.
    blockWeekdays('CN', 5, lay.blockDow, (wd) => (wd > 0 ? lay.blockDow + wd : undefined));
    // HK blocks: a level and the weekend days only (Saturday at +8, Sunday at +9). Weekday columns would be
    // learnt from Good Friday alone (the only Friday in most HK blocks) and put its flood on every Friday holiday.
    if (lay.blockDowCols === 10) blockWeekdays('HK', 2, lay.blockDow + 7, (wd) => (wd >= 5 ? lay.blockDow + 3 + wd : undefined));
  }
  tag = undefined;
  if (lay.monthDay >= 0) {
    const monthCols = lay.width.monthDay;
    for (let d = from; d <= to; d++) {
      const dom = new Date(d * 86400000).getUTCDate();
      const we = weekday(d) >= 5;
      if (we && dom <= 7) add(d, lay.monthDay);
      if (we && dom > 7 && dom <= 14) add(d, lay.monthDay + 1);
      if (dom <= 7) add(d, lay.monthDay + 2);
      if (monthCols === 5 && dom >= 25) {
        add(d, lay.monthDay + 3);
        if (we) add(d, lay.monthDay + 4);
      }
    }
  }
  if (lay.lunar >= 0) {
    // Blocks up to the lunar window's reach outside [from, to] still place their weeks inside it.
    const reach = 7 * Math.max(lay.lunarWeeks, lay.lunarPre);
    for (const b of holidayBlocks(cal, 'CN', from - reach, to + reach)) {
      if (b.start < since || !SPRING_FESTIVAL.test(blockNames(cal, 'CN', b.start, b.end))) continue;
      tag = blockTag('CN', b, true);
      for (let k = 0; k < lay.lunarWeeks; k++) for (let d = b.end + 1 + 7 * k; d <= b.end + 7 + 7 * k; d++) add(d, lay.lunar + k);
      for (let k = 0; k < lay.lunarPre; k++) for (let d = b.start - 7 - 7 * k; d <= b.start - 1 - 7 * k; d++) add(d, lay.lunar + lay.lunarWeeks + k);
    }
  }
  if (lay.events >= 0) {
    EVENTS.forEach((ev, ei) => {
      for (const r of eventRuns(cal, ev.test, from - ev.post, to + ev.pre)) {
        tag = { kind: 'event', name: r.name, anchor: r.start, end: r.end };
        for (let k = -ev.pre; k <= ev.post; k++) add(r.start + k, lay.events + EVENT_AT[ei]! + ev.pre + k);
      }
    });
  }
  for (const d of lay.solstice >= 0 ? winterSolstices(from - 1, to + 1) : []) {
    tag = { kind: 'holiday', name: 'Winter Solstice', anchor: d, end: d };
    for (let k = -1; k <= 1; k++) add(d + k, lay.solstice + 1 + k);
  }
  return cols;
}

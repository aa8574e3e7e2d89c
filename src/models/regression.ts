/**
 * Calendar regression on log counts: day of week, yearly Fourier terms, a piecewise-linear trend,
 * and holiday-block effects for HK and the mainland with lead and lag days. Each series gets its own
 * coefficients, so direction asymmetry (leave before, return after) is learnt, not assumed.
 */
import { blockNames, EASTER, eventRuns, hasEvent, HK_LUNAR_NEW_YEAR, holidayBlocks, lunarNewYear, movingFestivalDays, SPRING_FESTIVAL, winterSolstices, type HolidayCalendar } from './calendar.js';
import { weekday, yearFraction, yearOfDay } from './dates.js';
import { choleskyFactor, choleskySubst, csrMul, quantiles, sortedQuantile, type Csr } from './linalg.js';
import { addPart, emptyForecast, tidyForecast, type Fitted, type Forecast, type Model, type Part, type Series } from './types.js';

export interface RegressionOptions {
  calendar: HolidayCalendar;
  /** Yearly Fourier pairs. */
  fourier?: number;
  /** Half-life (days) of the recency weights: recent behaviour counts more. */
  halfLife?: number;
  /** Spacing (days) of trend knots. */
  knotEvery?: number;
  /** Ridge penalties by feature group. */
  lambdaTrend?: number;
  lambdaFourier?: number;
  lambdaHoliday?: number;
  lambdaSpecific?: number;
  lambdaDowSeason?: number;
  /** Share of the mean residual of the last `levelDays` days carried into the forecast. */
  levelShare?: number;
  levelDays?: number;
  /** Residuals beyond this many robust SDs get zero weight (typhoon days). */
  outlierK?: number;
  /** Refits after down-weighting outliers. */
  robustPasses?: number;
  /**
   * Holiday days the robust refit may not zero-weight: 0 = none, 1 = days with a holiday column that sit
   * above the fit (a first-time holiday flood is news for the holiday columns, not a data fault), 2 = all.
   */
  protectHoliday?: number;
  /**
   * The Spring Festival as a holiday of its own (1, default): the mainland block and HK's Lunar New Year block carry
   * only the festival's named-day offsets (springFestivalOffsets, ridge `lambdaSpring`), not the generic block shape
   * learnt from other holidays, and the robust refit does not zero-weight their days. The eve and the new year's day,
   * 50–60% below an ordinary day at the land ports (HK residents coming home, mainland visitors staying with family),
   * were flagged like typhoon days, so the trough was never learnt. 0 = like the other named holidays.
   */
  springOwn?: number;
  lambdaSpring?: number;
  /** Share of the final trend slope carried past the last training day (0 = held flat). */
  trendCarry?: number;
  /** HK bridge days (a working day between a holiday and a weekend or another holiday): 1 = own column. */
  bridge?: number;
  /** School summer holidays (15 Jul – 31 Aug): 1 = a level and a day-of-week shift of their own. */
  summer?: number;
  /**
   * Day of week inside holiday blocks (the weekly pattern pauses in a Golden Week, and HK residents who went
   * north on Christmas Day do not also make their usual Saturday trip): 1 = mainland blocks of ≥ 5 days,
   * 2 = also HK blocks of ≥ 2 days (weekends joined): mainland blocks get a level and 6 weekday columns, HK
   * blocks a level and Saturday and Sunday columns.
   */
  blockDow?: number;
  /**
   * Residual smoothing: simple exponential smoothing (this alpha, 0 = off) of the last residuals,
   * carried into the forecast × `smoothShare`, decaying by `smoothPhi` per day (AR(1)-like).
   */
  /** Month-position effects (HK salaries are paid at month end): 1 = weekend days 1–7 and 8–14 of the month, days 1–7. */
  monthDay?: number;
  /**
   * Lunar season: one column per week before the mainland Spring Festival block (`lunarPre` weeks, counted
   * back from the day before it; default 3) and per week after it (`lunarWeeks`, default 0), so the weeks
   * around the festival move with it instead of being smeared into the solar Fourier terms. Only festivals
   * inside the training data count. The weeks after were worse: at an origin just after the festival they
   * absorb the recent residuals the level carry needs.
   */
  lunarWeeks?: number;
  lunarPre?: number;
  /**
   * Named-holiday offsets counted from the block's first holiday day instead of its first day (weekend days
   * before it become pre days, days after it count on past the block's end): 1 = HK Christmas only, 2 = all.
   * The generic block shape stays block-relative. 0 = off. Default 2: Christmas Eve is Christmas Eve whether
   * the block starts on it or on the Saturday before. With 2, the mainland Spring Festival's first half counts from
   * the lunar new year's day and its second half from the block's last day (springFestivalOffsets).
   */
  specificAnchor?: number;
  /** Ridge penalty of the lunar-season weeks. */
  lambdaLunar?: number;
  /**
   * Winter Solstice festival (冬至, a family day in HK and Guangdong, not a public holiday): 1 = the day before,
   * the day and the day after get a column each (ridge `lambdaSpecific`), when the calendar has HK or mainland holidays.
   */
  solstice?: number;
  /**
   * Events from the calendar (kind `event`) with their own offset columns, see EVENTS: 1 = on, when the
   * calendar has such events.
   */
  events?: number;
  smoothAlpha?: number;
  smoothShare?: number;
  smoothPhi?: number;
  /**
   * Year-ago residual: this share of what the fit missed on the same days a year before (364 and 365 days back,
   * each the mean over 3 days around it) is added to the forecast (log scale). It carries what recurs on the
   * calendar but has no column: school holidays, trade fairs, cruise seasons, the run-up to Christmas. Days in
   * the seasons of the moving festivals (movingFestivalDays), outliers and the first `yearAgoSkip` training days
   * (default 180: after a reopening, the half-year ramp back) do not count. `yearAgo` 0 = off.
   */
  yearAgo?: number;
  yearAgoSkip?: number;
  /**
   * Ensemble: further variants of the regression (overrides of these options, e.g. another recency
   * half-life), fitted on the same series; the forecasts are averaged on the log scale. Empty = one model.
   */
  variants?: ReadonlyArray<Partial<Omit<RegressionOptions, 'calendar' | 'variants'>>>;
}

const DEFAULTS = {
  fourier: 6,
  halfLife: 365,
  knotEvery: 56,
  lambdaTrend: 2,
  lambdaFourier: 25,
  lambdaHoliday: 0.5,
  lambdaSpecific: 1,
  lambdaDowSeason: 3,
  levelShare: 0.5,
  levelDays: 14,
  outlierK: 5,
  robustPasses: 2,
  protectHoliday: 1,
  springOwn: 1,
  lambdaSpring: 0.1,
  trendCarry: 0,
  bridge: 0,
  summer: 0,
  blockDow: 2,
  monthDay: 1,
  lunarWeeks: 0,
  lunarPre: 3,
  specificAnchor: 2,
  lambdaLunar: 0.5,
  solstice: 1,
  events: 1,
  smoothAlpha: 0,
  smoothShare: 1,
  smoothPhi: 0.9,
  yearAgo: 0.6,
  yearAgoSkip: 180,
};

const POSITIONS = ['pre3', 'pre2', 'pre1', 's0', 's1', 'mid', 'e1', 'e0', 'post1', 'post2', 'post3'] as const;
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
function columnStarts(widths: readonly number[]): { at: number[]; total: number } {
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
const { at: SPECIFIC_AT, total: SPECIFIC_COLS } = columnStarts(SPECIFIC.map(specificWidth));
/** Where the Spring Festival's named-day offsets start among the named-holiday columns, and how many there are. */
const SPRING_INDEX = SPECIFIC.findIndex((sp) => sp.test === SPRING_FESTIVAL);
const SPRING_AT = SPECIFIC_AT[SPRING_INDEX]!;
const SPRING_COLS = specificWidth(SPECIFIC[SPRING_INDEX]!);

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

/** Column layout of the calendar design for a given number of trend knots. */
interface Layout {
  p: number;
  trend: number; // linear trend column; hinges follow
  knots: number;
  dow: number;
  fourier: number;
  K: number;
  /** Day of week × first yearly harmonic (12): the weekly pattern changes with the season (school holidays). */
  dowX: number;
  generic: number; // 2 regions × 2 length classes × POSITIONS
  specific: number;
  cnWork: number;
  /** Optional groups (-1 when off): HK bridge day, summer level + 6 dow, long-CN-block × 6 dow. */
  bridge: number;
  summer: number;
  blockDow: number;
  /** 7 (mainland blocks of ≥ 5 days: a level and 6 weekdays) or 10 (also HK blocks of ≥ 2 days: a level, Saturday, Sunday). */
  blockDowCols: number;
  monthDay: number;
  monthCols: number;
  lunar: number;
  lunarWeeks: number;
  lunarPre: number;
  anchor: number;
  /** 1: the Spring Festival's days get its named-day offsets only (option `springOwn`). */
  springOwn: number;
  /** Winter Solstice day before / day / day after (-1 when off). */
  solstice: number;
  /** First column of the event offsets (EVENT_COLS columns; -1 when off). */
  events: number;
}

/** What a holiday-map column of a day stands for: a holiday block (or event run) with the day its count starts from. */
interface Tag {
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
const EVENTS = [{ test: /^Canton Fair phase [12]\b/, pre: 3, post: 5 }] as const;
const { at: EVENT_AT, total: EVENT_COLS } = columnStarts(EVENTS.map((e) => e.pre + 1 + e.post));

interface Extras {
  bridge: number;
  summer: number;
  blockDow: number;
  monthDay?: number;
  lunarWeeks?: number;
  lunarPre?: number;
  specificAnchor?: number;
  springOwn?: number;
  solstice?: number;
  events?: number;
}

function layout(knots: number, K: number, x: Extras = { bridge: 0, summer: 0, blockDow: 0 }): Layout {
  let c = 1; // intercept at 0
  const trend = c;
  c += 1 + knots;
  const dow = c;
  c += 6;
  const fourier = c;
  c += 2 * K;
  const dowX = c;
  c += 12;
  const generic = c;
  c += 4 * POSITIONS.length;
  const specific = c;
  c += SPECIFIC_COLS;
  const cnWork = c;
  c += 1;
  const bridge = x.bridge ? c : -1;
  if (x.bridge) c += 1;
  const summer = x.summer ? c : -1;
  if (x.summer) c += 7;
  const blockDow = x.blockDow ? c : -1;
  const blockDowCols = !x.blockDow ? 0 : x.blockDow >= 2 ? 10 : 7;
  c += blockDowCols;
  const monthDay = x.monthDay ? c : -1;
  const monthCols = !x.monthDay ? 0 : x.monthDay >= 2 ? 5 : 3;
  c += monthCols;
  const lunarWeeks = x.lunarWeeks ?? 0;
  const lunarPre = x.lunarPre ?? 0;
  const lunar = lunarWeeks + lunarPre > 0 ? c : -1;
  c += lunarWeeks + lunarPre;
  const solstice = x.solstice ? c : -1;
  if (x.solstice) c += 3;
  const events = x.events ? c : -1;
  if (x.events) c += EVENT_COLS;
  return { events, solstice, anchor: x.specificAnchor ?? 0, springOwn: x.springOwn ?? 0, p: c, trend, knots, dow, fourier, K, dowX, generic, specific, cnWork, bridge, summer, blockDow, blockDowCols, monthDay, monthCols, lunar, lunarWeeks, lunarPre };
}

/**
 * Holiday-position features of each day in [from, to]: a sparse list of column indexes per day.
 * `since` is the first training day: lunar-season weeks only follow festivals inside the training data
 * (after a reopening that came just after a festival, its weeks are the reopening ramp, not the season).
 */
function holidayColumns(cal: HolidayCalendar, lay: Layout, from: number, to: number, since = from, tags?: Map<number, Array<[number, Tag]>>): Map<number, number[]> {
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
  if (lay.bridge >= 0) {
    const off = (d: number) => cal.hk.has(d) || weekday(d) >= 5;
    for (let d = from; d <= to; d++) {
      if (off(d)) continue;
      if ((cal.hk.has(d - 1) && off(d + 1)) || (cal.hk.has(d + 1) && off(d - 1))) add(d, lay.bridge);
    }
  }
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
    const monthCols = lay.monthCols;
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
  tag = undefined;
  if (lay.summer >= 0) {
    for (let d = from; d <= to; d++) {
      const f = yearFraction(d);
      if (f < SUMMER_FROM || f >= SUMMER_TO) continue;
      add(d, lay.summer);
      const wd = weekday(d);
      if (wd > 0) add(d, lay.summer + wd);
    }
  }
  return cols;
}

// 15 July and 1 September as fractions of a year (school summer holidays in HK and on the mainland).
const SUMMER_FROM = 195 / 365.25;
const SUMMER_TO = 243 / 365.25;

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
  carry = 0,
): void {
  cols.push(0);
  vals.push(1);
  const td = d <= trendEnd ? d : trendEnd + carry * (d - trendEnd);
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
}

/** CSR rows for days first..first+n-1 (columns ascending within a row). */
function designCsr(lay: Layout, first: number, n: number, knotDays: Float64Array, usedKnots: number, trendEnd: number, origin: number, hol: Map<number, number[]>, carry = 0): Csr {
  const cols: number[] = [];
  const vals: number[] = [];
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    designRow(lay, first + i, knotDays, usedKnots, trendEnd, origin, hol, cols, vals, carry);
    ptr[i + 1] = cols.length;
  }
  return { n, p: lay.p, ptr, col: Int32Array.from(cols), val: Float64Array.from(vals) };
}

export interface RegressionFit {
  beta: Float64Array;
  lay: Layout;
  knotDays: Float64Array;
  first: number;
  last: number;
  /** Day the trend column is measured from (the workspace's last day). */
  origin: number;
  /** log-scale residuals on the training days (NaN where no data). */
  resid: Float64Array;
  weights: Float64Array;
  level: number;
  /** Share of the final trend slope carried into the forecast. */
  carry: number;
  /** Share of the year-ago residual added to the forecast, and the training days it skips at the start. */
  yearAgo: number;
  yearAgoSkip: number;
  /** Training indexes given zero weight by the robust refit. */
  outliers: readonly number[];
  /** Smoothed recent residual (beyond `level`) and its per-day decay over the horizon. */
  smooth: number;
  phi: number;
}

/**
 * What every series over the same days shares: the design, the recency weights and, per cutoff,
 * the Cholesky factor of the weighted ridge normal equations. Missing days and outliers do not
 * change the factor: they are imputed by EM (a zero weight is the same as the fitted value as data),
 * so all series of a date range need one factorisation per cutoff, not one per fit.
 */
interface Shared {
  o: typeof DEFAULTS & RegressionOptions;
  lay: Layout;
  first: number;
  n: number;
  knotDays: Float64Array;
  X: Csr;
  /** Recency weights relative to the last day of the range. */
  w: Float64Array;
  lambda: Float64Array;
  factors: Map<number, Float64Array>;
  /** 1 for the days with a holiday-position column (what the robust refit may protect), made on first use. */
  onHoliday?: Uint8Array;
  /** 1 for the days with a Spring Festival offset (never zero-weighted when `springOwn`), made on first use. */
  onSpring?: Uint8Array;
}

const sharedCache = new WeakMap<HolidayCalendar, Map<string, Shared>>();

function shared(o: typeof DEFAULTS & RegressionOptions, first: number, n: number): Shared {
  const key = [first, n, o.fourier, o.halfLife, o.knotEvery, o.lambdaTrend, o.lambdaFourier, o.lambdaHoliday, o.lambdaSpecific, o.lambdaDowSeason, o.bridge, o.summer, o.blockDow, o.monthDay, o.lunarWeeks, o.lunarPre, o.lambdaLunar, o.specificAnchor, o.springOwn, o.lambdaSpring, o.solstice, o.events].join('|');
  let byKey = sharedCache.get(o.calendar);
  if (!byKey) sharedCache.set(o.calendar, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const last = first + n - 1;
  const knots: number[] = [];
  // Knots stop well before the end so the final slope rests on more than a few weeks of data.
  for (let d = first + o.knotEvery; d < last - 42; d += o.knotEvery) knots.push(d);
  const knotDays = Float64Array.from(knots);
  // The solstice matters where HK or mainland holidays do, events where the calendar lists them: another
  // country's calendar gets neither set of columns.
  const lay = layout(knots.length, o.fourier, {
    ...o,
    solstice: o.calendar.hk.size + o.calendar.cn.size > 0 ? o.solstice : 0,
    events: EVENTS.some((ev) => hasEvent(o.calendar, ev.test)) ? o.events : 0,
  });
  const hol = holidayColumns(o.calendar, lay, first, last);
  const X = designCsr(lay, first, n, knotDays, knots.length, last, last, hol);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.pow(0.5, (n - 1 - i) / o.halfLife);
  const sh: Shared = { o, lay, first, n, knotDays, X, w, lambda: penalties(lay, o), factors: new Map() };
  if (byKey.size >= 192) byKey.clear(); // bounded: a run touches a few dozen date ranges
  byKey.set(key, sh);
  return sh;
}

/** Knots in the model of a fit whose last training index is c (none within 42 days of its end). */
function usedKnots(sh: Shared, c: number): number {
  let used = 0;
  while (used < sh.knotDays.length && sh.knotDays[used]! < sh.first + c - 42) used++;
  return used;
}

/** Cholesky factor of scale · Σ_{i≤c} w_i x_i x_iᵀ + Λ, knots outside the cutoff's model pinned to zero. */
function factorAt(sh: Shared, c: number): Float64Array {
  prepareFactors(sh, [c]);
  return sh.factors.get(c)!;
}

/** Factors for several cutoffs from one pass over the rows (the Gram matrix is a prefix sum). */
function prepareFactors(sh: Shared, cutoffs: readonly number[]): void {
  const todo = [...new Set(cutoffs)].filter((c) => !sh.factors.has(c)).sort((a, b) => a - b);
  if (todo.length === 0) return;
  const { lay, X, w, lambda } = sh;
  const p = lay.p;
  const G = new Float64Array(p * p);
  const scratch = new Float64Array(p);
  let row = 0;
  for (const c of todo) {
    for (; row <= c; row++) addRow(X, row, w[row]!, 0, G, scratch);
    const A = G.slice();
    const used = usedKnots(sh, c);
    const scale = Math.pow(2, (sh.n - 1 - c) / sh.o.halfLife);
    for (let j = 0; j < p; j++) {
      const rj = j * p;
      if (j > lay.trend + used && j <= lay.trend + lay.knots) {
        for (let k = j; k < p; k++) A[rj + k] = 0;
        for (let k = 0; k < j; k++) A[k * p + j] = 0;
        A[rj + j] = 1;
        continue;
      }
      for (let k = j; k < p; k++) A[rj + k] = A[rj + k]! * scale;
      A[rj + j] = A[rj + j]! + lambda[j]! + 1e-9;
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[j * p + k] = A[k * p + j]!;
    sh.factors.set(c, choleskyFactor(A, p));
  }
}

/** Adds w_i x_i x_iᵀ (upper triangle) and w_i x_i z_i of row i to A and b. */
function addRow(X: Csr, i: number, wi: number, zi: number, A: Float64Array, b: Float64Array): void {
  const { p, ptr, col, val } = X;
  const e = ptr[i + 1]!;
  for (let a = ptr[i]!; a < e; a++) {
    const j = col[a]!;
    const wx = wi * val[a]!;
    b[j] = b[j]! + wx * zi;
    const rj = j * p;
    for (let c = a; c < e; c++) {
      const k = col[c]!;
      A[rj + k] = A[rj + k]! + wx * val[c]!;
    }
  }
}

function rowDot(X: Csr, i: number, beta: Float64Array): number {
  let v = 0;
  for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) v += X.val[a]! * beta[X.col[a]!]!;
  return v;
}

/** log1p counts with missing days filled by linear interpolation (EM's starting values). */
function logFilled(y: Float64Array): { z: Float64Array; missing: number[] } {
  const n = y.length;
  const z = new Float64Array(n);
  const missing: number[] = [];
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) {
      missing.push(i);
      continue;
    }
    z[i] = Math.log1p(Math.max(0, v));
    for (let k = prev + 1; k < i; k++) z[k] = prev < 0 ? z[i]! : z[prev]! + ((z[i]! - z[prev]!) * (k - prev)) / (i - prev);
    prev = i;
  }
  for (let k = prev + 1; k < n; k++) z[k] = prev < 0 ? 0 : z[prev]!;
  return { z, missing };
}

/**
 * Fits the regression at each cutoff (index of the last training day). With `known` outliers
 * (from the fit on the whole series: typhoon days are data faults, not news) each cutoff is one
 * EM solve instead of a robust iteration.
 */
function fitAt(series: Series, options: RegressionOptions, cutoffs: readonly number[], known?: readonly number[]): RegressionFit[] {
  const o = { ...DEFAULTS, ...options };
  const sh = shared(o, series.start, series.y.length);
  prepareFactors(sh, cutoffs);
  const { z: z0, missing } = logFilled(series.y);
  return cutoffs.map((c) => fitOne(sh, o, z0, missing.filter((i) => i <= c), c, known?.filter((i) => i <= c)));
}

/** One fit at cutoff c; `o` may differ from the shared options in what the factor does not depend on (level, robust refit, smoothing). */
function fitOne(sh: Shared, o: typeof DEFAULTS & RegressionOptions, z0: Float64Array, missing: readonly number[], c: number, known?: readonly number[]): RegressionFit {
  const { lay, X, w } = sh;
  const p = lay.p;
  const m = c + 1;
  const L = factorAt(sh, c);
  const scale = Math.pow(2, (sh.n - 1 - c) / o.halfLife);
  const isMissing = new Uint8Array(m);
  for (const i of missing) isMissing[i] = 1;
  const used = usedKnots(sh, c);
  const pin = (x: Float64Array) => {
    // Knots outside this cutoff's model: their rows of the factor are identity, their β is zero.
    for (let j = lay.trend + 1 + used; j <= lay.trend + lay.knots; j++) x[j] = 0;
    return x;
  };
  const bAll = new Float64Array(p);
  for (let i = 0; i < m; i++) if (!isMissing[i]) addRowB(X, i, scale * w[i]!, z0[i]!, bAll);
  /**
   * Solves the normal equations without the rows in `drop` (missing days, outliers) by conjugate
   * gradients preconditioned with the shared full-data factor: dropping rows is a low-rank change,
   * so a handful of iterations converge where refactoring would cost p³/6.
   */
  const solveWithout = (drop: readonly number[], out: readonly number[]): Float64Array => {
    const b = bAll.slice();
    for (const i of out) addRowB(X, i, -scale * w[i]!, z0[i]!, b);
    pin(b);
    /** The dropped rows' part of the normal matrix times v: Σ_drop s w_i x_i x_iᵀ v (sparse). */
    const dropMul = (v: Float64Array): Float64Array => {
      const r = new Float64Array(p);
      for (const i of drop) {
        const d = rowDot(X, i, v);
        if (d !== 0) addRowB(X, i, scale * w[i]!, d, r);
      }
      return pin(r);
    };
    const x = pin(choleskySubst(L, b, p));
    if (drop.length === 0) return x;
    // The system is (M − D) x = b with M = L Lᵀ, the preconditioner. M is never multiplied by: x starts at M⁻¹b, so
    // the first residual is D x; M times the search direction is carried along (M d = r + β M d_prev, since d = M⁻¹r
    // + β d_prev). Each iteration costs one solve with L and a sparse product, not two more dense products as well.
    const r = dropMul(x);
    let zv = pin(choleskySubst(L, r, p));
    const dir = zv.slice();
    const mDir = r.slice();
    let rz = dotv(r, zv);
    const rz0 = rz;
    for (let it = 0; it < 60 && rz > 1e-10 * rz0 && rz > 1e-300; it++) {
      const q = dropMul(dir);
      for (let j = 0; j < p; j++) q[j] = mDir[j]! - q[j]!;
      const alpha = rz / dotv(dir, q);
      for (let j = 0; j < p; j++) {
        x[j] = x[j]! + alpha * dir[j]!;
        r[j] = r[j]! - alpha * q[j]!;
      }
      zv = pin(choleskySubst(L, r, p));
      const rzNew = dotv(r, zv);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let j = 0; j < p; j++) {
        dir[j] = zv[j]! + beta * dir[j]!;
        mDir[j] = r[j]! + beta * mDir[j]!;
      }
    }
    return x;
  };
  let outliers: readonly number[] = known ?? [];
  let beta = solveWithout([...missing, ...outliers], outliers);
  const resid = new Float64Array(m);
  const absr = new Float64Array(m);
  const onHoliday = o.protectHoliday > 0 ? (sh.onHoliday ??= holidayRows(X, sh.n, lay.generic, lay.cnWork)) : undefined;
  const onSpring = lay.springOwn > 0 ? (sh.onSpring ??= holidayRows(X, sh.n, lay.specific + SPRING_AT, lay.specific + SPRING_AT + SPRING_COLS)) : undefined;
  const flag = (i: number, limit: number): boolean => {
    const r = resid[i]!;
    if (Math.abs(r) <= limit || onSpring?.[i]) return false;
    return !(onHoliday?.[i] && (o.protectHoliday >= 2 || r > 0));
  };
  // Robust passes: typhoon days and one-off closures get zero weight instead of bending the fit.
  for (let pass = 0; pass < (known ? 0 : o.robustPasses); pass++) {
    let cnt = 0;
    for (let i = 0; i < m; i++) {
      resid[i] = isMissing[i] ? NaN : z0[i]! - rowDot(X, i, beta);
      if (!isMissing[i]) absr[cnt++] = Math.abs(resid[i]!);
    }
    const s = 1.4826 * sortedQuantile(absr.subarray(0, cnt).sort(), 0.5) || 1e-6;
    const next: number[] = [];
    for (let i = 0; i < m; i++) if (!isMissing[i] && flag(i, o.outlierK * s)) next.push(i);
    if (next.length === outliers.length && next.every((v, k) => v === outliers[k])) break;
    outliers = next;
    beta = solveWithout([...missing, ...outliers], outliers);
  }
  const rw = new Float64Array(m);
  for (let i = 0; i < m; i++) rw[i] = isMissing[i] ? 0 : w[i]! * scale;
  for (const i of outliers) rw[i] = 0;
  for (let i = 0; i < m; i++) resid[i] = isMissing[i] ? NaN : z0[i]! - rowDot(X, i, beta);
  let sum = 0;
  let cnt = 0;
  for (let i = Math.max(0, m - o.levelDays); i < m; i++) {
    if (rw[i]! > 0) {
      sum += resid[i]!;
      cnt++;
    }
  }
  const level = cnt > 0 ? (o.levelShare * sum) / cnt : 0;
  let smooth = 0;
  if (o.smoothAlpha > 0) {
    // SES over the last 8 weeks of residuals (outliers and gaps skipped), net of the carried level.
    let st = 0;
    for (let i = Math.max(0, m - 56); i < m; i++) if (rw[i]! > 0) st += o.smoothAlpha * (resid[i]! - level - st);
    smooth = o.smoothShare * st;
  }
  return { beta, lay, knotDays: sh.knotDays.subarray(0, used), first: sh.first, last: sh.first + c, origin: sh.first + sh.n - 1, resid, weights: rw, level, carry: o.trendCarry, yearAgo: o.yearAgo, yearAgoSkip: o.yearAgoSkip, outliers, smooth, phi: o.smoothPhi };
}

/** 1 for the rows with a holiday-position column (generic or named block shape), in [from, to). */
function holidayRows(X: Csr, m: number, from: number, to: number): Uint8Array {
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) {
      const c = X.col[a]!;
      if (c >= from && c < to) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/** Adds w_i x_i d to b (the right-hand side only). */
function addRowB(X: Csr, i: number, wi: number, d: number, b: Float64Array): void {
  for (let a = X.ptr[i]!; a < X.ptr[i + 1]!; a++) b[X.col[a]!] = b[X.col[a]!]! + wi * X.val[a]! * d;
}

/** Fits the regression to a daily series (pure; the series should already be the current regime). */
export function fitCalendarRegression(series: Series, options: RegressionOptions): RegressionFit {
  return fitAt(series, options, [series.y.length - 1])[0]!;
}

/** Log-scale point forecast for the h days after the training data. */
export function predictCalendarRegression(fit: RegressionFit, calendar: HolidayCalendar, h: number): Float64Array {
  const from = fit.last + 1;
  const hol = holidayColumns(calendar, fit.lay, from, from + h - 1, fit.first);
  const X = designCsr(fit.lay, from, h, fit.knotDays, fit.knotDays.length, fit.last, fit.origin, hol, fit.carry);
  const out = csrMul(X, fit.beta);
  let g = fit.smooth;
  const moving = fit.yearAgo > 0 ? movingFestivalDays(calendar) : undefined;
  for (let i = 0; i < h; i++) {
    g *= fit.phi;
    out[i] = out[i]! + fit.level + g + (moving ? fit.yearAgo * yearAgoResidual(fit, from + i, moving) : 0);
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
  const X = designCsr(fit.lay, from, h, fit.knotDays, fit.knotDays.length, fit.last, fit.origin, hol, fit.carry);
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
      addPart(parts, { kind: columnKind(fit.lay, col), value: X.val[a]! * fit.beta[col]! });
    }
    for (const [col, tg] of dayTags) addPart(parts, { ...tagPart(tg, d), value: fit.beta[col]! });
    if (moving) parts.push({ kind: 'year_ago', value: fit.yearAgo * yearAgoResidual(fit, d, moving) });
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

/** The kind of part an untagged column makes (holiday blocks and events are tagged). */
function columnKind(lay: Layout, col: number): Part['kind'] {
  if (col <= lay.trend + lay.knots) return 'level';
  if ((col >= lay.dow && col < lay.dow + 6) || (col >= lay.dowX && col < lay.dowX + 12)) return 'weekly';
  if (lay.monthDay >= 0 && col >= lay.monthDay && col < lay.monthDay + lay.monthCols) return 'month_position';
  if (col >= lay.fourier && col < lay.fourier + 2 * lay.K) return 'yearly';
  // School summer (off by default) recurs with the year; a bridge day (off too) belongs with the holidays.
  if (lay.summer >= 0 && col >= lay.summer && col < lay.summer + 7) return 'yearly';
  return 'holiday';
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

/** Forecast of the calendar regression with intervals from its weighted in-sample log residuals. */
export function calendarRegressionForecast(series: Series, h: number, options: RegressionOptions): Forecast {
  const fit = fitCalendarRegression(series, options);
  const zf = predictCalendarRegression(fit, options.calendar, h);
  return logForecast(zf, residualQuantiles(fit.resid, fit.weights));
}

/** The calendar regression as a model object (daily series only); backtests share one design. */
export function calendarRegression(options: RegressionOptions): Model {
  const members: RegressionOptions[] = [options, ...(options.variants ?? []).map((v) => ({ ...options, ...v, variants: [] }))];
  // The engine backtests a series, then fits the same series object: the final fits are made once.
  const finals = new WeakMap<Series, RegressionFit[]>();
  const finalFits = (series: Series) => {
    let fs = finals.get(series);
    if (!fs) finals.set(series, (fs = members.map((o) => fitCalendarRegression(series, o))));
    return fs;
  };
  /** Log-mean of the members' forecasts; intervals from the first member's residuals. */
  const predict = (fits: readonly RegressionFit[], h: number): Forecast => {
    const z = predictCalendarRegression(fits[0]!, options.calendar, h);
    if (fits.length > 1) {
      for (let k = 1; k < fits.length; k++) {
        const zk = predictCalendarRegression(fits[k]!, options.calendar, h);
        for (let i = 0; i < h; i++) z[i] = z[i]! + zk[i]!;
      }
      for (let i = 0; i < h; i++) z[i] = z[i]! / fits.length;
    }
    return logForecast(z, residualQuantiles(fits[0]!.resid, fits[0]!.weights));
  };
  /** The members' parts averaged, as their forecasts are on the log scale. */
  const explainMembers = (fits: readonly RegressionFit[], h: number): Part[][] => {
    const each = fits.map((f) => explainCalendarRegression(f, options.calendar, h));
    return each[0]!.map((_, i) => {
      const parts: Part[] = [];
      for (const member of each) for (const p of member[i]!) addPart(parts, { ...p, value: p.value / fits.length });
      return parts;
    });
  };
  return {
    name: 'calreg',
    fit: (series: Series): Fitted => {
      const fits = finalFits(series);
      return { model: 'calreg', predict: (h: number) => predict(fits, h), explain: (h: number) => explainMembers(fits, h) };
    },
    backtest: (series: Series, cutoffs: readonly number[], h: number) => {
      const finalsNow = finalFits(series);
      const byMember = members.map((o, k) => fitAt(series, o, cutoffs, finalsNow[k]!.outliers));
      return cutoffs.map((_, j) => predict(byMember.map((fs) => fs[j]!), h));
    },
  };
}

/** Quantiles [q2.5, q10, q90, q97.5] of the log residuals with positive weight. */
export function residualQuantiles(resid: Float64Array, w: Float64Array): Float64Array {
  const r: number[] = [];
  for (let i = 0; i < resid.length; i++) if (w[i]! > 0 && Number.isFinite(resid[i]!)) r.push(resid[i]!);
  return Float64Array.from(quantiles(r, [0.025, 0.1, 0.9, 0.975]).map((v) => v || 0));
}

/** Back-transforms a log1p forecast with additive log-scale interval offsets [q2.5, q10, q90, q97.5]. */
export function logForecast(z: Float64Array, q: Float64Array, widen: (i: number) => number = () => 1): Forecast {
  const h = z.length;
  const f = emptyForecast(h);
  for (let i = 0; i < h; i++) {
    const m = z[i]!;
    const g = widen(i);
    f.mean[i] = Math.expm1(m);
    f.lo95[i] = Math.expm1(m + g * q[0]!);
    f.lo80[i] = Math.expm1(m + g * q[1]!);
    f.hi80[i] = Math.expm1(m + g * q[2]!);
    f.hi95[i] = Math.expm1(m + g * q[3]!);
  }
  return tidyForecast(f);
}

function penalties(lay: Layout, o: typeof DEFAULTS): Float64Array {
  const l = new Float64Array(lay.p);
  l[lay.trend] = 0.01;
  for (let k = 0; k < lay.knots; k++) l[lay.trend + 1 + k] = o.lambdaTrend;
  for (let k = 0; k < 6; k++) l[lay.dow + k] = 0.01;
  for (let k = 0; k < 2 * lay.K; k++) l[lay.fourier + k] = o.lambdaFourier;
  for (let k = 0; k < 12; k++) l[lay.dowX + k] = o.lambdaDowSeason;
  for (let k = lay.generic; k < lay.specific; k++) l[k] = o.lambdaHoliday;
  for (let k = lay.specific; k < lay.cnWork; k++) l[k] = o.lambdaSpecific;
  l[lay.cnWork] = o.lambdaHoliday;
  // Optional groups: first column (-1 when off), width, ridge.
  const groups: ReadonlyArray<readonly [number, number, number]> = [
    [lay.bridge, 1, o.lambdaHoliday],
    [lay.summer, 7, o.lambdaHoliday],
    [lay.blockDow, lay.blockDowCols, o.lambdaHoliday],
    [lay.monthDay, lay.monthCols, o.lambdaHoliday],
    [lay.lunar, lay.lunarWeeks + lay.lunarPre, o.lambdaLunar],
    [lay.solstice, 3, o.lambdaSpecific],
    [lay.events, EVENT_COLS, o.lambdaSpecific],
    [lay.springOwn > 0 ? lay.specific + SPRING_AT : -1, SPRING_COLS, o.lambdaSpring],
  ];
  for (const [at, len, ridge] of groups) for (let k = 0; at >= 0 && k < len; k++) l[at + k] = ridge;
  return l;
}

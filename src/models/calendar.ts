/** Holiday calendars (HK, mainland with adjusted workdays) and the holiday-block features built from them. */
import cd from 'chinese-days';
import { dayOf, weekday, yearOfDay } from './dates.js';

/** A row of the `calendar` table. */
export interface CalendarRow {
  date: string;
  region: string;
  name: string;
  kind: string;
  /** Where the day comes from (CN_PROJECTED for the mainland's years not published yet). */
  source?: string | null;
}

/**
 * Holidays by jurisdiction as day numbers; `cnWork` are mainland weekend days that are working days (调休);
 * `events` are days of events that are not holidays (e.g. a Canton Fair phase), any region, by name.
 */
export interface HolidayCalendar {
  hk: Map<number, string>;
  cn: Map<number, string>;
  cnWork: Set<number>;
  events: Map<number, string>;
}

/** Builds a HolidayCalendar from `calendar` rows (region HK / CN; other regions are ignored). */
export function holidayCalendar(rows: readonly CalendarRow[]): HolidayCalendar {
  const cal: HolidayCalendar = emptyCalendar();
  for (const r of rows) {
    const d = dayOf(r.date);
    const region = r.region.toUpperCase();
    if (r.kind === 'adjusted_workday') {
      if (region === 'CN') cal.cnWork.add(d);
    } else if (r.kind === 'holiday') {
      if (region === 'HK') cal.hk.set(d, r.name);
      else if (region === 'CN') cal.cn.set(d, r.name);
    } else if (r.kind === 'event') {
      const other = cal.events.get(d);
      cal.events.set(d, other && other !== r.name ? `${other};${r.name}` : r.name);
    }
  }
  return cal;
}

/** An empty calendar: models then fall back to day-of-week and yearly terms. */
export function emptyCalendar(): HolidayCalendar {
  return { hk: new Map(), cn: new Map(), cnWork: new Set(), events: new Map() };
}

/** A run of consecutive days off that contains at least one public holiday. */
export interface HolidayBlock {
  region: 'HK' | 'CN';
  start: number;
  end: number; // inclusive
  name: string;
}

/**
 * Holiday blocks of one jurisdiction between two days: holidays joined with the adjacent
 * weekend (minus mainland adjusted workdays), because travellers plan around the whole break.
 */
export function holidayBlocks(cal: HolidayCalendar, region: 'HK' | 'CN', from: number, to: number): HolidayBlock[] {
  const hol = region === 'HK' ? cal.hk : cal.cn;
  const off = (d: number) => hol.has(d) || (weekday(d) >= 5 && !(region === 'CN' && cal.cnWork.has(d)));
  const blocks: HolidayBlock[] = [];
  // Look a little beyond the range so a block that straddles an edge keeps its true length.
  for (let d = from - 15; d <= to + 15; d++) {
    if (!hol.has(d)) continue;
    let s = d;
    while (off(s - 1)) s--;
    let e = d;
    while (off(e + 1)) e++;
    blocks.push({ region, start: s, end: e, name: hol.get(d) ?? '' });
    d = e;
  }
  return blocks;
}

/** Days that are a holiday in HK or on the mainland, or within `margin` days of one. */
export function nearHolidayDays(cal: HolidayCalendar, margin: number): Set<number> {
  const out = new Set<number>();
  for (const d of [...cal.hk.keys(), ...cal.cn.keys()]) for (let k = -margin; k <= margin; k++) out.add(d + k);
  return out;
}

/** Names of the mainland Spring Festival and of HK Easter (Good Friday opens its block) in the calendars. */
export const SPRING_FESTIVAL = /春节|Spring/;
export const EASTER = /Easter|Good Friday/;
/** HK's Lunar New Year holidays (the 1823 feed's names). */
export const HK_LUNAR_NEW_YEAR = /Lunar New Year/;

/** The holiday names of a jurisdiction's days s..e, ';'-joined (weekend days add empty names). */
export function blockNames(cal: HolidayCalendar, region: 'HK' | 'CN', s: number, e: number): string {
  const hol = region === 'HK' ? cal.hk : cal.cn;
  let out = '';
  for (let d = s; d <= e; d++) out += (hol.get(d) ?? '') + ';';
  return out;
}

const movingCache = new WeakMap<HolidayCalendar, Set<number>>();

/**
 * The seasons of the big moving festivals: from 28 days before to 14 days after each mainland Spring Festival
 * block, and 7 days either side of each HK Easter block. Their dates move by weeks from year to year, so what a
 * day of them did last year says nothing about the same date this year (cached per calendar).
 */
export function movingFestivalDays(cal: HolidayCalendar): Set<number> {
  let out = movingCache.get(cal);
  if (out) return out;
  out = new Set<number>();
  const days = [...cal.hk.keys(), ...cal.cn.keys()];
  if (days.length) {
    const from = Math.min(...days);
    const to = Math.max(...days);
    const span = (region: 'HK' | 'CN', test: RegExp, before: number, after: number) => {
      for (const b of holidayBlocks(cal, region, from, to)) {
        if (test.test(blockNames(cal, region, b.start, b.end))) for (let d = b.start - before; d <= b.end + after; d++) out!.add(d);
      }
    };
    span('CN', SPRING_FESTIVAL, 28, 14);
    span('HK', EASTER, 7, 7);
  }
  movingCache.set(cal, out);
  return out;
}

const solsticeByYear = new Map<number, number>();
const lunarNewYearByYear = new Map<number, number>();

/** The first day of the lunar year (正月初一) that falls in a Gregorian year, as a day number (chinese-days). */
export function lunarNewYear(year: number): number {
  let d = lunarNewYearByYear.get(year);
  if (d === undefined) lunarNewYearByYear.set(year, (d = dayOf(cd.getSolarDateFromLunar(`${year}-01-01`).date)));
  return d;
}

/**
 * The Winter Solstice festival (冬至) of a year as a day number: the date of the December solstice in China
 * and Hong Kong time (UTC+8), from chinese-days' solar terms. Not a public holiday, but a family festival
 * in Hong Kong and Guangdong (HK's Employment Ordinance lets employers give it instead of Christmas Day).
 * 2021-12-21 (the solstice fell at 23:59), 2022-12-22, 2025-12-21.
 */
export function winterSolstice(year: number): number {
  let d = solsticeByYear.get(year);
  if (d === undefined) solsticeByYear.set(year, (d = dayOf(cd.getSolarTermDate(year, 12, 'the_winter_solstice'))));
  return d;
}

/** Winter Solstice days between two day numbers (inclusive). */
export function winterSolstices(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = yearOfDay(from); y <= yearOfDay(to); y++) {
    const d = winterSolstice(y);
    if (d >= from && d <= to) out.push(d);
  }
  return out;
}

/** A run of consecutive days of one event (e.g. one Canton Fair phase). */
export interface EventRun {
  start: number;
  end: number; // inclusive
  name: string;
}

/** True when one of the event names of a day (';'-joined when several) matches `test`. */
function eventOn(cal: HolidayCalendar, d: number, test: RegExp): boolean {
  const names = cal.events.get(d);
  return names !== undefined && names.split(';').some((n) => test.test(n));
}

/** True when any day of the calendar has an event whose name matches `test`. */
export function hasEvent(cal: HolidayCalendar, test: RegExp): boolean {
  for (const d of cal.events.keys()) if (eventOn(cal, d, test)) return true;
  return false;
}

/** Runs of consecutive days whose event name matches `test`, starting between two days (inclusive). */
export function eventRuns(cal: HolidayCalendar, test: RegExp, from: number, to: number): EventRun[] {
  const runs: EventRun[] = [];
  const matches = (d: number) => eventOn(cal, d, test);
  for (let d = from; d <= to; d++) {
    if (!matches(d) || matches(d - 1)) continue;
    let e = d;
    while (matches(e + 1)) e++;
    runs.push({ start: d, end: e, name: cal.events.get(d)! });
  }
  return runs;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import cd from 'chinese-days';
import Holidays from 'date-holidays';
import { all, run, transaction, type Database } from './db.js';
import { CN_PROJECTED } from './schema.js';
import { addDays } from '../isoDays.js';

export type CalendarKind = 'holiday' | 'adjusted_workday' | 'event';

/** One calendar day of one region, as stored in the calendar table. */
export interface CalendarDay {
  date: string;
  region: string;
  name: string;
  kind: CalendarKind;
  source: string;
}

const CALENDAR_DIR = fileURLToPath(new URL('../../data/calendars/', import.meta.url));
/** Years filled from libraries where the official lists stop (date-holidays for HK, chinese-days for CN). */
const FIRST_YEAR = 2004;
const LAST_YEAR = 2035;

const CN_NAMES: Record<string, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Tomb-sweeping Day',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-autumn Festival',
  国庆节: 'National Day',
};

/** "国庆节、中秋节" → "National Day & Mid-autumn Festival 国庆节、中秋节". */
export function cnHolidayName(zh: string): string {
  const en = zh
    .split('、')
    .map((p) => CN_NAMES[p] ?? p)
    .join(' & ');
  return `${en} ${zh}`;
}

let hkCache: CalendarDay[] | undefined;

/** HK general holidays: the 1823 feed's own list where it has the year, date-holidays elsewhere. */
export function hkHolidays(): CalendarDay[] {
  // date-holidays takes over a second to compute three decades; the answer never changes in a process.
  hkCache ??= computeHkHolidays();
  return hkCache;
}

function computeHkHolidays(): CalendarDay[] {
  const official = JSON.parse(readFileSync(join(CALENDAR_DIR, 'hk_public_holidays_1823.json'), 'utf8')) as { date: string; name: string }[];
  const days: CalendarDay[] = official.map((d) => ({ date: d.date, region: 'HK', name: d.name, kind: 'holiday', source: 'hk-1823' }));
  const covered = new Set(official.map((d) => d.date.slice(0, 4)));
  const lib = new Holidays('HK', { languages: ['en'], types: ['public'] });
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    if (covered.has(String(y))) continue;
    for (const h of lib.getHolidays(y, 'en')) {
      days.push({ date: h.date.slice(0, 10), region: 'HK', name: h.name, kind: 'holiday', source: 'date-holidays' });
    }
  }
  return dedupe(days);
}

/** The State Council's list of one year as bundled (data/calendars/cn/YEAR.json, from holiday-cn). */
export function publishedCnHolidays(file: string): { year: number; days: CalendarDay[] } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { year: number; days: { name: string; date: string; isOffDay: boolean }[] };
  const days = doc.days.map((d): CalendarDay => ({ date: d.date, region: 'CN', name: cnHolidayName(d.name), kind: d.isOffDay ? 'holiday' : 'adjusted_workday', source: 'holiday-cn' }));
  return { year: doc.year, days };
}

/** The bundled State Council list files (data/calendars/cn). */
export const CN_LIST_DIR = join(CALENDAR_DIR, 'cn');

/** Mainland statutory holidays and adjusted working days (调休): State Council lists where bundled, chinese-days elsewhere. */
export function cnHolidays(): CalendarDay[] {
  const days: CalendarDay[] = [];
  const covered = new Set<string>();
  for (const f of readdirSync(CN_LIST_DIR).filter((f) => f.endsWith('.json'))) {
    const list = publishedCnHolidays(join(CN_LIST_DIR, f));
    covered.add(String(list.year));
    days.push(...list.days);
  }
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    if (covered.has(String(y))) continue;
    const listed: CalendarDay[] = [];
    for (const date of eachDay(`${y}-01-01`, `${y}-12-31`)) {
      const detail = cd.getDayDetail(date) as { work: boolean; name: string };
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      const zh = detail.name.split(',')[1];
      if (!zh) continue; // an ordinary day: chinese-days names it after the weekday
      if (!detail.work) listed.push({ date, region: 'CN', name: cnHolidayName(zh), kind: 'holiday', source: 'chinese-days' });
      else if (weekend) listed.push({ date, region: 'CN', name: cnHolidayName(zh), kind: 'adjusted_workday', source: 'chinese-days' });
    }
    // chinese-days knows the years the State Council has published; later years are projected.
    days.push(...(listed.length ? listed : projectedCnHolidays(y)));
  }
  return dedupe(days);
}


/**
 * The mainland's holidays of a year whose State Council list is not published yet (it comes out in November for the
 * next year), projected from the statutory days (the 2025 regulations: New Year's Day, the Spring Festival's eve and
 * first three days, Tomb-sweeping Day, 1–2 May, Dragon Boat, Mid-Autumn, 1–3 October) and the blocks the State Council
 * has made of them every year since 2020:
 * - the Spring Festival from the eve to the 7th day (8 days; 2025, and 2026 but for a Sunday before the eve);
 * - Labour Day 1–5 May, or Saturday to Wednesday when 1 May is a Sunday or a Monday (2022, 2023);
 * - National Day 1–7 October, or 8 days with Mid-Autumn when the festival falls between 29 September and 8 October
 *   (2020, 2023, 2025), starting on the festival if it comes first;
 * - New Year's Day, Tomb-sweeping Day (the Qingming solar term), Dragon Boat (5th of the 5th lunar month) and
 *   Mid-Autumn (15th of the 8th) made into 3-day blocks as every year since 2020: a Tuesday takes the Monday before
 *   and the Saturday before becomes a working day; a Thursday takes the Friday after and the Sunday after becomes a
 *   working day; a Saturday or a Sunday brings the Monday after; a Wednesday stays alone (the weekend joins Mondays and
 *   Fridays by itself).
 * The long blocks are paid for with working weekend days; the ones right next to the block are always among them
 * (2022–2026: the Spring Festival's and National Day's neighbouring weekends were worked whenever the block did not
 * end or start on a Friday or Monday), so those are projected as working days; the others (a Sunday two weeks before,
 * a Saturday after Labour Day, ...) are not: there is no fixed rule for them.
 */
export function projectedCnHolidays(year: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  const day = (date: string, zh: string, kind: CalendarKind = 'holiday') => days.push({ date, region: 'CN', name: cnHolidayName(zh), kind, source: CN_PROJECTED });
  const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  /** A long block, with the weekend days right before and after it worked. */
  const add = (first: string, count: number, zh: string) => {
    for (let k = 0; k < count; k++) day(addDays(first, k), zh);
    for (let d = addDays(first, -1); weekend(d); d = addDays(d, -1)) day(d, zh, 'adjusted_workday');
    for (let d = addDays(first, count); weekend(d); d = addDays(d, 1)) day(d, zh, 'adjusted_workday');
  };
  /** A single statutory day and what the State Council has added to it (see above). */
  const single = (date: string, zh: string) => {
    day(date, zh);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 2) {
      day(addDays(date, -1), zh);
      day(addDays(date, -3), zh, 'adjusted_workday');
    } else if (weekday === 4) {
      day(addDays(date, 1), zh);
      day(addDays(date, 3), zh, 'adjusted_workday');
    } else if (weekday === 6) day(addDays(date, 2), zh);
    else if (weekday === 0) day(addDays(date, 1), zh);
  };
  const lunar = (monthDay: string) => cd.getSolarDateFromLunar(`${year}-${monthDay}`).date;
  single(`${year}-01-01`, '元旦');
  add(addDays(lunar('01-01'), -1), 8, '春节');
  single(cd.getSolarTermDate(year, 4, 'pure_brightness'), '清明节');
  const may1 = new Date(Date.UTC(year, 4, 1)).getUTCDay();
  add(addDays(`${year}-05-01`, may1 === 0 ? -1 : may1 === 1 ? -2 : 0), 5, '劳动节');
  single(lunar('05-05'), '端午节');
  const midAutumn = lunar('08-15');
  if (midAutumn >= `${year}-09-29` && midAutumn <= `${year}-10-08`) add(midAutumn < `${year}-10-01` ? midAutumn : `${year}-10-01`, 8, '国庆节、中秋节');
  else {
    single(midAutumn, '中秋节');
    add(`${year}-10-01`, 7, '国庆节');
  }
  return days;
}

/**
 * Built-in events that move travellers without being holidays (data/calendars/events.csv): the Canton Fair's
 * phases in Guangzhou, whose foreign buyers travel through Hong Kong. In-person sessions only (2020–2022 were online).
 */
export function builtInEvents(): CalendarDay[] {
  const records = parse(readFileSync(join(CALENDAR_DIR, 'events.csv'), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const listed = records.map((r): CalendarDay => ({ date: r['date']!, region: r['region']!, name: r['name']!, kind: 'event', source: 'crossings-events' }));
  const lastYear = Math.max(...listed.map((d) => Number(d.date.slice(0, 4))));
  const projected: CalendarDay[] = [];
  for (let y = lastYear + 1; y <= LAST_YEAR; y++) projected.push(...projectedCantonFair(y));
  return [...listed, ...projected];
}

/** Source of the Canton Fair sessions projected beyond the list. */
export const EVENTS_PROJECTED = 'events-projected';

/**
 * The Canton Fair's sessions of a year beyond the list, on the fixed schedule every in-person session since 2019 has
 * kept: three phases of five days opening on 15 April and 15 October, then on the 23rd and eight days later; the 125th session
 * was the spring of 2019, two a year since (the online sessions of 2020–2022 kept the count).
 */
export function projectedCantonFair(year: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (const [month, autumn] of [[4, 0], [10, 1]] as const) {
    const session = 125 + 2 * (year - 2019) + autumn;
    const suffix = session % 10 === 1 && session % 100 !== 11 ? 'st' : session % 10 === 2 && session % 100 !== 12 ? 'nd' : session % 10 === 3 && session % 100 !== 13 ? 'rd' : 'th';
    [15, 23, 31].forEach((first, phase) => {
      const start = new Date(Date.UTC(year, month - 1, first)).toISOString().slice(0, 10); // 31 April is 1 May
      for (let k = 0; k < 5; k++) {
        days.push({ date: addDays(start, k), region: 'CN', name: `Canton Fair phase ${phase + 1} (${session}${suffix} session)`, kind: 'event', source: EVENTS_PROJECTED });
      }
    });
  }
  return days;
}

function* eachDay(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

function dedupe(days: CalendarDay[]): CalendarDay[] {
  const seen = new Map<string, CalendarDay>();
  for (const d of days) seen.set(`${d.date}|${d.region}|${d.kind}`, seen.get(`${d.date}|${d.region}|${d.kind}`) ?? d);
  return [...seen.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Replaces the built-in HK and CN calendars and events in the database (idempotent). */
export async function seedCalendars(db: Database): Promise<number> {
  const days = [...hkHolidays(), ...cnHolidays(), ...builtInEvents()];
  await transaction(db, async () => {
    await run(db, `delete from calendar where region in ('HK', 'CN') and source in ('hk-1823', 'date-holidays', 'holiday-cn', 'chinese-days', '${CN_PROJECTED}', 'crossings-events', '${EVENTS_PROJECTED}')`);
    await appendDays(db, days);
    await dropProjectedWhereImported(db);
  });
  return days.length;
}

export async function appendDays(db: Database, days: CalendarDay[]): Promise<void> {
  const appender = await db.conn.createAppender('calendar');
  for (const d of days) {
    appender.appendVarchar(d.date);
    appender.appendVarchar(d.region);
    appender.appendVarchar(d.name);
    appender.appendVarchar(d.kind);
    appender.appendVarchar(d.source);
    appender.endRow();
  }
  appender.closeSync();
}

/** An imported list of a region's holidays for a year (the State Council's, once published) replaces the projection. */
export async function dropProjectedWhereImported(db: Database): Promise<void> {
  await run(
    db,
    `delete from calendar p where p.source = '${CN_PROJECTED}' and exists (
       select 1 from calendar i where i.source = 'import' and i.kind <> 'event' and i.region = p.region and year(i.date) = year(p.date))`,
  );
}

/**
 * True when the built-in calendars should be (re)loaded: the table has no HK or mainland days yet, or it was seeded
 * before the mainland's unpublished years were projected (a database from an earlier version: reloading keeps imports).
 */
export async function calendarNeedsSeed(db: Database): Promise<boolean> {
  const rows = await all(db, `select count(*)::int as n, count(*) filter (where source = '${CN_PROJECTED}')::int as projected from calendar where region in ('HK', 'CN')`);
  return Number(rows[0]?.['n'] ?? 0) === 0 || Number(rows[0]?.['projected'] ?? 0) === 0;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import cd from 'chinese-days';
import Holidays from 'date-holidays';
import { all, run, transaction, type Database } from '../db.js';
import { CrossingsError, messages } from '../messages.js';

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

/** Mainland statutory holidays and adjusted working days (调休): State Council lists where bundled, chinese-days elsewhere. */
export function cnHolidays(): CalendarDay[] {
  const dir = join(CALENDAR_DIR, 'cn');
  const days: CalendarDay[] = [];
  const covered = new Set<string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { year: number; days: { name: string; date: string; isOffDay: boolean }[] };
    covered.add(String(doc.year));
    for (const d of doc.days) {
      days.push({ date: d.date, region: 'CN', name: cnHolidayName(d.name), kind: d.isOffDay ? 'holiday' : 'adjusted_workday', source: 'holiday-cn' });
    }
  }
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    if (covered.has(String(y))) continue;
    for (const date of eachDay(`${y}-01-01`, `${y}-12-31`)) {
      const detail = cd.getDayDetail(date) as { work: boolean; name: string };
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      const zh = detail.name.split(',')[1];
      if (!zh) continue; // an ordinary day: chinese-days names it after the weekday
      if (!detail.work) days.push({ date, region: 'CN', name: cnHolidayName(zh), kind: 'holiday', source: 'chinese-days' });
      else if (weekend) days.push({ date, region: 'CN', name: cnHolidayName(zh), kind: 'adjusted_workday', source: 'chinese-days' });
    }
  }
  return dedupe(days);
}

/**
 * Built-in events that move travellers without being holidays (data/calendars/events.csv): the Canton Fair's
 * phases in Guangzhou, whose foreign buyers travel through Hong Kong. In-person sessions only (2020–2022 were online).
 */
export function builtInEvents(): CalendarDay[] {
  const records = parse(readFileSync(join(CALENDAR_DIR, 'events.csv'), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return records.map((r) => ({ date: r['date']!, region: r['region']!, name: r['name']!, kind: 'event', source: 'crossings-events' }));
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
    await run(db, `delete from calendar where region in ('HK', 'CN') and source in ('hk-1823', 'date-holidays', 'holiday-cn', 'chinese-days', 'crossings-events')`);
    await appendDays(db, days);
  });
  return days.length;
}

async function appendDays(db: Database, days: CalendarDay[]): Promise<void> {
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

/**
 * Imports any region's list (e.g. Macau) from a CSV with columns date, region, name[, kind].
 * Re-importing replaces that file's regions' imported days; a bad line refuses the whole file.
 */
export async function importCalendar(db: Database, file: string): Promise<{ regions: string[]; days: number }> {
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new CrossingsError(messages.unreadableFile(file, err instanceof Error ? err.message : String(err)));
  }
  const first = records[0] ?? {};
  const missing = ['date', 'region', 'name'].filter((c) => !(c in first));
  if (records.length === 0 || missing.length) throw new CrossingsError(messages.calendarMissingColumns(file, missing.length ? missing : ['date', 'region', 'name']));
  const days = records.map((r, i): CalendarDay => {
    const line = i + 2;
    const date = r['date'] ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new CrossingsError(messages.calendarBadDate(file, line, date));
    const kind = (r['kind'] || 'holiday') as CalendarKind;
    if (!['holiday', 'adjusted_workday', 'event'].includes(kind)) throw new CrossingsError(messages.calendarBadKind(file, line, kind));
    return { date, region: r['region'] ?? '', name: r['name'] ?? '', kind, source: 'import' };
  });
  const regions = [...new Set(days.map((d) => d.region))];
  await transaction(db, async () => {
    for (const region of regions) await run(db, `delete from calendar where region = $region and source = 'import'`, { region });
    await appendDays(db, days);
  });
  return { regions, days: days.length };
}

/** True when the calendar table has no built-in days yet. */
export async function calendarIsEmpty(db: Database): Promise<boolean> {
  const rows = await all(db, `select count(*)::int as n from calendar where region in ('HK', 'CN')`);
  return Number(rows[0]?.['n'] ?? 0) === 0;
}

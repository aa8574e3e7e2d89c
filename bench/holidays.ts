/**
 * How well the mainland holidays projected for unpublished years (ingest/calendar.ts, projectedCnHolidays) match the
 * State Council's published lists of 2020–2026: the blocks as the engine sees them (holidays joined with the weekends
 * next to them, working weekend days cut out) and the adjusted working days. And how well date-holidays, which gives
 * the HK holidays after the 1823 feed's last year, matches the feed's own years.
 *
 *   npx tsx bench/holidays.ts   (npm run bench:holidays)
 */
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { join } from 'node:path';
import { CN_LIST_DIR, projectedCnHolidays, publishedCnHolidays } from '../src/store/calendars.js';
import { holidayBlocks, holidayCalendar, type HolidayCalendar } from '../src/models/calendar.js';
import { numberTable as table } from '../src/reports/text.js';
import { dayOf, isoOfDay } from '../src/models/dates.js';

const YEARS = [2020, 2021, 2022, 2023, 2024, 2025, 2026];
const blocks = (cal: HolidayCalendar, year: number) =>
  holidayBlocks(cal, 'CN', dayOf(`${year}-01-01`), dayOf(`${year}-12-10`)).map((b) => `${isoOfDay(b.start)}..${isoOfDay(b.end)}`);

const rows: string[][] = [];
let same = 0;
let all = 0;
let workSame = 0;
let workAll = 0;
let workProjected = 0;
for (const year of YEARS) {
  const official = holidayCalendar(publishedCnHolidays(join(CN_LIST_DIR, `${year}.json`)).days);
  const projected = holidayCalendar(projectedCnHolidays(year));
  const a = blocks(official, year);
  const b = blocks(projected, year);
  const wa = [...official.cnWork].map(isoOfDay);
  const wb = [...projected.cnWork].map(isoOfDay);
  const hit = a.filter((x) => b.includes(x));
  same += hit.length;
  all += a.length;
  workSame += wa.filter((x) => wb.includes(x)).length;
  workAll += wa.length;
  workProjected += wb.length;
  rows.push([
    String(year),
    `${hit.length} of ${a.length}`,
    a.filter((x) => !b.includes(x)).join(' ') || '-',
    b.filter((x) => !a.includes(x)).join(' ') || '-',
    `${wa.filter((x) => wb.includes(x)).length} of ${wa.length} (${wb.length} projected)`,
  ]);
}
console.log('mainland holidays projected from the statutory rules against the State Council\'s lists (blocks as the engine joins them)\n');
console.log(table(['year', 'blocks exact', 'published only', 'projected only', 'adjusted working days'], rows));
console.log(`\nblocks exact: ${same} of ${all}; adjusted working days projected: ${workSame} of ${workAll} published (${workProjected} projected)`);

// HK: date-holidays' rules against the gazetted days of the 1823 feed, 2018–2026.
const feed = JSON.parse(readFileSync(new URL('../data/calendars/hk_public_holidays_1823.json', import.meta.url), 'utf8')) as { date: string }[];
const rules = new Holidays('HK', { languages: ['en'], types: ['public'] });
let gazetted = 0;
let matched = 0;
let extra = 0;
for (let year = 2018; year <= 2026; year++) {
  const days = new Set(feed.filter((d) => d.date.startsWith(String(year))).map((d) => d.date));
  const computed = new Set(rules.getHolidays(year, 'en').map((h) => h.date.slice(0, 10)));
  gazetted += days.size;
  matched += [...days].filter((d) => computed.has(d)).length;
  extra += [...computed].filter((d) => !days.has(d)).length;
}
console.log(`\nHK (date-holidays after the feed's last year) against the 1823 feed, 2018–2026: ${matched} of ${gazetted} gazetted days, ${extra} extra`);

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, run } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { importCalendar } from '../../src/ingest/calendar.js';
import { builtInEvents, CN_LIST_DIR, EVENTS_PROJECTED, projectedCantonFair, projectedCnHolidays, publishedCnHolidays, type CalendarDay } from '../../src/store/calendars.js';
import { CN_PROJECTED } from '../../src/store/schema.js';
import { holidayBlocks, holidayCalendar, type HolidayCalendar } from '../../src/models/calendar.js';
import { dayOf, isoOfDay } from '../../src/models/dates.js';
import { tempDir, writeRaw } from '../helpers/files.js';

const dir = tempDir();
/** The State Council's list of a year as bundled. */
const officialDays = (year: number) => publishedCnHolidays(join(CN_LIST_DIR, `${year}.json`)).days;

/** The mainland blocks of a year as the engine sees them (holidays joined with weekends, working weekend days cut): "start..end name". */
function blocks(cal: HolidayCalendar, year: number): string[] {
  return holidayBlocks(cal, 'CN', dayOf(`${year}-01-01`), dayOf(`${year}-12-10`)).map((b) => `${isoOfDay(b.start)}..${isoOfDay(b.end)} ${b.name}`);
}

const springFestival = (b: string) => b.includes('春节');

describe('mainland holidays projected for a year the State Council has not published', () => {
  it('gives the blocks of the published years, except the Spring Festival, whose length the State Council changes', () => {
    // 2020–2026: New Year, Tomb-sweeping, Labour Day, Dragon Boat, Mid-Autumn, National Day, with the Tuesday/Thursday
    // bridges and the worked weekends next to the long blocks.
    for (const year of [2020, 2021, 2022, 2023, 2024, 2025, 2026]) {
      const official = blocks(holidayCalendar(officialDays(year)), year);
      const projected = blocks(holidayCalendar(projectedCnHolidays(year)), year);
      expect(projected.filter((b) => !springFestival(b)).map((b) => b.split(' ')[0])).toEqual(official.filter((b) => !springFestival(b)).map((b) => b.split(' ')[0]));
    }
    // 2025, the first year of the eve as a statutory day: the Spring Festival too, eve to the 7th day.
    expect(blocks(holidayCalendar(projectedCnHolidays(2025)), 2025).find(springFestival)).toMatch(/^2025-01-28\.\.2025-02-04 /);
  });

  it('projects 2027 from the lunar dates and the Qingming solar term', () => {
    const days = projectedCnHolidays(2027);
    const off = (name: string) => days.filter((d) => d.kind === 'holiday' && d.name.includes(name)).map((d) => d.date);
    expect(off('春节')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12']);
    expect(off('清明')).toEqual(['2027-04-05']); // a Monday: the weekend before joins it
    expect(off('端午')).toEqual(['2027-06-09']); // a Wednesday stays alone
    expect(off('国庆')).toHaveLength(7);
    // The weekend right after the Spring Festival is worked; National Day (Friday to Thursday) has no weekend next to it.
    expect(days.filter((d) => d.kind === 'adjusted_workday').map((d) => d.date)).toEqual(['2027-02-13', '2027-02-14']);
    expect(new Set(days.map((d) => d.source))).toEqual(new Set([CN_PROJECTED]));
  });
});

describe('the calendar table', () => {
  it('holds projected mainland years after the published ones; an imported list for a year replaces its projection', async () => {
    const path = join(dir, 'calendar.duckdb');
    const db = await openDatabase(path);
    try {
      await prepareDatabase(db);
      const sources = `select source, min(date)::varchar as first, count(*)::int as n from calendar where region = 'CN' and kind <> 'event' and year(date) >= 2026 group by 1 order by 2`;
      const seeded = await all(db, sources);
      expect(seeded.map((r) => r['source'])).toEqual(['holiday-cn', CN_PROJECTED]);
      expect(seeded[1]!['first']).toBe('2027-01-01');

      const list = writeRaw(dir, 'cn-2027.csv', 'date,region,name,kind\n2027-01-01,CN,元旦,holiday\n2027-02-06,CN,春节,holiday\n2027-02-20,CN,春节,adjusted_workday\n');
      await importCalendar(db, list);
      const year = (y: number) => all(db, `select source, count(*)::int as n from calendar where region = 'CN' and kind <> 'event' and year(date) = ${y} group by 1 order by 1`);
      expect(await year(2027)).toEqual([{ source: 'import', n: 3 }]);
      expect((await year(2028)).map((r) => r['source'])).toEqual([CN_PROJECTED]);

      // A database seeded before the projection existed gets the built-in calendars again on open; imports stay.
      await run(db, `delete from calendar where source = '${CN_PROJECTED}'`);
      await prepareDatabase(db);
      expect((await year(2028)).map((r) => r['source'])).toEqual([CN_PROJECTED]);
      expect(await year(2027)).toEqual([{ source: 'import', n: 3 }]);
    } finally {
      await closeDatabase(db);
    }
  });
});

describe('Canton Fair sessions projected beyond the events list', () => {
  it('reproduce every listed in-person session, names included', () => {
    const listed = builtInEvents().filter((d) => d.source === 'crossings-events');
    for (const year of [2019, 2023, 2024, 2025, 2026]) {
      const key = (d: CalendarDay) => `${d.date} ${d.name}`;
      expect(projectedCantonFair(year).map(key)).toEqual(listed.filter((d) => d.date.startsWith(String(year))).map(key));
    }
    const later = builtInEvents().filter((d) => d.source === EVENTS_PROJECTED);
    expect(later[0]).toMatchObject({ date: '2027-04-15', name: 'Canton Fair phase 1 (141st session)' });
    expect(later.filter((d) => d.date.startsWith('2027')).map((d) => d.date)).toContain('2027-05-05');
  });
});

/** Loading a region's holiday list from a user's CSV (the built-in calendars are seeded by the store). */
import { readCsvRecords } from '../csv.js';
import { run, transaction, type Database } from '../store/db.js';
import { appendDays, dropProjectedWhereImported, type CalendarDay, type CalendarKind } from '../store/calendars.js';
import { CrossingsError, messages } from '../messages.js';

/**
 * Imports any region's list (e.g. Macau) from a CSV with columns date, region, name[, kind].
 * Re-importing replaces that file's regions' imported days; a bad line refuses the whole file.
 */
export async function importCalendar(db: Database, file: string): Promise<{ regions: string[]; days: number }> {
  const records = readCsvRecords(file, ['date', 'region', 'name'], messages.calendarMissingColumns);
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
    await dropProjectedWhereImported(db);
  });
  return { regions, days: days.length };
}


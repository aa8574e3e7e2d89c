/** Opening a database for one piece of work, with the built-in ports and calendars seeded. */
import { closeDatabase, openDatabase, type Database } from './db.js';
import { calendarNeedsSeed, seedCalendars } from './calendars.js';
import { seedPorts } from './ports.js';

/** Registers the known ports and, on a new (or older) database, the built-in HK and mainland calendars. */
export async function prepareDatabase(db: Database): Promise<void> {
  await seedPorts(db);
  if (await calendarNeedsSeed(db)) await seedCalendars(db);
}

/**
 * Opens the database for one command, runs fn, and always closes it. Read-write opens are prepared
 * (ports, calendars); read-only opens (reports) leave the file untouched.
 */
export async function withDatabase<T>(path: string, fn: (db: Database) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
  const db = await openDatabase(path, { readOnly: options.readOnly ?? false });
  try {
    if (!options.readOnly) await prepareDatabase(db);
    return await fn(db);
  } finally {
    await closeDatabase(db);
  }
}

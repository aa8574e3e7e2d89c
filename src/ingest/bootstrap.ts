import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { all, closeDatabase, openDatabase, type Database } from '../db.js';
import { calendarNeedsSeed, seedCalendars } from './calendar.js';
import { FORMATS } from './formats.js';
import { ingestFile, type IngestSummary } from './ingestFile.js';
import { seedPorts } from './ports.js';

/** Registers the known ports and, on a new (or older) database, the built-in HK and mainland calendars. */
export async function prepareDatabase(db: Database): Promise<void> {
  await seedPorts(db);
  if (await calendarNeedsSeed(db)) await seedCalendars(db);
}

/** The format of a sample file, from its name: "hk-immd.daily....csv" → hk-immd. */
export function formatOfSampleFile(file: string): string | undefined {
  return Object.keys(FORMATS).find((f) => file.startsWith(`${f}.`));
}

/** Loads every sample file of `dir` when the database holds no crossings yet; returns what it loaded. */
export async function loadSampleIfEmpty(db: Database, dir: string): Promise<IngestSummary[]> {
  const rows = await all(db, 'select count(*)::int as n from crossings');
  if (Number(rows[0]?.['n'] ?? 0) > 0) return [];
  const files = readdirSync(dir)
    .filter((f) => /\.(csv|parquet)$/.test(f) && formatOfSampleFile(f))
    .sort();
  const done: IngestSummary[] = [];
  for (const f of files) done.push(await ingestFile(db, join(dir, f), { format: formatOfSampleFile(f)! }));
  return done;
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

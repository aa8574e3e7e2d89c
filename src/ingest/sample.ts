/** The sample files `npm start` loads into an empty database. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { all, type Database } from '../store/db.js';
import { FORMATS } from './formats.js';
import { ingestFile, type IngestSummary } from './ingestFile.js';

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

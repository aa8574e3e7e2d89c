/** A DuckDB file in a fresh temporary directory, with the schema ready; closed and removed after `body`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type Database } from '../src/db.js';
import { prepareDatabase } from '../src/ingest/bootstrap.js';

export async function withTempDatabase<T>(prefix: string, body: (db: Database) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = await openDatabase(join(dir, 'bench.duckdb'));
  try {
    await prepareDatabase(db);
    return await body(db);
  } finally {
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

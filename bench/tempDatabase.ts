/** Temporary directories and DuckDB files for the benches, removed when the body is done (or fails). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type Database } from '../src/store/db.js';
import { prepareDatabase } from '../src/store/open.js';

/** A fresh temporary directory for `body`; removed afterwards. For benches that need the file path (a server, a sandbox). */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A DuckDB file in a fresh temporary directory, with the schema ready; closed and removed after `body`. */
export async function withTempDatabase<T>(prefix: string, body: (db: Database) => Promise<T>): Promise<T> {
  return withTempDir(prefix, async (dir) => {
    const db = await openDatabase(join(dir, 'bench.duckdb'));
    try {
      await prepareDatabase(db);
      return await body(db);
    } finally {
      await closeDatabase(db);
    }
  });
}

/** A sandbox opened straight on a database file (the CLI, the notebooks, the benches). */
import { existsSync } from 'node:fs';
import { translateOpenError } from '../store/db.js';
import { CrossingsError, messages } from '../messages.js';
import { closeSandbox, openSandbox, type Sandbox, type SandboxLimits } from './sandbox.js';
import { ANALYST_VIEWS } from './views.js';

/**
 * Opens a sandbox directly on a database file, read-only: the file's bytes never change. The analyst views
 * are made with the schema (see ensureSchema), so a file without them is from an older crossings.
 */
export async function openFileSandbox(path: string, limits: Partial<SandboxLimits> = {}): Promise<Sandbox> {
  if (!existsSync(path)) throw new CrossingsError(messages.databaseOpenFailed(path, 'no such file'));
  const sandbox = await openOrExplain(path, limits);
  if (await hasAnalystViews(sandbox)) return sandbox;
  closeSandbox(sandbox);
  throw new CrossingsError(messages.analystViewsMissing(path));
}

async function openOrExplain(path: string, limits: Partial<SandboxLimits>): Promise<Sandbox> {
  try {
    return await openSandbox(path, limits);
  } catch (err) {
    throw translateOpenError(path, err);
  }
}

async function hasAnalystViews(sandbox: Sandbox): Promise<boolean> {
  const conn = await sandbox.instance.connect();
  try {
    const reader = await conn.runAndReadAll(`select count(*)::int from duckdb_views() where database_name = current_database() and view_name in (${ANALYST_VIEWS.map((v) => `'${v.name}'`).join(', ')})`);
    return Number(reader.getRows()[0]?.[0]) === ANALYST_VIEWS.length;
  } finally {
    conn.closeSync();
  }
}

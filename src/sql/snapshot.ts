/**
 * The server's SQL sandbox. The server's own DuckDB instance must keep external access (ingest reads
 * files) and its configuration unlocked, so analysts' SQL never runs on it. Instead, a snapshot of the
 * database is copied (COPY FROM DATABASE, a read on the server's instance) into a private temporary
 * file, and a separate sandbox instance opens that file read-only with external access off and the
 * configuration locked. A new snapshot is taken when the database file or its WAL changed since the last
 * one; queries in flight finish on the old snapshot, which is then closed and deleted.
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { sqlIdent, sqlString } from '../store/sqlText.js';
import { makeTempDir, removeStaleTempDirs } from '../tempDirs.js';
import { SqlError } from './errors.js';
import { sqlMessages } from '../messages.js';
import { closeSandbox, openSandbox, runInSandbox, type RunOptions, type Sandbox, type SandboxLimits, type SqlResult } from './sandbox.js';
import { describeSchema, ensureAnalystViews, type SchemaRelation } from './views.js';

interface Snapshot {
  sandbox: Sandbox;
  file: string;
  signature: string;
  active: number;
  retired: boolean;
  takenAt: Date;
}

/** Runs analysts' SQL on sandboxed snapshots of a database the caller's instance holds read-write. */
export interface SnapshotSql {
  /** Runs one reading statement on a snapshot no older than the last committed write. */
  run(sql: string, options?: RunOptions): Promise<SqlResult & { snapshotAt: Date }>;
  /** Runs `fn` with the current snapshot's file, kept until `fn` settles (for the worker processes of pool.ts). */
  withFile<T>(fn: (file: string, takenAt: Date) => Promise<T>): Promise<T>;
  /** Runs `fn` with the current snapshot's sandbox (for checks such as a saved query's parameters). */
  withSandbox<T>(fn: (sandbox: Sandbox) => Promise<T>): Promise<T>;
  /** The documented views and tables, with their columns. */
  schema(): Promise<SchemaRelation[]>;
  close(): Promise<void>;
}

/** What changes when a write commits: the database file and its WAL (size, time, inode). */
export function fileSignature(path: string): string {
  if (path === ':memory:') return `memory:${Math.floor(Date.now() / 5000)}`;
  const part = (p: string) => {
    try {
      const s = statSync(p, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      return '-';
    }
  };
  return `${part(path)}|${part(`${path}.wal`)}`;
}

/** Copies the database `instance` holds (with fresh analyst views) into `file`, a new DuckDB file. */
export async function copySnapshot(instance: DuckDBInstance, file: string): Promise<void> {
  const conn = await instance.connect();
  const alias = `crossings_sql_snapshot_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    const source = String((await conn.runAndReadAll('select current_database()')).getRows()[0]?.[0]);
    await conn.run(`attach ${sqlString(file)} as ${sqlIdent(alias)}`);
    try {
      await conn.run(`copy from database ${sqlIdent(source)} to ${sqlIdent(alias)}`);
      // The views are made in the snapshot itself, so they exist even if the server's database has none yet.
      await conn.run(`use ${sqlIdent(alias)}`);
      await ensureAnalystViews(conn);
      await conn.run(`use ${sqlIdent(source)}`);
    } finally {
      await conn.run(`detach ${sqlIdent(alias)}`);
    }
  } finally {
    conn.closeSync();
  }
}

/** Prefix of the snapshot folders, `crossings-sql-<pid>-XXXXXX`. */
export const SNAPSHOT_DIR = 'crossings-sql';

/** Removes the snapshot folders of earlier server processes that died without closing them (kill -9). */
export function removeStaleSnapshots(): string[] {
  return removeStaleTempDirs(SNAPSHOT_DIR);
}

/** A SnapshotSql over the database file `path` that `instance` holds read-write. */
export function snapshotSql(instance: DuckDBInstance, path: string, limits: Partial<SandboxLimits> = {}): SnapshotSql {
  const dir = makeTempDir(SNAPSHOT_DIR);
  // The snapshots are private temporary files: whatever close() could not remove goes when the process ends.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  let current: Snapshot | undefined;
  let refreshing: Promise<Snapshot> | undefined;
  let count = 0;
  let closed = false;

  const dispose = (s: Snapshot) => {
    if (!s.retired || s.active > 0) return;
    closeSandbox(s.sandbox);
    rmSync(s.file, { force: true });
    rmSync(`${s.file}.wal`, { force: true });
    if (closed && s === current) rmSync(dir, { recursive: true, force: true });
  };

  const take = async (): Promise<Snapshot> => {
    const signature = fileSignature(path); // read first: a write during the copy makes the next query copy again
    const file = join(dir, `snapshot-${++count}.duckdb`);
    try {
      await copySnapshot(instance, file);
      const sandbox = await openSandbox(file, limits);
      return { sandbox, file, signature, active: 0, retired: false, takenAt: new Date() };
    } catch (err) {
      rmSync(file, { force: true });
      throw new SqlError('query', sqlMessages.snapshotFailed(err instanceof Error ? err.message : String(err)));
    }
  };

  const acquire = async (): Promise<Snapshot> => {
    if (closed) throw new SqlError('query', sqlMessages.snapshotFailed('the server is shutting down'));
    if (!current || current.signature !== fileSignature(path)) {
      refreshing ??= take().then(
        (fresh) => {
          const old = current;
          current = fresh;
          refreshing = undefined;
          if (old) {
            old.retired = true;
            dispose(old);
          }
          return fresh;
        },
        (err: unknown) => {
          refreshing = undefined;
          throw err;
        },
      );
      await refreshing;
    }
    const s = current!;
    s.active++;
    return s;
  };

  const release = (s: Snapshot) => {
    s.active--;
    dispose(s);
  };

  const withSnapshot = async <T>(fn: (s: Snapshot) => Promise<T>): Promise<T> => {
    const s = await acquire();
    try {
      return await fn(s);
    } finally {
      release(s);
    }
  };

  return {
    run: (sql, options) => withSnapshot(async (s) => ({ ...(await runInSandbox(s.sandbox, sql, options)), snapshotAt: s.takenAt })),
    withFile: (fn) => withSnapshot((s) => fn(s.file, s.takenAt)),
    withSandbox: (fn) => withSnapshot((s) => fn(s.sandbox)),
    schema: () =>
      withSnapshot(async (s) => {
        const conn = await s.sandbox.instance.connect();
        try {
          return await describeSchema(conn);
        } finally {
          conn.closeSync();
        }
      }),
    close: async () => {
      closed = true;
      await refreshing?.catch(() => undefined);
      if (current) {
        current.retired = true;
        dispose(current);
      }
      // A snapshot still in use is closed by its last query; the folder goes when the process ends otherwise.
      if (!current || current.active === 0) rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { messages, CrossingsError } from '../messages.js';
import { MIGRATIONS, SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';
import { ensureAnalystViews } from '../sql/views.js';

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** An open database: one instance, one connection. Close it with closeDatabase. */
export interface Database {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  readOnly: boolean;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Create the schema if missing (default true for read-write). */
  createSchema?: boolean;
}

/** Opens (and on first use creates) the DuckDB file, naming the holder when another process has it. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  const readOnly = options.readOnly ?? false;
  if (path !== ':memory:' && !readOnly) mkdirSync(dirname(path), { recursive: true });
  const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' };
  if (readOnly) config['access_mode'] = 'READ_ONLY';
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (err) {
    throw translateOpenError(path, err);
  }
  const conn = await instance.connect();
  const db: Database = { path, instance, conn, readOnly };
  if (!readOnly && (options.createSchema ?? true)) await ensureSchema(db);
  return db;
}

/** Closes the connection and the instance; DuckDB checkpoints the WAL into the file. */
export async function closeDatabase(db: Database): Promise<void> {
  db.conn.closeSync();
  db.instance.closeSync();
}

/**
 * Creates the tables of DESIGN.md if missing, brings an older database up to SCHEMA_VERSION (all steps
 * in one transaction: a failed migration leaves the file as it was) and refuses a newer one.
 */
export async function ensureSchema(db: Database): Promise<void> {
  const found = (await hasTable(db, 'schema_info')) ? (await all(db, `select value from schema_info where key = 'schema_version'`))[0]?.['value'] : undefined;
  const version = found === undefined ? undefined : Number(found);
  if (version !== undefined && version > SCHEMA_VERSION) {
    throw new CrossingsError(messages.schemaVersionMismatch(db.path, version, SCHEMA_VERSION));
  }
  if (version !== undefined && version < SCHEMA_VERSION) {
    await transaction(db, async () => {
      for (let v = version; v < SCHEMA_VERSION; v++) {
        const step = MIGRATIONS[v];
        if (step === undefined) throw new CrossingsError(messages.schemaVersionMismatch(db.path, version, SCHEMA_VERSION));
        await db.conn.run(step);
      }
      await db.conn.run(`update schema_info set value = $v where key = 'schema_version'`, { v: String(SCHEMA_VERSION) });
    });
  }
  await db.conn.run(SCHEMA_SQL);
  if (version === undefined) {
    await db.conn.run(`insert into schema_info values ('schema_version', $v)`, { v: String(SCHEMA_VERSION) });
  }
  // The analyst views belong to the schema, so a read-only `crossings sql` never has to write them.
  await ensureAnalystViews(db);
}

/** Runs a query and returns plain row objects; BIGINT/HUGEINT values become numbers, dates ISO strings. */
export async function all(db: Database | DuckDBConnection, sql: string, params?: Params): Promise<Row[]> {
  const conn = db instanceof DuckDBConnection ? db : db.conn;
  const reader = params ? await conn.runAndReadAll(sql, params) : await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS().map(plainRow);
}

/** Runs a statement that returns nothing useful. */
export async function run(db: Database | DuckDBConnection, sql: string, params?: Params): Promise<void> {
  const conn = db instanceof DuckDBConnection ? db : db.conn;
  if (params) await conn.run(sql, params);
  else await conn.run(sql);
}

/** Runs fn inside one transaction: commit on success, rollback on any error. */
export async function transaction<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  await db.conn.run('begin transaction');
  try {
    const result = await fn();
    await db.conn.run('commit');
    return result;
  } catch (err) {
    await db.conn.run('rollback').catch(() => undefined);
    throw err;
  }
}

function plainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
  return out;
}

function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return isoDateOrTimestamp(v);
  return v;
}

function isoDateOrTimestamp(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** The file is held by another process (DuckDB allows one writer, or many readers, per file). */
export class DatabaseLockedError extends CrossingsError {
  constructor(message: string, readonly pid: number) {
    super(message);
  }
}

/** DuckDB says "Conflicting lock is held in /usr/bin/node (PID 123)"; say which program that is. */
/** A full disk, said in the user's terms (DuckDB reports it as a TransactionContext or IO Error); undefined otherwise. */
export function diskFullError(err: unknown): CrossingsError | undefined {
  const text = err instanceof Error ? err.message : String(err);
  if (!/No space left on device|disk is full/i.test(text)) return undefined;
  const file = /file "([^"]+)"/.exec(text)?.[1] ?? 'the database';
  return new CrossingsError(messages.diskFull(file));
}

export function translateOpenError(path: string, err: unknown): Error {
  const text = err instanceof Error ? err.message : String(err);
  const lock = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(text);
  if (lock) {
    const pid = Number(lock[2]);
    return new DatabaseLockedError(messages.databaseLocked(path, pid, describeProcess(pid) ?? lock[1] ?? 'unknown program'), pid);
  }
  return new CrossingsError(messages.databaseOpenFailed(path, text));
}

function describeProcess(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}

/** Whether the file has a table: one made before it existed and opened read-only (reports) has none, and defaults apply. */
export async function hasTable(db: Database, table: string): Promise<boolean> {
  const rows = await all(db, `select 1 from duckdb_tables() where table_name = $table and database_name = current_database()`, { table });
  return rows.length > 0;
}

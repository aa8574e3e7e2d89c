/**
 * The sandbox that runs analysts' SQL: its own DuckDB instance, opened read-only on a database file with
 * external access off and the configuration locked (both set at creation, lock last), so no statement can
 * read or write a file, attach a database, load an extension or change a setting. Each query gets its own
 * connection, a time limit (interrupt), a row limit (streamed, then cut) and a result-size limit; the
 * instance has a memory limit, one thread and no spilling to disk.
 */
import { dirname, resolve, sep } from 'node:path';
import {
  DuckDBDataChunk, DuckDBInstance, DuckDBTypeId, JsonDuckDBValueConverter, type DuckDBConnection, type DuckDBType, type DuckDBValue, type Json,
} from '@duckdb/node-api';
import { SqlError } from './errors.js';
import { sqlMessages } from '../messages.js';
import { classifyDuckDbError, prepareReading } from './statements.js';

/** The limits one query runs under. */
export interface SandboxLimits {
  /** Wall-clock limit of one query; it is interrupted after this. */
  timeoutMs: number;
  /** Rows returned at most; the result says `truncated` when there were more. */
  rowLimit: number;
  /** DuckDB memory_limit of the sandbox instance (shared by its queries). */
  memoryLimit: string;
  /** Threads of the sandbox instance; one leaves the other core to the API. */
  threads: number;
  /** Size of a result (its values as text, and the formatted answer) beyond which it is refused. */
  maxResultBytes: number;
}

/** Defaults of issue 7: 10 s, 100,000 rows, 512 MB. */
export const DEFAULT_LIMITS: SandboxLimits = { timeoutMs: 10_000, rowLimit: 100_000, memoryLimit: '512MB', threads: 1, maxResultBytes: 64 * 1024 * 1024 };

/** An open sandbox instance over one database file. */
export interface Sandbox {
  file: string;
  instance: DuckDBInstance;
  limits: SandboxLimits;
}

/** One result column: its name and DuckDB type. */
export interface SqlColumn {
  name: string;
  type: string;
}

/** A query's result: DuckDB's chunks (for Parquet) and JSON-safe columns of values (for JSON, CSV, Arrow). */
export interface SqlResult {
  columns: SqlColumn[];
  types: DuckDBType[];
  chunks: DuckDBDataChunk[];
  /** values[c][r]: JSON-safe values (see jsonValue). */
  values: Json[][];
  rowCount: number;
  truncated: boolean;
  /** Why it was cut: the row limit (a result past the size limit is refused instead). */
  truncatedBy?: 'rows';
  elapsedMs: number;
}

/** Parameter values an analyst may bind ($port, $from ...). */
export type SqlParams = Record<string, string | number | boolean | null>;

/** Options of one query, each at most the sandbox's own limit. */
export interface RunOptions {
  params?: SqlParams;
  rowLimit?: number;
  timeoutMs?: number;
}

/** DuckDB settings of a sandbox instance; lock_configuration must come last, it freezes the others. */
export function sandboxConfig(limits: SandboxLimits): Record<string, string> {
  return {
    access_mode: 'READ_ONLY',
    memory_limit: limits.memoryLimit,
    threads: String(limits.threads),
    temp_directory: '',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    enable_external_access: 'false',
    lock_configuration: 'true',
  };
}

/** Opens a sandbox on a database file that no other instance of this process writes. */
export async function openSandbox(file: string, limits: Partial<SandboxLimits> = {}): Promise<Sandbox> {
  const full = { ...DEFAULT_LIMITS, ...limits };
  const instance = await DuckDBInstance.create(file, sandboxConfig(full));
  return { file, instance, limits: full };
}

/** Closes the sandbox instance. */
export function closeSandbox(sandbox: Sandbox): void {
  sandbox.instance.closeSync();
}

/** Runs one reading statement in the sandbox under its limits. */
export async function runInSandbox(sandbox: Sandbox, sql: string, options: RunOptions = {}): Promise<SqlResult> {
  const limits = sandbox.limits;
  const timeoutMs = Math.min(options.timeoutMs ?? limits.timeoutMs, limits.timeoutMs);
  const rowLimit = Math.min(options.rowLimit ?? limits.rowLimit, limits.rowLimit);
  const conn = await sandbox.instance.connect();
  const started = performance.now();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.interrupt();
  }, timeoutMs);
  try {
    const prepared = await prepareReading(conn, sql);
    try {
      bindParams(prepared, options.params ?? {});
      const result = await prepared.stream();
      const collected = await collect(result, rowLimit, limits.maxResultBytes, folderOf(sandbox.file));
      if (timedOut) throw new SqlError('timeout', sqlMessages.timedOut(timeoutMs / 1000));
      return { ...collected, elapsedMs: Math.round(performance.now() - started) };
    } finally {
      prepared.destroySync();
    }
  } catch (err) {
    throw classifyDuckDbError(err, { memoryLimit: limits.memoryLimit, timeoutMs, timedOut });
  } finally {
    clearTimeout(timer);
    conn.closeSync();
  }
}

/** The named parameters a prepared statement uses ($port → "port"); positional ones are refused. */
export function parameterNames(prepared: { parameterCount: number; parameterName: (i: number) => string }): string[] {
  const names: string[] = [];
  for (let i = 1; i <= prepared.parameterCount; i++) {
    const name = prepared.parameterName(i);
    if (/^\d+$/.test(name)) throw new SqlError('params', sqlMessages.positionalParameter());
    names.push(name);
  }
  return names;
}

/** Binds the named values; every parameter needs a value and every value a parameter. */
function bindParams(prepared: Parameters<typeof parameterNames>[0] & { bind: (v: Record<string, DuckDBValue>) => void }, params: SqlParams): void {
  const names = parameterNames(prepared);
  for (const key of Object.keys(params)) if (!names.includes(key)) throw new SqlError('params', sqlMessages.unusedParameter(key));
  const values: Record<string, DuckDBValue> = {};
  for (const name of names) {
    if (!(name in params)) throw new SqlError('params', sqlMessages.missingParameter(name));
    const v = params[name];
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) throw new SqlError('params', sqlMessages.badParameterValue(name));
    values[name] = v ?? null;
  }
  if (names.length) prepared.bind(values);
}

interface Fetchable {
  columnNames(): string[];
  columnTypes(): DuckDBType[];
  fetchChunk(): Promise<DuckDBDataChunk | null>;
}

/**
 * Streams chunks until the row limit; one row past the limit tells that there was more. Values are
 * converted one at a time and counted as they come, so a result past the size limit is refused (413)
 * after at most one value beyond it, never after a whole 2,048-row chunk of huge values.
 */
async function collect(result: Fetchable, rowLimit: number, maxBytes: number, hiddenFolder: string): Promise<Omit<SqlResult, 'elapsedMs'>> {
  const names = result.columnNames();
  const types = result.columnTypes();
  const columns = names.map((name, i) => ({ name, type: types[i]!.toString() }));
  const values: Json[][] = names.map(() => []);
  const chunks: DuckDBDataChunk[] = [];
  let rowCount = 0;
  let bytes = 0;
  let truncatedBy: 'rows' | undefined;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    if (rowCount + chunk.rowCount > rowLimit) {
      chunk.rowCount = rowLimit - rowCount;
      truncatedBy = 'rows';
    }
    for (let c = 0; c < names.length; c++) {
      const vector = chunk.getColumnVector(c);
      const type = types[c]!;
      for (let r = 0; r < chunk.rowCount; r++) {
        let value: Json;
        try {
          value = withoutFolder(jsonValue(JsonDuckDBValueConverter(vector.getItem(r), type, JsonDuckDBValueConverter), type), hiddenFolder);
        } catch (err) {
          // A single value too long for a JavaScript string is past any limit.
          if (err instanceof RangeError) throw new SqlError('too_large', sqlMessages.resultRefusedTooLarge(maxBytes));
          throw err;
        }
        bytes += approximateBytes(value);
        if (bytes > maxBytes) throw new SqlError('too_large', sqlMessages.resultRefusedTooLarge(maxBytes));
        values[c]!.push(value);
      }
    }
    chunks.push(chunk);
    rowCount += chunk.rowCount;
    if (truncatedBy) break;
  }
  return { columns, types, chunks, values, rowCount, truncated: truncatedBy !== undefined, ...(truncatedBy ? { truncatedBy } : {}) };
}

const INTEGER_TYPES = new Set([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT, DuckDBTypeId.BIGNUM]);

/** A value as JSON: 64-bit and wider integers as numbers when safe, else strings; decimals as numbers. */
export function jsonValue(v: Json | null, type: DuckDBType): Json {
  if (v === null) return null;
  if (INTEGER_TYPES.has(type.typeId) && typeof v === 'string') {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  if (type.typeId === DuckDBTypeId.DECIMAL && typeof v === 'string') return Number(v);
  return v;
}

/** The folder of the file the sandbox opened, with its trailing slash. */
function folderOf(file: string): string {
  return `${dirname(resolve(file))}${sep}`;
}

/**
 * Takes the sandbox's folder out of text values: duckdb_databases() and duckdb_settings() would show
 * where the server keeps its snapshot copies (a temporary folder), which is nobody's business.
 */
function withoutFolder(v: Json, folder: string): Json {
  if (!folder) return v;
  if (typeof v === 'string') return v.includes(folder) ? v.replaceAll(folder, '') : v;
  if (Array.isArray(v)) return v.map((x) => withoutFolder(x, folder));
  return v;
}

function approximateBytes(v: Json): number {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return 8;
  if (typeof v === 'string') return v.length + 8;
  return JSON.stringify(v).length;
}

/** The connection type the sandbox hands out, for callers that need one (schema listing). */
export type SandboxConnection = DuckDBConnection;

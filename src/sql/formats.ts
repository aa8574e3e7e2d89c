/**
 * Result formats of the SQL workbench: JSON, CSV, Arrow IPC stream (built with apache-arrow from the
 * result columns), Parquet (DuckDB's writer on a trusted in-memory instance, fed the sandbox's chunks)
 * and a plain text table for the terminal.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool, DateDay, Field, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, Schema, Struct, Table, TimestampMillisecond,
  Uint16, Uint32, Uint64, Uint8, Utf8, makeData, tableToIPC, vectorFromArray, type DataType,
} from 'apache-arrow';
import { DuckDBInstance, DuckDBTypeId, type DuckDBType, type Json } from '@duckdb/node-api';
import { csvCell } from '../csv.js';
import { sqlIdent, sqlString } from '../store/sqlText.js';
import { sqlMessages } from '../messages.js';
import { SqlError } from './errors.js';
import type { SqlResult } from './sandbox.js';

export const FORMATS = ['json', 'csv', 'arrow', 'parquet', 'table'] as const;
/** A result format. */
export type SqlFormat = (typeof FORMATS)[number];

/** The media type of each format. */
export const MEDIA_TYPES: Record<SqlFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
  table: 'text/plain; charset=utf-8',
};

/** Checks a format name. */
export function parseFormat(name: string): SqlFormat {
  if (!(FORMATS as readonly string[]).includes(name)) throw new SqlError('params', sqlMessages.unknownFormat(name, FORMATS));
  return name as SqlFormat;
}

/** The JSON body: columns, rows as arrays, and whether the result was cut. */
export interface SqlJsonBody {
  columns: { name: string; type: string }[];
  rows: Json[][];
  row_count: number;
  truncated: boolean;
  truncated_by?: 'rows' | 'bytes';
  elapsed_ms: number;
}

/** Rows as arrays of JSON values (values[c][r] turned row-wise). */
export function resultRows(result: SqlResult): Json[][] {
  const rows: Json[][] = [];
  for (let r = 0; r < result.rowCount; r++) rows.push(result.values.map((col) => col[r] ?? null));
  return rows;
}

/** The JSON body of a result. */
export function toJsonBody(result: SqlResult): SqlJsonBody {
  return {
    columns: result.columns,
    rows: resultRows(result),
    row_count: result.rowCount,
    truncated: result.truncated,
    ...(result.truncatedBy ? { truncated_by: result.truncatedBy } : {}),
    elapsed_ms: result.elapsedMs,
  };
}

/** CSV text with a header line; nested values as JSON. */
export function toCsvText(result: SqlResult): string {
  const cell = (v: Json) => csvCell(v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
  const lines = [result.columns.map((c) => csvCell(c.name)).join(',')];
  for (const row of resultRows(result)) lines.push(row.map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

/** Column names made unique (a, a_2, a_3): Arrow and Parquet readers need distinct names. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    let out = n === 1 ? name : `${name}_${n}`;
    while (n > 1 && names.includes(out)) out = `${out}_`;
    return out;
  });
}

/** The Arrow type for a DuckDB type and the function that turns a JSON value into an Arrow input value. */
export function arrowColumnType(type: DuckDBType, values: readonly Json[]): { type: DataType; convert: (v: Json) => unknown } {
  const num = (v: Json) => (v === null ? null : Number(v));
  const big = (v: Json) => (v === null ? null : BigInt(v as string | number));
  const text = (v: Json) => (v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return { type: new Bool(), convert: (v) => v };
    case DuckDBTypeId.TINYINT: return { type: new Int8(), convert: num };
    case DuckDBTypeId.SMALLINT: return { type: new Int16(), convert: num };
    case DuckDBTypeId.INTEGER: return { type: new Int32(), convert: num };
    case DuckDBTypeId.UTINYINT: return { type: new Uint8(), convert: num };
    case DuckDBTypeId.USMALLINT: return { type: new Uint16(), convert: num };
    case DuckDBTypeId.UINTEGER: return { type: new Uint32(), convert: num };
    case DuckDBTypeId.BIGINT: return { type: new Int64(), convert: big };
    case DuckDBTypeId.UBIGINT: return { type: new Uint64(), convert: big };
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      // SUM(bigint) is HUGEINT: Int64 whenever every value fits, text otherwise (nothing is rounded).
      return values.every((v) => v === null || fitsInt64(v)) ? { type: new Int64(), convert: big } : { type: new Utf8(), convert: text };
    case DuckDBTypeId.FLOAT: return { type: new Float32(), convert: num };
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL: return { type: new Float64(), convert: num };
    case DuckDBTypeId.DATE: return { type: new DateDay(), convert: (v) => (v === null ? null : Date.parse(`${String(v)}T00:00:00Z`)) };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
      return { type: new TimestampMillisecond(), convert: (v) => (v === null ? null : Date.parse(`${String(v).replace(' ', 'T')}Z`)) };
    default: return { type: new Utf8(), convert: text };
  }
}

function fitsInt64(v: Json): boolean {
  try {
    const b = BigInt(v as string | number);
    return b >= -(2n ** 63n) && b < 2n ** 63n;
  } catch {
    return false;
  }
}

/** An Arrow IPC stream of the result: one record batch, column types from DuckDB's. */
export function toArrowIpc(result: SqlResult): Uint8Array {
  const names = uniqueNames(result.columns.map((c) => c.name));
  const fields: Field[] = [];
  const children = result.types.map((type, c) => {
    const values = result.values[c]!;
    const { type: arrowType, convert } = arrowColumnType(type, values);
    fields.push(new Field(names[c]!, arrowType, true));
    return vectorFromArray(values.map(convert), arrowType).data[0]!;
  });
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: result.rowCount, nullCount: 0, children });
  return tableToIPC(new Table([new RecordBatch(schema, data)]), 'stream');
}

let trusted: Promise<DuckDBInstance> | undefined;

/** The process's trusted in-memory instance that writes Parquet (never runs analysts' SQL). */
function trustedInstance(): Promise<DuckDBInstance> {
  trusted ??= DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false' });
  return trusted;
}

/**
 * The result as Parquet bytes. The sandbox may not write files, so its chunks (already bounded by the
 * row and size limits) are appended to a table of the same DuckDB types on a trusted in-memory
 * instance, which COPYs it to a temporary file: DuckDB's own writer, every type kept exactly.
 */
export async function toParquet(result: SqlResult): Promise<Buffer> {
  const instance = await trustedInstance();
  const conn = await instance.connect();
  const dir = mkdtempSync(join(tmpdir(), 'crossings-parquet-'));
  const table = `result_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2)}`;
  try {
    const names = uniqueNames(result.columns.map((c) => c.name));
    const columns = names.map((name, i) => `${sqlIdent(name)} ${result.types[i]!.toString()}`);
    await conn.run(`create table ${table} (${columns.join(', ')})`);
    const appender = await conn.createAppender(table);
    for (const chunk of result.chunks) appender.appendDataChunk(chunk);
    appender.closeSync();
    const file = join(dir, 'result.parquet');
    await conn.run(`copy ${table} to ${sqlString(file)} (format parquet)`);
    return readFileSync(file);
  } finally {
    await conn.run(`drop table if exists ${table}`).catch(() => undefined);
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A plain text table for the terminal, with a line saying when the result was cut. */
export function toTextTable(result: SqlResult): string {
  return textTable(toJsonBody(result));
}

/** A JSON result (local, or from a server's POST /api/sql) as an aligned text table. */
export function textTable(body: SqlJsonBody): string {
  const text = (v: Json) => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const rows = body.rows.map((r) => r.map(text));
  const header = body.columns.map((c) => c.name);
  const widths = header.map((h, c) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[c]!.length))));
  const line = (cells: string[]) => cells.map((s, c) => (s.length > widths[c]! ? `${s.slice(0, widths[c]! - 1)}…` : s.padEnd(widths[c]!))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  out.push(`(${body.row_count} row${body.row_count === 1 ? '' : 's'}${body.truncated ? ', cut off at the limit' : ''}, ${body.elapsed_ms} ms)`);
  return out.join('\n');
}

/** The result in `format`: text for json/csv/table, bytes for arrow/parquet. */
export async function formatResult(result: SqlResult, format: SqlFormat): Promise<string | Uint8Array> {
  switch (format) {
    case 'json': return JSON.stringify(toJsonBody(result));
    case 'csv': return toCsvText(result);
    case 'arrow': return toArrowIpc(result);
    case 'parquet': return toParquet(result);
    case 'table': return toTextTable(result);
  }
}

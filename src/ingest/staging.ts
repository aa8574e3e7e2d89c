/** A load's temp tables and the SQL that reads its file: staged text in file order, or straight from the CSV. */
import { statSync } from 'node:fs';
import { all, run, type Database } from '../store/db.js';
import { CrossingsError, messages } from '../messages.js';
import { sqlIdent, sqlString } from '../store/sqlText.js';
import { FORMATS, missingColumns, type Format } from './formats.js';
import { recoverLines } from './lines.js';
import type { MergeCounts } from './merge.js';
import { withProgress, type Progress } from './progress.js';
import type { Sniffed } from './sniff.js';
import type { IngestOptions, IngestSummary, Reject } from './summary.js';

/** What every load path of one file works with: the file, how it is read, its staging tables. */
export interface LoadJob {
  db: Database;
  file: string;
  format: Format;
  sniffed: Sniffed;
  t: Tables;
  options: IngestOptions;
  progress: Progress;
}

/** What checking a file found, before anything is written to the database. */
export interface Checked {
  base: Omit<IngestSummary, 'status' | keyof MergeCounts | 'message'>;
  rejects: Reject[];
  /** Good values (one per key) in keyed_<run>. */
  good: number;
  /** Set when keyed_<run> reads the file itself: the file must not change before the load commits. */
  stamp?: string;
}

/** Size and modification time of a file, to notice it changing. */
export function fileStamp(file: string): string {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

/** The names of one load's temp tables. */
export type Tables = ReturnType<typeof tables>;

export function tables(runId: number) {
  return {
    runId,
    stg: `stg_${runId}`,
    parsed: `parsed_${runId}`,
    keyed: `keyed_${runId}`,
    names: `names_${runId}`,
    rejects: `csv_rejects_${runId}`,
    scans: `csv_scans_${runId}`,
  };
}

export async function dropStaging(db: Database, runId: number): Promise<void> {
  const { runId: _, ...names } = tables(runId);
  for (const name of Object.values(names)) await dropRelation(db, name);
}

export async function dropRelation(db: Database, name: string): Promise<void> {
  await run(db, `drop view if exists ${name}`).catch(() => undefined);
  await run(db, `drop table if exists ${name}`).catch(() => undefined);
}

/**
 * Copies the file into an all-text staging table in file order (rowid gives the record index); returns
 * the staging column of each header name.
 */
export async function stage(job: LoadJob): Promise<(name: string) => string | undefined> {
  await run(job.db, 'set preserve_insertion_order = true');
  try {
    return await stageInOrder(job);
  } finally {
    await run(job.db, 'set preserve_insertion_order = false');
  }
}

export async function stageInOrder(job: LoadJob): Promise<(name: string) => string | undefined> {
  const { db, file, sniffed, t, progress } = job;
  if (sniffed.kind === 'parquet') {
    const described = await all(db, `describe select * from read_parquet(${sqlString(file)})`).catch((err: Error) => {
      throw new CrossingsError(messages.unreadableFile(file, err.message));
    });
    const names = described.map((r) => String(r['column_name']));
    const missing = missingColumns(FORMATS['long']!, names);
    if (missing.length) throw new CrossingsError(messages.parquetMissingColumns(file, missing, names));
    const select = names.map((n, i) => `cast(${sqlIdent(n)} as varchar) as c${i}`).join(', ');
    await withProgress(db, 'reading', progress, () =>
      run(db, `create temp table ${t.stg} as select ${select} from read_parquet(${sqlString(file)})`),
    );
    return columnLookup(names);
  }
  await withProgress(db, 'reading', progress, () =>
    run(db, `create temp table ${t.stg} as select * from ${csvSource(file, sniffed.header, t)}`).catch((err: Error) => {
      throw new CrossingsError(messages.unreadableFile(file, err.message));
    }),
  );
  return columnLookup(sniffed.header);
}

/** read_csv of the file as all text, columns c0, c1, ...; with `rejects`, malformed lines go to its tables. */
export function csvSource(file: string, header: readonly string[], rejects?: { rejects: string; scans: string }): string {
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const store = rejects ? `, store_rejects = true, rejects_table = '${rejects.rejects}', rejects_scan = '${rejects.scans}'` : '';
  return `read_csv(${sqlString(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {${columns}}${store})`;
}

/** A format's rows read straight from a CSV file (its record index `rec` is NULL: only the staged path has it). */
export function csvRowsSql(
  file: string,
  header: readonly string[],
  format: Format,
  options: IngestOptions,
  check: boolean,
  rejects?: { rejects: string; scans: string },
): string {
  const source = `(select *, null::bigint as rowid from ${csvSource(file, header, rejects)}) stg`;
  return format.rowsSql(columnLookup(header), options, { check }).replaceAll(' stg', ` ${source}`);
}

/** SQL select items: a port's display name, region and source code, for a group of rows of one alias. */
export function nameColumns(format: Format): string {
  return `any_value(${format.names.name}) as name, any_value(${format.names.region}) as region, any_value(${format.names.code}) as code`;
}

export function columnLookup(header: readonly string[]): (name: string) => string | undefined {
  const index = new Map(header.map((h, i) => [h.trim().toLowerCase(), `c${i}`]));
  return (name) => index.get(name.toLowerCase());
}

/** Rows DuckDB's CSV reader could not split into the header's columns. */
export async function structuralRejects(db: Database, t: Tables): Promise<Reject[]> {
  // DuckDB lists one error per missing column; one line is one reject.
  const rows = await all(
    db,
    `select line::int as line, first(error_type order by column_idx) as error_type,
       first(error_message order by column_idx) as error_message, first(csv_line) as csv_line
     from ${t.rejects} group by line order by line`,
  );
  return rows.map((r) => ({
    line: Number(r['line']),
    reason: messages.malformedRow(`${String(r['error_type']).toLowerCase()}: ${String(r['error_message'])}`),
    raw: String(r['csv_line'] ?? '').replace(/^\r?\n/, ''),
  }));
}

/** Rejected records by their index in the file (rowids of rows added inside a transaction start at a large offset). */
export async function rowRejects(db: Database, t: Tables): Promise<{ rec: number; reason: string }[]> {
  const rows = await all(
    db,
    `select (rec - (select min(rowid) from ${t.stg}))::bigint as rec, min(reason) as reason
     from ${t.parsed} where reason is not null group by rec order by rec`,
  );
  return rows.map((r) => ({ rec: Number(r['rec']), reason: String(r['reason']) }));
}

/** Finds the line number and raw text of each rejected record. */
export async function withLines(
  file: string,
  sniffed: Sniffed,
  recs: { rec: number; reason: string }[],
  structural: Reject[],
): Promise<Reject[]> {
  if (recs.length === 0) return [];
  if (sniffed.kind === 'parquet') return recs.map((r) => ({ line: r.rec + 1, reason: r.reason, raw: null }));
  const skipped = new Set(structural.map((s) => s.line ?? -1));
  const found = await recoverLines(file, new Set(recs.map((r) => r.rec)), skipped);
  return recs.map((r) => ({ line: found.get(r.rec)?.line ?? null, reason: r.reason, raw: found.get(r.rec)?.raw ?? null }));
}

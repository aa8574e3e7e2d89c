import { basename } from 'node:path';
import { all, run, transaction, type Database } from '../db.js';
import { CrossingsError, messages } from '../messages.js';
import { sqlIdent, sqlMessage, sqlString } from '../sqlText.js';
import { FORMATS, missingColumns, type Format, type FormatOptions } from './formats.js';
import { recoverLines } from './lines.js';
import { mergeIncoming, type MergeCounts } from './merge.js';
import { registerNewPorts, seedPorts } from './ports.js';
import { withProgress, type Progress } from './progress.js';
import { sniffFile, type Sniffed } from './sniff.js';

export interface IngestOptions extends FormatOptions {
  format: string;
  /** Refuse the whole file when more rows than this are rejected (default: no limit). */
  maxRejects?: number;
  progress?: Progress;
}

/** One refused row, as stored in ingest_rejects. */
export interface Reject {
  line: number | null;
  reason: string;
  raw: string | null;
}

/** What one ingest did: rows are source records; counts are the values they yield (an HK row yields 4). */
export interface IngestSummary extends MergeCounts {
  file: string;
  format: string;
  runId: number;
  status: 'loaded' | 'refused';
  rowsRead: number;
  rowsRejected: number;
  rejects: Reject[];
  message?: string;
}

const REJECT_SAMPLE = 20;

/**
 * Loads one file in one transaction: a structural problem refuses the whole file, bad rows go to
 * ingest_rejects, and good rows merge into crossings (new, unchanged, revised with old values kept).
 * Loading the same file twice changes nothing.
 */
export async function ingestFile(db: Database, file: string, options: IngestOptions): Promise<IngestSummary> {
  const format = FORMATS[options.format];
  if (!format) throw new CrossingsError(messages.unknownFormat(options.format, Object.keys(FORMATS)));
  const sniffed = sniffFile(file);
  if (sniffed.kind === 'csv') {
    const missing = missingColumns(format, sniffed.header);
    if (missing.length) throw new CrossingsError(messages.missingColumns(file, format.name, missing, sniffed.header));
  } else if (format.name !== 'long') {
    throw new CrossingsError(messages.notText(file, `it is a Parquet file; Parquet is read by --format long only`));
  }
  await seedPorts(db);
  const progress = options.progress ?? (() => undefined);
  const runId = Number((await all(db, `select nextval('ingest_run_seq')::int as id`))[0]!['id']);
  const started = new Date();
  try {
    return await transaction(db, () => loadInTransaction(db, file, format, sniffed, runId, started, options, progress));
  } catch (err) {
    if (err instanceof RefusedError) {
      await recordRefusal(db, runId, file, format.name, started, err);
      return err.summary;
    }
    throw err;
  } finally {
    await dropStaging(db, runId);
  }
}

/** Thrown inside the transaction to roll it back while keeping what to report. */
class RefusedError extends Error {
  constructor(readonly summary: IngestSummary, readonly allRejects: Reject[]) {
    super(summary.message);
  }
}

async function loadInTransaction(
  db: Database,
  file: string,
  format: Format,
  sniffed: Sniffed,
  runId: number,
  started: Date,
  options: IngestOptions,
  progress: Progress,
): Promise<IngestSummary> {
  const t = tables(runId);
  await run(db, `insert into ingest_runs (run_id, file, format, started_at, status) values ($id, $file, $format, $at, 'running')`, {
    id: runId,
    file,
    format: format.name,
    at: started.toISOString(),
  });

  const columnOf = await stage(db, file, sniffed, t, progress);
  const structural = sniffed.kind === 'csv' ? await structuralRejects(db, t) : [];
  const staged = Number((await all(db, `select count(*)::int as n from ${t.stg}`))[0]!['n']);
  if (staged === 0 && structural.length === 0) throw new CrossingsError(messages.noDataRows(file));

  await withProgress(db, 'checking rows', progress, () =>
    run(db, `create temp table ${t.parsed} as ${format.rowsSql(columnOf, options).replaceAll(' stg', ` ${t.stg}`)}`),
  );
  await keyGoodRows(db, t);
  if (await hasConflicts(db, t)) {
    await markConflicts(db, t);
    await keyGoodRows(db, t);
  }
  const valueRejects = await rowRejects(db, t);
  const rejects = structural.concat(await withLines(file, sniffed, valueRejects, structural));
  rejects.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  const rowsRead = staged + structural.length;
  const base = { file, format: format.name, runId, rowsRead, rowsRejected: rejects.length, rejects: rejects.slice(0, REJECT_SAMPLE) };
  if (options.maxRejects !== undefined && rejects.length > options.maxRejects) {
    const message = messages.tooManyRejects(file, rejects.length, options.maxRejects);
    throw new RefusedError({ ...base, status: 'refused', countsNew: 0, countsUnchanged: 0, countsRevised: 0, message }, rejects);
  }

  await insertRejects(db, runId, file, rejects);
  await run(
    db,
    `create temp table ${t.names} as
     select port_alias as alias, any_value(port_name) as name, any_value(region) as region, any_value(port_code) as code
     from ${t.keyed} group by port_alias`,
  );
  await registerNewPorts(db, t.names, format.source, format.portPrefix, format.country, format.matchAnySource);
  const counts = await withProgress(db, 'merging', progress, () => mergeIncoming(db, t.keyed, t.names, format.source, format.matchAnySource, runId));
  await run(
    db,
    `update ingest_runs set finished_at = now(), rows_read = $read, rows_loaded = $loaded, rows_unchanged = $unchanged,
       rows_revised = $revised, rows_rejected = $rejected, status = 'loaded' where run_id = $id`,
    {
      id: runId,
      read: rowsRead,
      loaded: counts.countsNew,
      unchanged: counts.countsUnchanged,
      revised: counts.countsRevised,
      rejected: rejects.length,
    },
  );
  return { ...base, status: 'loaded', ...counts };
}

function tables(runId: number) {
  return {
    stg: `stg_${runId}`,
    parsed: `parsed_${runId}`,
    keyed: `keyed_${runId}`,
    names: `names_${runId}`,
    rejects: `csv_rejects_${runId}`,
    scans: `csv_scans_${runId}`,
  };
}

async function dropStaging(db: Database, runId: number): Promise<void> {
  for (const name of Object.values(tables(runId))) await dropRelation(db, name);
}

/** Copies the file into an all-text staging table; returns the staging column of each header name. */
async function stage(
  db: Database,
  file: string,
  sniffed: Sniffed,
  t: ReturnType<typeof tables>,
  progress: Progress,
): Promise<(name: string) => string | undefined> {
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
  const columns = sniffed.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  await withProgress(db, 'reading', progress, () =>
    run(
      db,
      `create temp table ${t.stg} as select * from read_csv(${sqlString(file)}, header = true, auto_detect = false,
         delim = ',', quote = '"', escape = '"', columns = {${columns}},
         store_rejects = true, rejects_table = '${t.rejects}', rejects_scan = '${t.scans}')`,
    ).catch((err: Error) => {
      throw new CrossingsError(messages.unreadableFile(file, err.message));
    }),
  );
  return columnLookup(sniffed.header);
}

function columnLookup(header: readonly string[]): (name: string) => string | undefined {
  const index = new Map(header.map((h, i) => [h.trim().toLowerCase(), `c${i}`]));
  return (name) => index.get(name.toLowerCase());
}

/** Rows DuckDB's CSV reader could not split into the header's columns. */
async function structuralRejects(db: Database, t: ReturnType<typeof tables>): Promise<Reject[]> {
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

/**
 * The good rows, one per key: exact duplicates within the file collapse, and `conflict` marks a key the
 * file gives two different counts. Most files have no repeated key at all; a cheap count over a 64-bit
 * hash of the key shows that, and then the good rows are used as they are, without a grouping copy.
 */
async function keyGoodRows(db: Database, t: ReturnType<typeof tables>): Promise<void> {
  await dropRelation(db, t.keyed);
  const repeated = await all(
    db,
    `select coalesce(max(n), 0)::int as most from (
       select count(*) as n from ${t.parsed} where reason is null group by hash(port_alias, date, hour, direction, category))`,
  );
  if (Number(repeated[0]!['most']) <= 1) {
    await run(
      db,
      `create temp view ${t.keyed} as select port_alias, date, hour, direction, category, freq, count, false as conflict,
         port_name, region, port_code from ${t.parsed} where reason is null`,
    );
    return;
  }
  await run(
    db,
    `create temp table ${t.keyed} as
     select port_alias, date, hour, direction, category, freq, min(count) as count, (min(count) <> max(count)) as conflict,
            any_value(port_name) as port_name, any_value(region) as region, any_value(port_code) as port_code
     from ${t.parsed} where reason is null group by port_alias, date, hour, direction, category, freq`,
  );
}

async function dropRelation(db: Database, name: string): Promise<void> {
  await run(db, `drop view if exists ${name}`).catch(() => undefined);
  await run(db, `drop table if exists ${name}`).catch(() => undefined);
}

async function hasConflicts(db: Database, t: ReturnType<typeof tables>): Promise<boolean> {
  const rows = await all(db, `select count(*)::int as n from ${t.keyed} where conflict`);
  return Number(rows[0]!['n']) > 0;
}

/** Marks records that give one key two different counts within the file: which one is right is unknowable. */
async function markConflicts(db: Database, t: ReturnType<typeof tables>): Promise<void> {
  await run(
    db,
    `update ${t.parsed} p set reason = ${sqlMessage(
      messages.conflictingDuplicate,
      `concat_ws(' ', p.port_alias, p.date, p.direction, p.category)`,
    )}
     from (select * from ${t.keyed} where conflict) k
     where p.reason is null and p.port_alias = k.port_alias and p.date = k.date and p.hour is not distinct from k.hour
       and p.direction = k.direction and p.category = k.category`,
  );
  // A record is rejected as a whole: if one of its values conflicts, none of its values load.
  await run(
    db,
    `update ${t.parsed} p set reason = r.reason from (select rec, min(reason) as reason from ${t.parsed} where reason is not null group by rec) r
     where p.rec = r.rec and p.reason is null`,
  );
}

/** Rejected records by their index in the file (rowids of rows added inside a transaction start at a large offset). */
async function rowRejects(db: Database, t: ReturnType<typeof tables>): Promise<{ rec: number; reason: string }[]> {
  const rows = await all(
    db,
    `select (rec - (select min(rowid) from ${t.stg}))::bigint as rec, min(reason) as reason
     from ${t.parsed} where reason is not null group by rec order by rec`,
  );
  return rows.map((r) => ({ rec: Number(r['rec']), reason: String(r['reason']) }));
}

/** Finds the line number and raw text of each rejected record. */
async function withLines(
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

async function insertRejects(db: Database, runId: number, file: string, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  const appender = await db.conn.createAppender('ingest_rejects');
  for (const r of rejects) {
    appender.appendInteger(runId);
    appender.appendVarchar(file);
    if (r.line === null) appender.appendNull();
    else appender.appendInteger(r.line);
    appender.appendVarchar(r.reason);
    if (r.raw === null) appender.appendNull();
    else appender.appendVarchar(r.raw);
    appender.endRow();
  }
  appender.closeSync();
}

/** Keeps a record of a refused file and its rejects, outside the rolled-back load. */
async function recordRefusal(db: Database, runId: number, file: string, format: string, started: Date, err: RefusedError): Promise<void> {
  await transaction(db, async () => {
    await run(
      db,
      `insert into ingest_runs (run_id, file, format, started_at, finished_at, rows_read, rows_loaded, rows_unchanged,
         rows_revised, rows_rejected, status, message)
       values ($id, $file, $format, $at, now(), $read, 0, 0, 0, $rejected, 'refused', $message)`,
      {
        id: runId,
        file,
        format,
        at: started.toISOString(),
        read: err.summary.rowsRead,
        rejected: err.summary.rowsRejected,
        message: err.summary.message ?? '',
      },
    );
    await insertRejects(db, runId, file, err.allRejects);
  });
}

/** A one-line summary for terminals and logs. */
export function formatSummary(s: IngestSummary): string {
  const name = basename(s.file);
  if (s.status === 'refused') return `${name}: refused. ${s.message ?? ''}`;
  return (
    `${name}: read ${s.rowsRead} rows, rejected ${s.rowsRejected}; ` +
    `counts new ${s.countsNew}, unchanged ${s.countsUnchanged}, revised ${s.countsRevised} (run ${s.runId})`
  );
}

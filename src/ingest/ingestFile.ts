import { statSync } from 'node:fs';
import { listValue } from '@duckdb/node-api';
import { basename } from 'node:path';
import { all, run, transaction, type Database } from '../db.js';
import { CrossingsError, isSwappedDate, messages } from '../messages.js';
import { sqlIdent, sqlMessage, sqlString } from '../sqlText.js';
import { FORMATS, missingColumns, type Format, type FormatOptions } from './formats.js';
import { recoverLines } from './lines.js';
import { createPortMap, mergeIncoming, type MergeCounts } from './merge.js';
import { registerNewPorts, seedPorts } from './ports.js';
import { detectRenames, type Rename } from './renames.js';
import { withProgress, type Progress } from './progress.js';
import { sniffFile, type Sniffed } from './sniff.js';

export interface IngestOptions extends FormatOptions {
  format: string;
  /** Refuse the whole file when more rows than this are rejected (default: no limit). */
  maxRejects?: number;
  /** Take a new port that continues a stopped one of the same source as its new name (default true; see renames.ts). */
  autoAlias?: boolean;
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
  /** Ports this load created (names as the file spells them), and new names taken or suggested as renames. */
  newPorts?: string[];
  renames?: Rename[];
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
  let settings: { restore: () => Promise<void> } | undefined;
  try {
    // Staging and checking write temp tables only, so they run before the transaction: DuckDB scans
    // tables created inside an open transaction several times slower, and a killed process leaves no trace.
    const t = tables(runId);
    // Rows in crossings have no order, and the checks carry `rec` themselves (see bulkSettings).
    settings = await bulkSettings(db);
    const job: LoadJob = { db, file, format, sniffed, t, options, progress };
    const direct = await directLoad(job, started);
    if (direct) return direct;
    const checked =
      (await quickCheck(job)) ??
      (await checkFile(db, file, format, sniffed, await stage(job), t, options, progress));
    const refusal = wholeFileRefusal(file, format, checked.rejects, options.maxRejects);
    if (refusal) {
      const summary: IngestSummary = {
        ...checked.base,
        ...(refusal.shown ? { rejects: refusal.shown } : {}),
        status: 'refused',
        countsNew: 0,
        countsUnchanged: 0,
        countsRevised: 0,
        message: refusal.message,
      };
      await recordRefusal(db, runId, file, format.name, started, summary, checked.rejects);
      return summary;
    }
    return await transaction(db, () => loadInTransaction(db, file, format, runId, started, checked, progress, options.autoAlias ?? true));
  } finally {
    await settings?.restore();
    await dropStaging(db, runId);
  }
}

/**
 * Why rejected rows refuse the whole file, if they do: one date that reads only with day and month swapped
 * means the others may be misread without an error, and past --max-rejects the user asked for all or nothing.
 */
function wholeFileRefusal(file: string, format: Format, rejects: readonly Reject[], maxRejects: number | undefined): { message: string; shown?: Reject[] } | undefined {
  const swapped = rejects.filter((r) => isSwappedDate(r.reason));
  if (swapped.length) {
    // One row per date shown: a day's rows all carry the same date.
    const shown = swapped.filter((r, i) => i === 0 || r.reason !== swapped[i - 1]!.reason).slice(0, 5);
    return { message: messages.datesSwapped(file, format.dateFormat, swapped.length, shown.map((r) => r.line ?? '?')), shown };
  }
  if (maxRejects !== undefined && rejects.length > maxRejects) return { message: messages.tooManyRejects(file, rejects.length, maxRejects) };
  return undefined;
}

/** What every load path of one file works with: the file, how it is read, its staging tables. */
interface LoadJob {
  db: Database;
  file: string;
  format: Format;
  sniffed: Sniffed;
  t: ReturnType<typeof tables>;
  options: IngestOptions;
  progress: Progress;
}

/** What checking a file found, before anything is written to the database. */
interface Checked {
  base: Omit<IngestSummary, 'status' | keyof MergeCounts | 'message'>;
  rejects: Reject[];
  /** Good values (one per key) in keyed_<run>. */
  good: number;
  /** Set when keyed_<run> reads the file itself: the file must not change before the load commits. */
  stamp?: string;
}

/** Size and modification time of a file, to notice it changing. */
function fileStamp(file: string): string {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

/**
 * The fast path for the common case, a CSV file without a single bad row or repeated key: one checking
 * pass straight over the file, and the merge reads the file again, converted but not checked again.
 * Materializing the text of a large file costs more than reading it twice. Returns undefined, having
 * left nothing behind, when the file needs the full treatment (bad rows need their record index).
 */
async function quickCheck(job: LoadJob): Promise<Checked | undefined> {
  const { db, file, format, sniffed, t, options, progress } = job;
  if (sniffed.kind !== 'csv') return undefined;
  const stamp = fileStamp(file);
  const rowsSql = (check: boolean, rejects: boolean) => csvRowsSql(file, sniffed.header, format, options, check, rejects ? t : undefined);
  // A file DuckDB cannot read fails here too; the full path then reports it properly.
  const good = await withProgress(db, 'checking rows', progress, () => portNames(db, t, format, `(${rowsSql(true, true)})`)).catch(
    () => undefined,
  );
  const structural = good ? await structuralRejects(db, t) : [];
  if (!good || good.bad > 0 || good.repeated || good.n === 0 || structural.length > 0) {
    for (const name of [t.names, t.rejects, t.scans]) await dropRelation(db, name);
    return undefined;
  }
  await run(
    db,
    `create temp view ${t.keyed} as select port_alias, date, hour, direction, category, freq, count from (${rowsSql(false, false)})`,
  );
  const rowsRead = good.n / format.rowsPerRecord;
  return { base: { file, format: format.name, runId: t.runId, rowsRead, rowsRejected: 0, rejects: [] }, rejects: [], good: good.keys, stamp };
}

/** Checks the staged rows into temp tables: rejects, good rows one per key (keyed_<run>), port names (names_<run>). */
async function checkFile(
  db: Database,
  file: string,
  format: Format,
  sniffed: Sniffed,
  columnOf: (name: string) => string | undefined,
  t: ReturnType<typeof tables>,
  options: IngestOptions,
  progress: Progress,
): Promise<Checked> {
  const structural = sniffed.kind === 'csv' ? await structuralRejects(db, t) : [];
  const staged = Number((await all(db, `select count(*)::int as n from ${t.stg}`))[0]!['n']);
  if (staged === 0 && structural.length === 0) throw new CrossingsError(messages.noDataRows(file));

  const rowsSql = (check: boolean) => format.rowsSql(columnOf, options, { check }).replaceAll(' stg', ` ${t.stg}`);
  // One pass over the checked rows, not materialized: a Parquet file, or a CSV file whose only problem is
  // a malformed line, usually has no bad value and no repeated key, and then the merge reads the staged
  // text once more, converted but not checked again.
  let good = await withProgress(db, 'checking rows', progress, () => portNames(db, t, format, `(${rowsSql(true)})`));
  let valueRejects: { rec: number; reason: string }[] = [];
  if (good.bad === 0 && !good.repeated) {
    await run(
      db,
      `create temp view ${t.keyed} as select port_alias, date, hour, direction, category, freq, count from (${rowsSql(false)})`,
    );
  } else {
    await withProgress(db, 'checking rows', progress, () => run(db, `create temp table ${t.parsed} as ${rowsSql(true)}`));
    good = await portNames(db, t, format, t.parsed);
    if (good.repeated) {
      await groupKeys(db, t);
      if (await hasConflicts(db, t)) {
        await markConflicts(db, t);
        await groupKeys(db, t);
        good = await portNames(db, t, format, t.parsed);
      }
      // Exact, where dates outside the bitmaps were only counted as possible repeats.
      good.keys = Number((await all(db, `select count(*)::bigint as n from ${t.keyed}`))[0]!['n']);
    } else {
      await run(
        db,
        `create temp view ${t.keyed} as select port_alias, date, hour, direction, category, freq, count
         from ${t.parsed} where reason is null`,
      );
    }
    valueRejects = await rowRejects(db, t);
  }
  const rejects = structural.concat(await withLines(file, sniffed, valueRejects, structural));
  rejects.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const rowsRead = staged + structural.length;
  const base = {
    file,
    format: format.name,
    runId: t.runId,
    rowsRead,
    rowsRejected: rejects.length,
    rejects: rejects.slice(0, REJECT_SAMPLE),
  };
  return { base, rejects, good: good.keys };
}

/**
 * Settings for one bulk load, until restore() puts back the old values: no insertion order (parallel,
 * unordered writes), and no FSST string compression, whose analysis is a fifth of writing crossings;
 * its string columns have few distinct values, which dictionary compression serves as well.
 */
async function bulkSettings(db: Database): Promise<{ restore: () => Promise<void> }> {
  const before = (
    await all(
      db,
      `select current_setting('preserve_insertion_order') as ordered, current_setting('disabled_compression_methods')::varchar as disabled`,
    )
  )[0]!;
  const disabled = String(before['disabled'] ?? '');
  await run(db, 'set preserve_insertion_order = false');
  if (!/\bfsst\b/.test(disabled)) await run(db, `set disabled_compression_methods = ${sqlString(disabled ? `${disabled},fsst` : 'fsst')}`);
  return {
    restore: async () => {
      await run(db, `set preserve_insertion_order = ${before['ordered'] ? 'true' : 'false'}`);
      await run(db, `set disabled_compression_methods = ${sqlString(disabled)}`);
    },
  };
}

async function loadInTransaction(
  db: Database,
  file: string,
  format: Format,
  runId: number,
  started: Date,
  checked: Checked,
  progress: Progress,
  autoAlias: boolean,
): Promise<IngestSummary> {
  const t = tables(runId);
  const { base, rejects } = checked;
  await startRun(db, runId, file, format, started);
  await insertRejects(db, runId, file, rejects);
  const newIds = await registerNewPorts(db, t.names, format.source, format.portPrefix, format.country, format.matchAnySource);
  const counts = await withProgress(db, 'merging', progress, () =>
    mergeIncoming(db, t.keyed, t.names, format.source, format.matchAnySource, runId, checked.good),
  );
  const ports = await portsAndRenames(db, newIds, format.source, runId, autoAlias);
  if (checked.stamp !== undefined && fileStamp(file) !== checked.stamp) {
    throw new CrossingsError(messages.unreadableFile(file, 'it changed while it was being loaded; load it again'));
  }
  await finishRun(db, runId, base.rowsRead, counts, rejects.length);
  return { ...base, status: 'loaded', ...counts, ...ports };
}

/** The names of the ports a load created, and the renames among them (applied with autoAlias), inside its transaction. */
async function portsAndRenames(db: Database, newIds: readonly string[], source: string, runId: number, autoAlias: boolean): Promise<Pick<IngestSummary, 'newPorts' | 'renames'>> {
  if (newIds.length === 0) return {};
  const renames = await detectRenames(db, newIds, source, runId, autoAlias);
  // After the renames: a port taken as a rename is gone. A name that differs from the file's spelling (a code) shows both.
  const named = await all(
    db,
    `select p.name, a.alias from ports p join port_aliases a on a.port_id = p.port_id and a.source = $source
      where list_contains($ids, p.port_id) order by p.name`,
    { ids: listValue([...newIds]), source },
  );
  const newPorts = named.map((r) => (r['name'] === r['alias'] ? String(r['name']) : `${String(r['name'])} (${String(r['alias'])})`));
  return { ...(newPorts.length ? { newPorts } : {}), ...(renames.length ? { renames } : {}) };
}

async function startRun(db: Database, runId: number, file: string, format: Format, started: Date): Promise<void> {
  await run(db, `insert into ingest_runs (run_id, file, format, started_at, status) values ($id, $file, $format, $at, 'running')`, {
    id: runId,
    file,
    format: format.name,
    at: started.toISOString(),
  });
}

async function finishRun(db: Database, runId: number, rowsRead: number, counts: MergeCounts, rejected: number): Promise<void> {
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
      rejected,
    },
  );
}

/** Thrown inside the direct load's transaction to roll it back and take the checked paths instead. */
class NotDirect extends Error {}

/**
 * The fastest path, for the first load of a clean CSV file (none of its ports holds data yet, e.g.
 * history into a new database): after a light pass for the port names, one pass checks and inserts at
 * once, stopping at the first bad value, and an exact duplicate-key check runs over the inserted rows.
 * Anything else (a bad row, a repeated key, ports with data, the file changing) rolls the transaction
 * back, ports included, and returns undefined: the checked paths then report rejects and merge.
 */
async function directLoad(job: LoadJob, started: Date): Promise<IngestSummary | undefined> {
  const { db, file, format, sniffed, t, options, progress } = job;
  if (sniffed.kind !== 'csv') return undefined;
  const stamp = fileStamp(file);
  const rowsSql = (check: boolean) => csvRowsSql(file, sniffed.header, format, options, check);
  const extra = format.names.columns.map((c) => `, any_value(${c}) as ${c}`).join('');
  const named = await withProgress(db, 'reading ports', progress, () =>
    run(
      db,
      `create temp table ${t.names} as
       select alias, ${nameColumns(format)}
       from (select port_alias as alias, port_alias${extra} from (${rowsSql(false)}) where port_alias <> '') group by alias`,
    ),
  ).then(
    () => true,
    () => false,
  );
  if (!named) return undefined;
  try {
    return await transaction(db, async () => {
      await startRun(db, t.runId, file, format, started);
      const newIds = await registerNewPorts(db, t.names, format.source, format.portPrefix, format.country, format.matchAnySource);
      const portmap = await createPortMap(db, t.names, format.source, format.matchAnySource, t.runId);
      const held = await all(db, `select exists (select 1 from crossings c join ${portmap} using (port_id)) as held`);
      if (held[0]!['held']) throw new NotDirect();
      await withProgress(db, 'loading', progress, () =>
        run(
          db,
          `insert into crossings
           select coalesce(pm.port_id, error('port not named in the first pass')), k.date, k.hour, k.direction, k.category,
             case when k.reason is null then k.count else error(k.reason) end, k.freq, $run
           from (${rowsSql(true)}) k left join ${portmap} pm using (port_alias)`,
          { run: t.runId },
        ),
      );
      const found = await distinctKeys(db, `(select port_id, date, hour, direction, category from crossings where ingest_run_id = ${t.runId})`);
      if (found.repeated || found.n === 0 || fileStamp(file) !== stamp) throw new NotDirect();
      const counts = { countsNew: found.n, countsUnchanged: 0, countsRevised: 0 };
      const rowsRead = found.n / format.rowsPerRecord;
      await finishRun(db, t.runId, rowsRead, counts, 0);
      await run(db, `drop table ${portmap}`);
      const ports = await portsAndRenames(db, newIds, format.source, t.runId, options.autoAlias ?? true);
      return { file, format: format.name, runId: t.runId, rowsRead, rowsRejected: 0, rejects: [], status: 'loaded', ...counts, ...ports };
    });
  } catch {
    // Whatever went wrong, the checked paths meet it again and report it properly.
    return undefined;
  }
}

function tables(runId: number) {
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

async function dropStaging(db: Database, runId: number): Promise<void> {
  const { runId: _, ...names } = tables(runId);
  for (const name of Object.values(names)) await dropRelation(db, name);
}

/**
 * Copies the file into an all-text staging table in file order (rowid gives the record index); returns
 * the staging column of each header name.
 */
async function stage(job: LoadJob): Promise<(name: string) => string | undefined> {
  await run(job.db, 'set preserve_insertion_order = true');
  try {
    return await stageInOrder(job);
  } finally {
    await run(job.db, 'set preserve_insertion_order = false');
  }
}

async function stageInOrder(job: LoadJob): Promise<(name: string) => string | undefined> {
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
function csvSource(file: string, header: readonly string[], rejects?: { rejects: string; scans: string }): string {
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const store = rejects ? `, store_rejects = true, rejects_table = '${rejects.rejects}', rejects_scan = '${rejects.scans}'` : '';
  return `read_csv(${sqlString(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {${columns}}${store})`;
}

/** A format's rows read straight from a CSV file (its record index `rec` is NULL: only the staged path has it). */
function csvRowsSql(
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
function nameColumns(format: Format): string {
  return `any_value(${format.names.name}) as name, any_value(${format.names.region}) as region, any_value(${format.names.code}) as code`;
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

/** Days from KEY_EPOCH that the duplicate-key bitmaps cover (1950-01-01 .. 2149-12-31, 9 KB per series). */
const KEY_EPOCH = '1950-01-01';
const KEY_DAYS = 73_048;

/**
 * Exact count of the distinct keys (port, date, hour, direction, category) among `rows`: grouping by
 * all of the key but the date leaves a few hundred series, and per series a bitmap of its dates counts
 * the distinct ones (bit_count) without a hash table of every key. A date outside the bitmaps' two
 * centuries is counted as a possible repeat.
 */
function keyBitmapColumns(good: string): string {
  const day = `(date - date '${KEY_EPOCH}')`;
  return `bit_count(bitstring_agg(${day}, 0, ${KEY_DAYS - 1}) filter (where ${good} and ${day} between 0 and ${KEY_DAYS - 1})) as keys,
    count(*) filter (where ${good} and ${day} not between 0 and ${KEY_DAYS - 1}) as outside`;
}

/** Rows, distinct keys (see keyBitmapColumns) and whether any key repeats, over rows with a port_id key. */
async function distinctKeys(db: Database, rows: string): Promise<{ n: number; keys: number; repeated: boolean }> {
  const r = (
    await all(
      db,
      `select coalesce(sum(n), 0)::bigint as n, coalesce(sum(keys), 0)::bigint as keys, coalesce(sum(outside), 0)::bigint as outside
       from (select count(*) as n, ${keyBitmapColumns('true')} from ${rows} group by port_id, hour, direction, category)`,
    )
  )[0]!;
  const n = Number(r['n']);
  const keys = Number(r['keys']);
  return { n, keys, repeated: Number(r['outside']) > 0 || n !== keys };
}

/**
 * The ports of the good rows of `rows`, each alias once with its name, region, code and date range
 * (names_<run>), in the same pass that counts bad rows and shows whether any key repeats: `n` good
 * values against `keys` distinct ones (keyBitmapColumns; a hash table of every key took half of the
 * checking pass on a 10-million-row file). A possible repeat sends the file through the exact grouping.
 */
async function portNames(
  db: Database,
  t: ReturnType<typeof tables>,
  format: Format,
  rows: string,
): Promise<{ n: number; bad: number; repeated: boolean; keys: number }> {
  await dropRelation(db, t.names);
  const good = `filter (where reason is null)`;
  const extra = format.names.columns.map((c) => `, any_value(${c}) ${good} as ${c}`).join('');
  await run(
    db,
    `create temp table ${t.names} as
     select port_alias as alias, ${nameColumns(format)}, sum(n)::bigint as n, coalesce(sum(keys), 0)::bigint as keys,
       sum(outside)::bigint as outside, sum(bad)::bigint as bad, min(min_date) as min_date, max(max_date) as max_date
     from (select port_alias, count(*) ${good} as n, count(reason) as bad,
             ${keyBitmapColumns('reason is null')},
             min(date) ${good} as min_date, max(date) ${good} as max_date${extra}
           from ${rows} group by port_alias, hour, direction, category)
     group by port_alias`,
  );
  const sums = await all(
    db,
    `select coalesce(sum(n), 0)::bigint as n, coalesce(sum(keys), 0)::bigint as keys, coalesce(sum(outside), 0)::bigint as outside,
       coalesce(sum(bad), 0)::bigint as bad from ${t.names}`,
  );
  // Ports named only by rejected rows are not registered.
  await run(db, `delete from ${t.names} where n = 0`);
  const n = Number(sums[0]!['n']);
  const keys = Number(sums[0]!['keys']);
  const outside = Number(sums[0]!['outside']);
  return { n, bad: Number(sums[0]!['bad']), repeated: outside > 0 || n !== keys, keys: keys + outside };
}

/** The good rows, one per key: exact duplicates within the file collapse, and `conflict` marks a key given two different counts. */
async function groupKeys(db: Database, t: ReturnType<typeof tables>): Promise<void> {
  await dropRelation(db, t.keyed);
  await run(
    db,
    `create temp table ${t.keyed} as
     select port_alias, date, hour, direction, category, freq, min(count) as count, (min(count) <> max(count)) as conflict
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

/** Keeps a record of a refused file and its rejects; nothing of the file is loaded. */
async function recordRefusal(
  db: Database,
  runId: number,
  file: string,
  format: string,
  started: Date,
  summary: IngestSummary,
  rejects: Reject[],
): Promise<void> {
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
        read: summary.rowsRead,
        rejected: summary.rowsRejected,
        message: summary.message ?? '',
      },
    );
    await insertRejects(db, runId, file, rejects);
  });
}

/** A one-line summary for terminals and logs. */
export function formatSummary(s: IngestSummary): string {
  const name = basename(s.file);
  if (s.status === 'refused') return `${name}: refused. ${s.message ?? ''}`;
  const lines = [
    `${name}: read ${s.rowsRead} rows, rejected ${s.rowsRejected}; ` +
      `counts new ${s.countsNew}, unchanged ${s.countsUnchanged}, revised ${s.countsRevised} (run ${s.runId})`,
  ];
  if (s.newPorts?.length) lines.push(`  ${messages.newPorts(s.newPorts.join(', '))}`);
  for (const r of s.renames ?? []) {
    lines.push(`  ${r.applied ? messages.renamed(r.alias, r.port, r.from) : messages.likelyRename(r.alias, r.new_port_id, r.port, r.lastOld)}`);
  }
  return lines.join('\n');
}

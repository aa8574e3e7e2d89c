/** The three ways a file goes in, fastest first; each falls back to the next, and all give the same result. */
import { all, run, transaction, type Database } from '../store/db.js';
import { CrossingsError, messages } from '../messages.js';
import type { Format } from './formats.js';
import { distinctKeys, groupKeys, hasConflicts, markConflicts, portNames } from './keys.js';
import { createPortMap } from './merge.js';
import { registerNewPorts } from './ports.js';
import { withProgress, type Progress } from './progress.js';
import { newPortsAndRenames } from './renames.js';
import { finishRun, startRun } from './runRecords.js';
import type { Sniffed } from './sniff.js';
import { csvRowsSql, dropRelation, fileStamp, nameColumns, rowRejects, structuralRejects, withLines, type Checked, type LoadJob, type Tables } from './staging.js';
import { REJECT_SAMPLE, type IngestOptions, type IngestSummary } from './summary.js';

/** Thrown inside the direct load's transaction to roll it back and take the checked paths instead. */
export class NotDirect extends Error {}

/**
 * The fastest path, for the first load of a clean CSV file (none of its ports holds data yet, e.g.
 * history into a new database): after a light pass for the port names, one pass checks and inserts at
 * once, stopping at the first bad value, and an exact duplicate-key check runs over the inserted rows.
 * Anything else (a bad row, a repeated key, ports with data, the file changing) rolls the transaction
 * back, ports included, and returns undefined: the checked paths then report rejects and merge.
 */
export async function directLoad(job: LoadJob, started: Date): Promise<IngestSummary | undefined> {
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
      const ports = await newPortsAndRenames(db, newIds, format.source, t.runId, options.autoAlias ?? true);
      return { file, format: format.name, runId: t.runId, rowsRead, rowsRejected: 0, rejects: [], status: 'loaded', ...counts, ...ports };
    });
  } catch {
    // Whatever went wrong, the checked paths meet it again and report it properly.
    return undefined;
  }
}

/**
 * The fast path for the common case, a CSV file without a single bad row or repeated key: one checking
 * pass straight over the file, and the merge reads the file again, converted but not checked again.
 * Materializing the text of a large file costs more than reading it twice. Returns undefined, having
 * left nothing behind, when the file needs the full treatment (bad rows need their record index).
 */
export async function quickCheck(job: LoadJob): Promise<Checked | undefined> {
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
export async function checkFile(
  db: Database,
  file: string,
  format: Format,
  sniffed: Sniffed,
  columnOf: (name: string) => string | undefined,
  t: Tables,
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

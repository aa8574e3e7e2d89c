import { all, run, transaction, type Database } from '../store/db.js';
import { CrossingsError, isSwappedDate, messages } from '../messages.js';
import { sqlString } from '../store/sqlText.js';
import { FORMATS, missingColumns, type Format } from './formats.js';
import { checkFile, directLoad, quickCheck } from './loadPaths.js';
import { mergeIncoming } from './merge.js';
import { registerNewPorts } from './ports.js';
import { seedPorts } from '../store/ports.js';
import { withProgress, type Progress } from './progress.js';
import { newPortsAndRenames } from './renames.js';
import { finishRun, insertRejects, recordRefusal, startRun } from './runRecords.js';
import { sniffFile } from './sniff.js';
import { dropStaging, fileStamp, stage, tables, type Checked, type LoadJob } from './staging.js';
import type { IngestOptions, IngestSummary, Reject } from './summary.js';

export { formatSummary, type IngestOptions, type IngestSummary, type Reject } from './summary.js';

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
  const started = options.now?.() ?? new Date();
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
  const ports = await newPortsAndRenames(db, newIds, format.source, runId, autoAlias);
  if (checked.stamp !== undefined && fileStamp(file) !== checked.stamp) {
    throw new CrossingsError(messages.unreadableFile(file, 'it changed while it was being loaded; load it again'));
  }
  await finishRun(db, runId, base.rowsRead, counts, rejects.length);
  return { ...base, status: 'loaded', ...counts, ...ports };
}

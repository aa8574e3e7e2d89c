/** The ingest_runs and ingest_rejects rows of a load: its start, its end, its refused rows, or its refusal. */
import { run, transaction, type Database } from '../store/db.js';
import type { Format } from './formats.js';
import type { MergeCounts } from './merge.js';
import type { IngestSummary, Reject } from './summary.js';

export async function startRun(db: Database, runId: number, file: string, format: Format, started: Date): Promise<void> {
  await run(db, `insert into ingest_runs (run_id, file, format, started_at, status) values ($id, $file, $format, $at, 'running')`, {
    id: runId,
    file,
    format: format.name,
    at: started.toISOString(),
  });
}

export async function finishRun(db: Database, runId: number, rowsRead: number, counts: MergeCounts, rejected: number): Promise<void> {
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

export async function insertRejects(db: Database, runId: number, file: string, rejects: Reject[]): Promise<void> {
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
export async function recordRefusal(
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

import { all, run, transaction, type Database } from '../store/db.js';
import { CrossingsError, messages } from '../messages.js';

/** One ingest run as listed by `crossings runs list` and GET /api/ingest-runs. */
export interface IngestRun {
  run_id: number;
  file: string;
  format: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  rows_read: number | null;
  counts_new: number | null;
  counts_revised: number | null;
  counts_unchanged: number | null;
  rows_rejected: number | null;
  undone_at: string | null;
  message: string | null;
}

/** What undoing a run did. */
export interface UndoResult {
  runId: number;
  deleted: number;
  restored: number;
}

/** Every ingest run, newest first. */
export async function listRuns(db: Database): Promise<IngestRun[]> {
  const rows = await all(
    db,
    `select run_id, file, format, started_at::varchar as started_at, finished_at::varchar as finished_at, status,
       rows_read, rows_loaded as counts_new, rows_revised as counts_revised, rows_unchanged as counts_unchanged,
       rows_rejected, undone_at::varchar as undone_at, message
     from ingest_runs order by run_id desc`,
  );
  return rows as unknown as IngestRun[];
}

/**
 * Takes a loaded run back out in one transaction: the counts it revised get their old value and run
 * back (from crossing_revisions), the counts it added are deleted, its revision records go, and the run
 * is marked undone (kept, with its rejects, as history). Refused when a later run revised any count
 * this run wrote, since restoring under it would silently drop the later value.
 */
export async function undoRun(db: Database, runId: number): Promise<UndoResult> {
  return transaction(db, async () => {
    const found = await all(db, `select status from ingest_runs where run_id = $id`, { id: runId });
    if (found.length === 0) throw new CrossingsError(messages.unknownIngestRun(runId), 'not_found');
    const status = String(found[0]!['status']);
    if (status !== 'loaded') throw new CrossingsError(messages.runNotUndoable(runId, status), 'conflict');

    // A later revision of a value this run wrote has old_run_id = this run (the merge records the run
    // that held the value it replaced).
    const later = await all(
      db,
      `select new_run_id::int as run, count(*)::int as n,
         min(concat_ws(' ', port_id, date::varchar, hour::varchar, direction::varchar, category)) as example
       from crossing_revisions where old_run_id = $id and new_run_id <> $id group by new_run_id order by new_run_id desc`,
      { id: runId },
    );
    if (later.length > 0) {
      const runs = later.map((r) => Number(r['run']));
      const n = later.reduce((s, r) => s + Number(r['n']), 0);
      throw new CrossingsError(messages.runRevisedLater(runId, runs, n, String(later[0]!['example'])), 'conflict');
    }

    const restored = Number(
      (await all(db, `select count(*)::int as n from crossing_revisions where new_run_id = $id`, { id: runId }))[0]!['n'],
    );
    if (restored > 0) {
      await run(
        db,
        `update crossings c set count = r.old_count, ingest_run_id = r.old_run_id from crossing_revisions r
         where r.new_run_id = $id and c.ingest_run_id = $id and c.port_id = r.port_id and c.date = r.date
           and c.hour is not distinct from r.hour and c.direction = r.direction and c.category = r.category`,
        { id: runId },
      );
      await run(db, `delete from crossing_revisions where new_run_id = $id`, { id: runId });
    }
    // What still carries this run after the restore is what it added.
    const deleted = Number(
      (await all(db, `select count(*)::int as n from crossings where ingest_run_id = $id`, { id: runId }))[0]!['n'],
    );
    if (deleted > 0) await run(db, `delete from crossings where ingest_run_id = $id`, { id: runId });
    await run(db, `update ingest_runs set status = 'undone', undone_at = now() where run_id = $id`, { id: runId });
    return { runId, deleted, restored };
  });
}

/** One line per run for terminals: id, status, time, counts, file. */
export function formatRun(r: IngestRun): string {
  const counts =
    r.status === 'refused'
      ? `rejected ${r.rows_rejected ?? 0}`
      : `new ${r.counts_new ?? 0}, revised ${r.counts_revised ?? 0}, unchanged ${r.counts_unchanged ?? 0}, rejected ${r.rows_rejected ?? 0}`;
  const when = r.status === 'undone' && r.undone_at ? `${r.started_at} (undone ${r.undone_at})` : r.started_at;
  return [r.run_id, r.status, when, counts, r.file].join('\t');
}

/**
 * The SQL worker: a child process of the server with its own DuckDB instance, opened read-only on a
 * snapshot file, that runs one analyst query at a time and writes the formatted answer to a file. A
 * runaway query costs this process's threads and memory, not the server's; the pool kills it if an
 * interrupt does not stop the query.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { SqlError } from './errors.js';
import { formatResult } from './formats.js';
import { closeSandbox, openSandbox, runInSandbox, type Sandbox } from './sandbox.js';
import { sqlMessages } from '../messages.js';
import type { WorkerAnswer, WorkerJob } from './pool.js';

let open: { file: string; key: string; sandbox: Sandbox } | undefined;
let busy = false;

/** The sandbox on the job's snapshot, opened by a relative name so duckdb_databases() shows no server path. */
async function sandboxFor(job: WorkerJob): Promise<Sandbox> {
  const key = JSON.stringify(job.limits);
  if (open && open.file === job.file && open.key === key) return open.sandbox;
  if (open) closeSandbox(open.sandbox);
  open = undefined;
  process.chdir(dirname(job.file));
  const sandbox = await openSandbox(basename(job.file), job.limits);
  open = { file: job.file, key, sandbox };
  return sandbox;
}

/** Runs one job: the query, its answer formatted and written to job.out, within the size limit. */
export async function runJob(job: WorkerJob): Promise<WorkerAnswer> {
  try {
    const sandbox = await sandboxFor(job);
    const result = await runInSandbox(sandbox, job.sql, { ...(job.params ? { params: job.params } : {}), ...(job.rowLimit ? { rowLimit: job.rowLimit } : {}), timeoutMs: job.timeoutMs });
    let body = await formatResult(result, job.format);
    if (job.format === 'json') {
      const parsed = body as string;
      body = `${parsed.slice(0, -1)},"snapshot_at":${JSON.stringify(job.snapshotAt)}}`;
    }
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (bytes > job.limits.maxResultBytes) throw new SqlError('too_large', sqlMessages.resultRefusedTooLarge(job.limits.maxResultBytes));
    writeFileSync(job.out, body);
    return { id: job.id, ok: true, rowCount: result.rowCount, truncated: result.truncated, elapsedMs: result.elapsedMs, bytes };
  } catch (err) {
    if (err instanceof SqlError) return { id: job.id, ok: false, kind: err.reason, message: err.message };
    if (err instanceof RangeError) return { id: job.id, ok: false, kind: 'too_large', message: sqlMessages.resultRefusedTooLarge(job.limits.maxResultBytes) };
    return { id: job.id, ok: false, kind: 'query', message: sqlMessages.queryError(err instanceof Error ? err.message : String(err)) };
  }
}

/** Above this, a finished job is followed by a garbage collection (see below). */
const RSS_COLLECT = 256 * 1024 * 1024;

if (process.send) {
  process.on('message', (job: WorkerJob) => {
    busy = true;
    void runJob(job).then((answer) => {
      busy = false;
      process.send!(answer);
      // DuckDB's chunks hold native memory that is freed only when their small JavaScript handles are collected,
      // which a quiet heap would put off: a refused 1 GB chunk would stay, and the next would add to it.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc && process.memoryUsage().rss > RSS_COLLECT) gc();
    });
  });
  // A snapshot the server has replaced and deleted stays on disk while this process holds it: let it go when idle.
  setInterval(() => {
    if (!busy && open && !existsSync(open.file)) {
      closeSandbox(open.sandbox);
      open = undefined;
    }
  }, 10_000).unref();
  // The server gone means no one will read the answers.
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}

/**
 * The pool of SQL worker processes (worker.ts) that keeps analysts' queries off the serving path: a
 * fixed number of workers, a bounded queue (429 with Retry-After beyond it), a bound per key, and a
 * watchdog that kills a worker whose query did not stop within `graceMs` of its time limit and starts
 * a new one in its place.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { SqlError, type SqlErrorKind } from './errors.js';
import type { SqlFormat } from './formats.js';
import type { SandboxLimits, SqlParams } from './sandbox.js';
import { sqlMessages } from '../messages.js';

/** What the server sends a worker: one query on one snapshot file, the answer to be written to `out`. */
export interface WorkerJob {
  id: number;
  file: string;
  sql: string;
  params?: SqlParams;
  rowLimit?: number;
  timeoutMs: number;
  format: SqlFormat;
  out: string;
  snapshotAt: string;
  limits: SandboxLimits;
}

/** What a worker answers: the result's counts (the body is in the job's `out` file), or the error. */
export type WorkerAnswer =
  | { id: number; ok: true; rowCount: number; truncated: boolean; elapsedMs: number; bytes: number }
  | { id: number; ok: false; kind: SqlErrorKind; message: string };

/** A successful answer. */
export type PoolResult = Extract<WorkerAnswer, { ok: true }>;

/** Sizes of the pool. */
export interface PoolOptions {
  /** Worker processes (queries running at once). */
  size: number;
  /** Queries waiting at most; more are refused with 429. */
  queueLimit: number;
  /** Queries one key may have running or waiting. */
  perKey: number;
  /** How long past its time limit a query may run before its worker is killed. */
  graceMs: number;
}

/** Two workers, eight waiting, two per key, a second's grace after the time limit. */
export const DEFAULT_POOL: PoolOptions = { size: 2, queueLimit: 8, perKey: 2, graceMs: 1000 };

// Run from sources (tsx) the worker is worker.ts, started through a boot file that registers tsx; compiled, worker.js.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const BOOT = new URL(FROM_SOURCE ? './workerBoot.mjs' : './worker.js', import.meta.url);
const WORKER = new URL('./worker.ts', import.meta.url).href;
/** Workers that died before they were ready, in a row, after which waiting queries are refused. */
const MAX_BOOT_FAILURES = 3;

interface Pending {
  job: Omit<WorkerJob, 'id'>;
  key: string;
  resolve: (r: PoolResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  running?: Pending & { id: number; deadline: number; timer: NodeJS.Timeout };
  /** Killed past its time limit: takes no more jobs while it dies. */
  dying?: boolean;
}

/** A pool of SQL workers. */
export class SqlPool {
  private readonly options: PoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly perKey = new Map<string, number>();
  private nextId = 1;
  private closed = false;
  private bootFailures = 0;

  constructor(options: Partial<PoolOptions> = {}) {
    // An option left undefined keeps its default.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_POOL, ...given };
  }

  /** Runs a job on the next free worker; refuses at once (429) when the queue or the key's share is full. */
  run(job: Omit<WorkerJob, 'id'>, key: string): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new SqlError('unavailable', sqlMessages.snapshotFailed('the server is shutting down')));
    const retryAfter = this.retryAfterSeconds();
    const mine = this.perKey.get(key) ?? 0;
    if (mine >= this.options.perKey) {
      return Promise.reject(new SqlError('busy', sqlMessages.busyForKey(this.options.perKey, retryAfter), { 'retry-after': String(retryAfter) }));
    }
    const running = this.slots.filter((s) => s.running).length;
    if (running >= this.options.size && this.queue.length >= this.options.queueLimit) {
      return Promise.reject(new SqlError('busy', sqlMessages.busy(running, this.queue.length, retryAfter), { 'retry-after': String(retryAfter) }));
    }
    this.bootFailures = 0;
    this.perKey.set(key, mine + 1);
    return new Promise<PoolResult>((resolve, reject) => {
      const done = () => {
        const n = (this.perKey.get(key) ?? 1) - 1;
        if (n > 0) this.perKey.set(key, n);
        else this.perKey.delete(key);
      };
      this.queue.push({
        job, key,
        resolve: (r) => { done(); resolve(r); },
        reject: (e) => { done(); reject(e); },
      });
      this.fill();
      this.dispatch();
    });
  }

  /** Queries running and waiting (for tests and the bench). */
  get load(): { running: number; queued: number; workers: number } {
    return { running: this.slots.filter((s) => s.running).length, queued: this.queue.length, workers: this.slots.length };
  }

  /** Stops every worker; queries in flight and waiting are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new SqlError('unavailable', sqlMessages.snapshotFailed('the server is shutting down')));
    await Promise.all(this.slots.splice(0).map((slot) => {
      if (slot.running) {
        clearTimeout(slot.running.timer);
        slot.running.reject(new SqlError('unavailable', sqlMessages.snapshotFailed('the server is shutting down')));
        slot.running = undefined;
      }
      return stopChild(slot.child);
    }));
  }

  /** Seconds until a place in the queue is likely free: the nearest deadline of the queries running, at least 1. */
  private retryAfterSeconds(): number {
    const deadlines = this.slots.flatMap((s) => (s.running ? [s.running.deadline] : []));
    if (deadlines.length < this.options.size) return 1;
    return Math.max(1, Math.ceil((Math.min(...deadlines) + this.options.graceMs - Date.now()) / 1000));
  }

  /** Starts workers up to the pool's size. */
  private fill(): void {
    while (!this.closed && this.slots.length < this.options.size) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // A bounded heap: a worker that runs out dies alone, and the pool replaces it.
    const child = fork(BOOT, FROM_SOURCE ? [WORKER] : [], { execArgv: ['--max-old-space-size=1024', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    // Analysts' queries yield the CPU to the serving path: the workers run at a lower priority (nice 10).
    try {
      if (child.pid !== undefined) setPriority(child.pid, 10);
    } catch {
      // not allowed here: the workers still run apart, only at the same priority
    }
    const slot: Slot = { child, ready: false };
    child.on('message', (msg: WorkerAnswer | { ready: true }) => {
      if ('ready' in msg) {
        slot.ready = true;
        this.bootFailures = 0;
        this.dispatch();
        return;
      }
      const r = slot.running;
      if (!r || r.id !== msg.id) return;
      clearTimeout(r.timer);
      slot.running = undefined;
      if (msg.ok) r.resolve(msg);
      else r.reject(new SqlError(msg.kind, msg.message));
      this.dispatch();
    });
    child.on('exit', (code, signal) => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      const r = slot.running;
      slot.running = undefined;
      if (r) {
        clearTimeout(r.timer);
        r.reject(new SqlError('memory', sqlMessages.workerStopped(signal ? `signal ${signal}` : `exit code ${code}`)));
      }
      if (!slot.ready && !slot.dying && ++this.bootFailures >= MAX_BOOT_FAILURES) {
        // Workers that cannot start would be restarted forever: refuse what waits, start again on the next query.
        for (const p of this.queue.splice(0)) p.reject(new SqlError('unavailable', sqlMessages.workerFailedToStart(signal ? `signal ${signal}` : `exit code ${code}`)));
        return;
      }
      if (!this.closed) {
        this.fill();
        this.dispatch();
      }
    });
    child.on('error', () => undefined); // 'exit' follows and does the accounting
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.dying || slot.running || !slot.child.connected) continue;
      const next = this.queue.shift();
      if (!next) return;
      const id = this.nextId++;
      const timer = setTimeout(() => {
        const r = slot.running;
        if (r?.id !== id) return;
        // Answered at once: a worker holding gigabytes can take a while to die, and its slot is not reused.
        slot.running = undefined;
        slot.dying = true;
        slot.child.kill('SIGKILL');
        r.reject(new SqlError('timeout', sqlMessages.timedOut(r.job.timeoutMs / 1000)));
      }, next.job.timeoutMs + graceFor(next.job.timeoutMs, this.options.graceMs));
      slot.running = { ...next, id, deadline: Date.now() + next.job.timeoutMs, timer };
      slot.child.send({ ...next.job, id });
    }
  }
}

/** The wait after the time limit before a kill: the pool's grace, at most half the limit (a 1 s query is gone by 1.5 s). */
export function graceFor(timeoutMs: number, graceMs: number): number {
  return Math.min(graceMs, Math.max(100, timeoutMs / 2));
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

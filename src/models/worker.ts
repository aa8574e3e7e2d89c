/**
 * Fitting spread over worker threads, one series at a time, so that a job uses every core and a server stays
 * responsive while it refits: the main thread loads the series and stores the run, the workers only compute (the
 * tasks are pure). tsx cannot start a TypeScript worker on Node 20 by itself, so a worker starts from
 * workerBoot.mjs, which imports this file through tsx's API; it loads only the models, not DuckDB.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { backtestFits, fitSeries } from './fitting.js';

/** The work a worker thread can do, by name: pure functions of (what every task shares, one task). */
const TASKS = { forecast: fitSeries, backtest: backtestFits } as const;

export type TaskKind = keyof typeof TASKS;
export type TaskContext<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[0];
export type Task<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[1];
export type TaskResult<K extends TaskKind> = ReturnType<(typeof TASKS)[K]>;

/** Called as each task finishes: its index, and how many have finished (1, 2, ... in that order). */
export type TaskDone = (index: number, done: number) => void;

const BOOT = new URL('./workerBoot.mjs', import.meta.url);

interface PoolData {
  module: string;
  kind: TaskKind;
  context: unknown;
}

/** Runs one task of `kind` (the cast is safe: callers pair kinds with their own contexts and tasks). */
function runTask<K extends TaskKind>(kind: K, context: TaskContext<K>, task: Task<K>): TaskResult<K> {
  return (TASKS[kind] as (c: TaskContext<K>, t: Task<K>) => TaskResult<K>)(context, task);
}

/**
 * Runs every task of `kind` and resolves with their results in task order: in this thread when `workers` is
 * undefined, else in that many worker threads (at most one per task; 1 is one worker thread, never this thread,
 * so that a server stays responsive). The results are the same either way.
 */
export async function runTasks<K extends TaskKind>(
  kind: K,
  context: TaskContext<K>,
  tasks: readonly Task<K>[],
  options: { workers?: number | undefined; onDone?: TaskDone | undefined } = {},
): Promise<TaskResult<K>[]> {
  if (options.workers === undefined) {
    return tasks.map((task, i) => {
      const result = runTask(kind, context, task);
      options.onDone?.(i, i + 1);
      return result;
    });
  }
  return runInWorkers(kind, context, tasks, options.workers, options.onDone);
}

/** A pool of `size` worker threads, each taking the next task as it finishes one (series differ in cost). */
function runInWorkers<K extends TaskKind>(kind: K, context: TaskContext<K>, tasks: readonly Task<K>[], size: number, onDone?: TaskDone): Promise<TaskResult<K>[]> {
  if (tasks.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const results = new Array<TaskResult<K>>(tasks.length);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err === undefined) resolve(results);
      else reject(err);
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) w.postMessage({ index: next, task: tasks[next++] });
    };
    const data: PoolData = { module: import.meta.url, kind, context };
    for (let k = 0; k < Math.min(Math.max(1, size), tasks.length); k++) {
      const w = new Worker(BOOT, { workerData: data });
      workers.push(w);
      w.on('message', ({ index, result }: { index: number; result: TaskResult<K> }) => {
        if (settled) return;
        results[index] = result;
        done++; // not in the call: `?.` would skip it without a callback
        onDone?.(index, done);
        if (done === tasks.length) finish();
        else feed(w);
      });
      w.once('error', finish);
      w.once('exit', (code) => finish(new Error(`a fitting worker stopped with exit code ${code} before its work was done`)));
      feed(w);
    }
  });
}

// In a worker: answer each task the main thread sends.
if (!isMainThread && parentPort && (workerData as Partial<PoolData> | null)?.kind) {
  const { kind, context } = workerData as PoolData;
  const port = parentPort;
  port.on('message', ({ index, task }: { index: number; task: never }) => {
    port.postMessage({ index, result: runTask(kind, context as never, task) });
  });
}

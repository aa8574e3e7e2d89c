/**
 * The one SQL service of a Fastify app, shared by the SQL and saved-query plugins and closed with the app:
 * snapshots of the database (snapshot.ts), and the worker processes (pool.ts) that run analysts' queries
 * on them, so a runaway query costs a worker's CPU and memory, never the serving path's.
 */
import { readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SqlFormat } from '../sql/formats.js';
import { SqlPool, type PoolOptions } from '../sql/pool.js';
import { DEFAULT_LIMITS, type RunOptions, type Sandbox, type SandboxLimits } from '../sql/sandbox.js';
import { snapshotSql } from '../sql/snapshot.js';
import type { SchemaRelation } from '../sql/views.js';

/** A query's answer, formatted by its worker: the body (at most the result-size limit) and its counts. */
export interface PooledResult {
  format: SqlFormat;
  body: Buffer;
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
  snapshotAt: Date;
}

/** Runs analysts' SQL off the serving path. */
export interface SqlService {
  /** Runs one reading statement in a worker; `key` is whose query it is (per-key bound). */
  run(sql: string, options: RunOptions & { format: Exclude<SqlFormat, 'table'>; key: string }): Promise<PooledResult>;
  /** Runs `fn` with the current snapshot's in-process sandbox (cheap checks only: preparing, never running). */
  withSandbox<T>(fn: (sandbox: Sandbox) => Promise<T>): Promise<T>;
  /** The documented views and tables, with their columns. */
  schema(): Promise<SchemaRelation[]>;
  /** Queries running and waiting, and the workers (for tests and the bench). */
  readonly load: { running: number; queued: number; workers: number };
  close(): Promise<void>;
}

const services = new WeakMap<object, SqlService>();

/** The app's SqlService over its write database (created on first use, closed when the app closes). */
export function sqlService(app: FastifyInstance, limits: Partial<SandboxLimits> = {}, pool: Partial<PoolOptions> = {}): SqlService {
  const key = app.writeDb.instance;
  let service = services.get(key);
  if (!service) {
    service = pooledSql(app.writeDb.instance, app.writeDb.path, limits, pool);
    services.set(key, service);
    const created = service;
    app.addHook('onClose', async () => {
      services.delete(key);
      await created.close();
    });
  }
  return service;
}

/** A SqlService over the database file `path` that `instance` holds read-write. */
export function pooledSql(instance: Parameters<typeof snapshotSql>[0], path: string, limits: Partial<SandboxLimits> = {}, poolOptions: Partial<PoolOptions> = {}): SqlService {
  const full: SandboxLimits = { ...DEFAULT_LIMITS, ...limits };
  const snapshots = snapshotSql(instance, path, full);
  const pool = new SqlPool(poolOptions);
  return {
    run: (sql, options) =>
      snapshots.withFile(async (file, takenAt) => {
        // The answer comes back as a file beside the snapshot (its folder goes with the process at worst).
        const out = `${file}.out-${randomBytes(6).toString('hex')}`;
        try {
          const answer = await pool.run({
            file, sql, out, format: options.format, snapshotAt: takenAt.toISOString(), limits: full,
            timeoutMs: Math.min(options.timeoutMs ?? full.timeoutMs, full.timeoutMs),
            ...(options.params ? { params: options.params } : {}),
            ...(options.rowLimit !== undefined ? { rowLimit: options.rowLimit } : {}),
          }, options.key);
          return { format: options.format, body: await readFile(out), rowCount: answer.rowCount, truncated: answer.truncated, elapsedMs: answer.elapsedMs, snapshotAt: takenAt };
        } finally {
          await rm(out, { force: true });
        }
      }),
    withSandbox: (fn) => snapshots.withSandbox(fn),
    schema: () => snapshots.schema(),
    get load() {
      return pool.load;
    },
    close: async () => {
      await pool.close();
      await snapshots.close();
    },
  };
}

/**
 * A real DuckDB file for the API tests: the sample data ingested, one forecast run and one backtest run.
 * Built once per test run (the first test file to ask builds it, the others wait) and copied per file,
 * so each file owns its database and may write to it.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfig, type Config, type Role } from '../../src/config.js';
import { closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { loadSampleIfEmpty } from '../../src/ingest/sample.js';
import { backtestAll } from '../../src/jobs/backtest.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import type { AutoOptions } from '../../src/models/auto.js';
import { SAMPLE } from '../helpers/files.js';

/** Only seasonal naive candidates: the API tests need a run to serve, not the best forecast. */
export const FAST_ENGINE = { candidates: [] as string[] };

/** One key per role. */
export const KEYS: Record<Role, string> = { planner: 'planner-key-1', manager: 'manager-key-2', analyst: 'analyst-key-3', admin: 'admin-key-4' };

const root = join(tmpdir(), `crossings-api-template-${process.ppid}`);
const template = join(root, 'template.duckdb');
const done = join(root, 'done');

async function buildTemplate(): Promise<void> {
  const db = await openDatabase(template);
  try {
    await prepareDatabase(db);
    await loadSampleIfEmpty(db, SAMPLE);
    await forecastAll(db, { horizon: 56, engine: FAST_ENGINE });
    await backtestAll(db, { horizon: 14, origins: ['2025-11-30', '2019-06-01'], engine: FAST_ENGINE });
  } finally {
    await closeDatabase(db);
  }
  writeFileSync(done, '');
}

/** The sample database with a forecast and a backtest, built once per test run (copy it before writing). */
export async function templatePath(): Promise<string> {
  // Templates of runs that ended long ago are removed.
  for (const d of readdirSync(tmpdir())) {
    if (!d.startsWith('crossings-api-template-') || join(tmpdir(), d) === root) continue;
    try {
      if (Date.now() - statSync(join(tmpdir(), d)).mtimeMs > 3_600_000) rmSync(join(tmpdir(), d), { recursive: true, force: true });
    } catch { /* another run is cleaning */ }
  }
  try {
    mkdirSync(root); // atomic: whoever creates it builds
    await buildTemplate();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const t0 = Date.now();
    while (!existsSync(done)) {
      if (Date.now() - t0 > 110_000) throw new Error(`timed out waiting for ${template}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return template;
}

/**
 * For a test file that reads the sample database without the app: its own copy of the template, opened before
 * the file's tests and closed after them. Read `handle.db` inside the tests.
 */
export function templateDatabase(name: string): { readonly db: Database } {
  const dir = mkdtempSync(join(tmpdir(), 'crossings-test-db-'));
  let db: Database | undefined;
  beforeAll(async () => {
    const path = join(dir, `${name}.duckdb`);
    copyFileSync(await templatePath(), path);
    db = await openDatabase(path);
  }, 120_000);
  afterAll(async () => {
    if (db) await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db(): Database {
      if (!db) throw new Error('templateDatabase: read db inside a test, after beforeAll');
      return db;
    },
  };
}

/** A test app over its own copy of the sample database. */
export interface TestApp {
  app: FastifyInstance;
  db: Database;
  config: Config;
  path: string;
  /** Closes the app (and its SQL snapshots) and the database, and removes the copy. */
  close(): Promise<void>;
}

/**
 * Opens a fresh copy of the template database and builds the app with one key per role. The caller closes it:
 * `afterAll(() => t.close())` at the file's top level, since vitest never runs an afterAll registered inside
 * beforeAll or a test.
 */
export async function openTestApp(options: { config?: Partial<Config>; logger?: unknown; engine?: Partial<AutoOptions> } = {}): Promise<TestApp> {
  const src = await templatePath();
  const dir = mkdtempSync(join(tmpdir(), 'crossings-test-'));
  const path = join(dir, 'api.duckdb');
  copyFileSync(src, path);
  const db = await openDatabase(path);
  const readDb: Database = { ...db, conn: await db.instance.connect() };
  const config: Config = {
    ...loadConfig({}),
    db: path,
    apiKeys: new Map(Object.entries(KEYS).map(([role, key]) => [key, role as Role])),
    ...options.config,
  };
  const app = await buildApp({ readDb, writeDb: db, config, forecastEngine: options.engine ?? FAST_ENGINE }, options.logger ? { logger: options.logger as never } : {});
  const close = async () => {
    try {
      await app.close();
      readDb.conn.closeSync();
      await closeDatabase(db);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { app, db, config, path, close };
}

/** Headers carrying the key of a role. */
export const as = (role: Role) => ({ 'x-api-key': KEYS[role] });

/** Checks a 4xx/5xx body has the one error shape and returns it. */
export function errorBody(payload: string): { statusCode: number; error: string; message: string } {
  const body = JSON.parse(payload) as { statusCode: number; error: string; message: string };
  if (typeof body.statusCode !== 'number' || typeof body.error !== 'string' || typeof body.message !== 'string' || Object.keys(body).length !== 3) {
    throw new Error(`not the error shape: ${payload}`);
  }
  return body;
}

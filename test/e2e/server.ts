/**
 * The real server for the browser tests and the dashboard benchmark: a temporary DuckDB file loaded
 * from data/sample, one forecast run and one backtest run, API keys per role, on 127.0.0.1 port 0.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config, type Role } from '../../src/config.js';
import { closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { loadSampleIfEmpty } from '../../src/ingest/sample.js';
import { buildApp } from '../../src/api/app.js';
import { startServer, type Running } from '../../src/api/server.js';
import { backtestAll } from '../../src/jobs/backtest.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import dashboardRoutes from '../../src/api/routes/dashboard.js';
import reportRoutes from '../../src/api/routes/reports.js';

/** One key per role, as CROSSINGS_API_KEYS gives them to the server. */
export const E2E_KEYS: Record<Role, string> = { planner: 'e2e-planner', manager: 'e2e-manager', analyst: 'e2e-analyst', admin: 'e2e-admin' };

/** A running dashboard server and how to stop it (stopping removes its database). */
export interface DashboardServer {
  url: string;
  app: FastifyInstance;
  close: () => Promise<void>;
}

/** Seasonal naive and ETS only for the backtest: the browser tests need believable accuracy figures quickly. */
const ENGINE = { candidates: ['ets'] };
/**
 * The forecast adds the calendar regression: Lunar New Year is in it, so the peak lists have something to show and
 * the "why this forecast" chart has the calendar model's parts.
 */
const FORECAST_ENGINE = { candidates: ['ets', 'calreg'] };

/** Starts the server on a fresh temporary database; `keys: false` starts it with no keys (open reading). */
export async function startDashboardServer(options: { keys?: boolean } = {}): Promise<DashboardServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crossings-e2e-'));
  const keys = options.keys === false ? '' : Object.entries(E2E_KEYS).map(([role, key]) => `${key}:${role}`).join(',');
  const config = loadConfig({
    CROSSINGS_DB: join(dir, 'e2e.duckdb'),
    HOST: '127.0.0.1',
    PORT: '0',
    CROSSINGS_SAMPLE_DIR: new URL('../../data/sample/', import.meta.url).pathname,
    CROSSINGS_API_KEYS: keys,
    LOG_LEVEL: 'warn',
  });
  const afterLoad = async (db: Database) => {
    await forecastAll(db, { horizon: 56, engine: FORECAST_ENGINE });
    await backtestAll(db, { horizon: 28, origins: ['2025-09-30', '2025-11-30'], engine: ENGINE });
  };
  const log = console.log;
  console.log = () => {}; // the sample's ingest summary
  let running: Running;
  try {
    running = registeredInApp() ? await startServer(config, { afterLoad }) : await startWithDashboard(config, afterLoad);
  } finally {
    console.log = log;
  }
  const { app } = running;
  return {
    url: running.url,
    app,
    close: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether src/api/app.ts registers the dashboard plugin already (the lead adds the line). */
function registeredInApp(): boolean {
  return /register\(dashboardRoutes/.test(readFileSync(new URL('../../src/api/app.ts', import.meta.url), 'utf8'));
}

/** startServer's steps with the dashboard plugin registered before listening (until app.ts registers it). */
async function startWithDashboard(config: Config, afterLoad: (db: Database) => Promise<void>): Promise<Running> {
  const writeDb = await openDatabase(config.db);
  await prepareDatabase(writeDb);
  await loadSampleIfEmpty(writeDb, config.sampleDir);
  await afterLoad(writeDb);
  const readDb: Database = { ...writeDb, conn: await writeDb.instance.connect() };
  const app = await buildApp({ readDb, writeDb, config }, { logger: { level: config.logLevel } });
  await app.register(dashboardRoutes);
  // The reports plugin may still be waiting for its registration line too.
  if (!app.hasRoute({ method: 'GET', url: '/api/reports/staffing' })) await app.register(reportRoutes, { prefix: '/api' });
  const url = await app.listen({ host: config.host, port: config.port });
  return {
    app,
    url,
    close: async () => {
      await app.close();
      readDb.conn.closeSync();
      await closeDatabase(writeDb);
    },
  };
}

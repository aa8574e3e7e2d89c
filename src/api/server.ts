import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { accessMode, type Config } from '../config.js';
import { CrossingsError, messages } from '../messages.js';
import { closeDatabase, openDatabase, type Database } from '../store/db.js';
import { prepareDatabase } from '../store/open.js';
import { loadSampleIfEmpty } from '../ingest/sample.js';
import { removeServerFile, writeServerFile } from '../store/serverFile.js';
import { SNAPSHOT_DIR } from '../sql/snapshot.js';
import { removeStaleTempDirs } from '../tempDirs.js';
import { UPLOAD_DIR } from './routes/ingest.js';
import { formatSummary } from '../ingest/ingestFile.js';
import { buildApp } from './app.js';
import { warmDashboardCache } from './warm.js';

/** A running server and what it holds open. */
export interface Running {
  app: FastifyInstance;
  url: string;
  close: () => Promise<void>;
}

/**
 * The embedded default: opens (or creates) the database file, loads the sample data into an empty one,
 * and serves the API. The server owns the file while it runs; ingest jobs go through it.
 */
export async function startServer(config: Config, hooks: { afterLoad?: (db: Database) => Promise<void> } = {}): Promise<Running> {
  // Before opening anything: no keys on an address others can reach would open loads, undo and SQL to them.
  const mode = accessMode(config);
  if (mode === 'closed') throw new CrossingsError(messages.keysNeeded(config.host));
  // Before the minutes a first forecast takes: a taken port is said at once, not after the fitting.
  await assertPortFree(config.host, config.port);
  for (const kind of [SNAPSHOT_DIR, UPLOAD_DIR]) {
    for (const dir of removeStaleTempDirs(kind)) console.log(messages.staleTempRemoved(dir));
  }
  const writeDb = await openDatabase(config.db);
  await prepareDatabase(writeDb);
  for (const s of await loadSampleIfEmpty(writeDb, config.sampleDir)) console.log(`sample: ${formatSummary(s)}`);
  await hooks.afterLoad?.(writeDb);
  const readDb: Database = { ...writeDb, conn: await writeDb.instance.connect() };
  const app = await buildApp({ readDb, writeDb, config }, { logger: { level: config.logLevel } });
  const url = await app.listen({ host: config.host, port: config.port });
  writeServerFile(config.db, url);
  if (mode === 'local') console.log(messages.localMode(config.host));
  else if (mode === 'open') console.log(messages.openMode(config.host));
  const warming = warmDashboardCache(app);
  return {
    app,
    url,
    close: async () => {
      await warming; // its queries use the connections closed below
      await app.close();
      removeServerFile(config.db);
      readDb.conn.closeSync();
      await closeDatabase(writeDb);
    },
  };
}

/**
 * Serves until SIGINT or SIGTERM, then closes the server, its SQL snapshots (temporary copies of the database) and
 * the database before exiting. Dying of the signal instead would leave the snapshot copies behind in the temp folder.
 */
export function closeOnSignals(running: Running): void {
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Refuses at once when another program listens on host:port (EADDRINUSE), with what to do about it. */
async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new CrossingsError(messages.portInUse(host, port)) : err),
    );
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

import { loadConfig } from './config.js';
import { CrossingsError } from './messages.js';
import { startServer } from './api/server.js';

// `npm start`: the embedded default on data/crossings.duckdb (CROSSINGS_DB, HOST and PORT override).
try {
  const running = await startServer(loadConfig());
  console.log(`crossings is serving on ${running.url}`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(err instanceof CrossingsError ? err.message : err);
  process.exit(2);
}

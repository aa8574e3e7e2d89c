/**
 * Forecast fitting in a worker thread, so that a server stays responsive while it refits every
 * series (about 2 s for the HK file): the main thread loads the series and stores the run, the
 * worker only computes (fitAll is pure). tsx cannot start a TypeScript worker on Node 20 by itself,
 * so the worker starts from workerBoot.mjs, which imports this file through tsx's API.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fitAll, type FitInput, type FitJob } from './fitting.js';
import type { ForecastRow } from './rows.js';

const BOOT = new URL('./workerBoot.mjs', import.meta.url);

/** A FitJob that runs fitAll in a new worker thread and resolves with its rows. */
export const fitInWorker: FitJob = (input) =>
  new Promise<ForecastRow[]>((resolve, reject) => {
    const worker = new Worker(BOOT, { workerData: { module: import.meta.url, input } });
    worker.once('message', (rows: ForecastRow[]) => {
      resolve(rows);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the forecast worker stopped with exit code ${code}`));
    });
  });

// In the worker: fit what the main thread sent and send the rows back.
if (!isMainThread && parentPort && (workerData as { input?: FitInput } | null)?.input) {
  parentPort.postMessage(fitAll((workerData as { input: FitInput }).input));
}

// Starts a TypeScript worker (see worker.ts): Node 20 cannot load .ts files in a worker by itself.
import { workerData } from 'node:worker_threads';

const { tsImport } = await import('tsx/esm/api');
await tsImport(workerData.module, import.meta.url);

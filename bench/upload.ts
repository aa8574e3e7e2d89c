/**
 * npx tsx bench/upload.ts: server memory and /healthz latency while a large upload streams in.
 * Sends 500 MB (refused after saving: not a crossings file) and 600 MB (past the 512 MB limit: 413).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/api/server.js';
import { loadConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-upload-'));
mkdirSync(join(dir, 'empty'));
const server = await startServer(loadConfig({ CROSSINGS_DB: join(dir, 'u.duckdb'), HOST: '127.0.0.1', PORT: '0', CROSSINGS_SAMPLE_DIR: join(dir, 'empty'), LOG_LEVEL: 'silent' }));

async function upload(megabytes: number): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  let peakRss = process.memoryUsage().rss;
  let slowest = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const t = performance.now();
      await fetch(`${server.url}/healthz`);
      slowest = Math.max(slowest, performance.now() - t);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const before = process.memoryUsage().rss;
  const status = await new Promise<number>((resolve) => {
    const req = request(`${server.url}/api/ingest?format=hk-immd&filename=big.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => undefined);
    let sent = 0;
    const pump = () => {
      while (sent < megabytes) {
        sent += 1;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  sampling = false;
  await sampler;
  console.log(`${megabytes} MB upload: status ${status}, server RSS ${(before / 2 ** 20).toFixed(0)} → peak ${(peakRss / 2 ** 20).toFixed(0)} MB, slowest /healthz ${slowest.toFixed(0)} ms`);
}

await upload(500);
await upload(600);
await server.close();

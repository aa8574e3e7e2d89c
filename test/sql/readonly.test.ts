/**
 * Read-only commands never write the file, and reach the server when it holds the file: `crossings sql`
 * on a closed file leaves its bytes as they were; with `crossings serve` running, the same command finds the
 * server from the note beside the database and gets its answer through the API.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { serverFilePath } from '../../src/store/serverFile.js';
import { HK_SAMPLE, tempDir } from '../helpers/files.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = tempDir();
const KEY = 'readonly-test-key';

const crossings = (args: string[]) =>
  spawnSync('node', [join(ROOT, 'bin/crossings.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CROSSINGS_API_KEY: KEY } });

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('read-only commands', () => {
  it('crossings sql leaves the database file byte-identical', async () => {
    const path = join(dir, 'ro.duckdb');
    const db = await openDatabase(path);
    await prepareDatabase(db);
    await ingestFile(db, HK_SAMPLE, { format: 'hk-immd' });
    await closeDatabase(db);
    const before = sha(path);
    const r = crossings(['sql', `select count(*)::int as n from daily_crossings where port_id = 'hk-lo-wu'`, '--db', path, '--format', 'csv']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^n\n\d+\n$/);
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}.wal`)).toBe(false);
  });

  it('with the server holding the file, crossings sql answers through the server, and the note goes at stop', async () => {
    const path = join(dir, 'served.duckdb');
    const child = spawn('node', [join(ROOT, 'bin/crossings.js'), 'serve', '--db', path, '--host', '127.0.0.1', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, CROSSINGS_API_KEYS: `${KEY}:admin`, LOG_LEVEL: 'info' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let log = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        log += String(chunk);
        if (/Server listening at/.test(log)) resolve();
      });
      child.on('exit', () => reject(new Error(`serve exited before listening: ${log}`)));
    });
    try {
      // Fastify logs "listening" just before the server writes its note.
      for (let i = 0; i < 50 && !existsSync(serverFilePath(path)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(serverFilePath(path))).toBe(true);
      const r = crossings(['sql', `select count(distinct port_id)::int as ports from daily_crossings`, '--db', path]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^ports\n-+\n\d+\n\(1 row, \d+ ms\)/);
      // A refusal from the server arrives as its message, not a stack trace.
      const refused = crossings(['sql', `copy crossings to '/tmp/x.csv'`, '--db', path]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/COPY/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(existsSync(serverFilePath(path))).toBe(false);
  });
});

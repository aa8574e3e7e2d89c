import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Running } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import { all } from '../../src/store/db.js';
import { CrossingsError, messages } from '../../src/messages.js';
import { HK_SAMPLE, tempDir } from '../helpers/files.js';

const dir = tempDir();
const tmp = join(dir, 'tmp');
let server: Running;
let savedTmp: string | undefined;

/** A config for a server on a free port over its own database, no sample loaded. */
function config(name: string, extra: Record<string, string> = {}) {
  const empty = join(dir, 'no-sample');
  mkdirSync(empty, { recursive: true });
  return loadConfig({ CROSSINGS_DB: join(dir, name), HOST: '127.0.0.1', PORT: '0', CROSSINGS_SAMPLE_DIR: empty, LOG_LEVEL: 'silent', ...extra });
}

const uploads = () => readdirSync(tmp).filter((name) => name.startsWith('crossings-upload-'));

beforeAll(async () => {
  mkdirSync(tmp);
  // os.tmpdir() reads TMPDIR each call: the server's temporary folders land where this test can count them.
  savedTmp = process.env['TMPDIR'];
  process.env['TMPDIR'] = tmp;
  // Left by a "crashed" process: PID 2^22+1 is above Linux's pid_max default, so no process has it.
  mkdirSync(join(tmp, 'crossings-sql-4194305-abc123'));
  mkdirSync(join(tmp, 'crossings-upload-4194305-def456'));
  mkdirSync(join(tmp, `crossings-sql-${process.pid}-live`));
  server = await startServer(config('upload.duckdb', { CROSSINGS_UPLOAD_LIMIT_MB: '1' }));
});
afterAll(async () => {
  await server?.close();
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
});

/** Sends `chunks` as a chunked upload (no content-length), so only the streamed count can stop it. */
function chunkedUpload(chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/api/ingest?format=hk-immd&filename=big.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer 413 and close before the last chunks are written.
    req.on('error', (err) => (String(err).includes('EPIPE') || String(err).includes('ECONNRESET') ? undefined : reject(err)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('a server start', () => {
  it('removes the temporary folders of crossings processes that are gone, and keeps a live one', () => {
    const left = readdirSync(tmp);
    expect(left).not.toContain('crossings-sql-4194305-abc123');
    expect(left).not.toContain('crossings-upload-4194305-def456');
    expect(left).toContain(`crossings-sql-${process.pid}-live`);
  });

  it('says at once that its port is taken, before any loading or fitting', async () => {
    const port = Number(new URL(server.url).port);
    const started = Date.now();
    const err = await startServer(config('second.duckdb', { PORT: String(port) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrossingsError);
    expect((err as Error).message).toBe(messages.portInUse('127.0.0.1', port));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readdirSync(dir)).not.toContain('second.duckdb');
  });
});

describe('POST /api/ingest streams the upload to disk', () => {
  it('loads a file under the limit, sent in chunks, and leaves no upload folder behind', async () => {
    const file = readFileSync(HK_SAMPLE);
    const part = file.subarray(0, 200_000);
    const cut = part.lastIndexOf('\n') + 1;
    const res = await chunkedUpload([part.subarray(0, 1000), part.subarray(1000, cut)]);
    expect(res.status, res.body).toBe(200);
    const rows = await all(server.app.readDb, `select count(*)::int as n from crossings`);
    expect(rows[0]!['n']).toBeGreaterThan(0);
    expect(uploads()).toEqual([]);
  });

  it('refuses a chunked upload past the limit with 413 and a message, loading nothing', async () => {
    const before = await all(server.app.readDb, `select count(*)::int as n from crossings`);
    const chunk = Buffer.from('2025-01-01,Lo Wu Control Point,Arrival,1,2,3,6\n'.repeat(10_000));
    const res = await chunkedUpload(Array.from({ length: 6 }, () => chunk));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).message).toBe(messages.uploadTooLarge(1024 * 1024));
    expect(await all(server.app.readDb, `select count(*)::int as n from crossings`)).toEqual(before);
    expect(uploads()).toEqual([]);
  });

  it('refuses a declared length past the limit before reading the body', async () => {
    const res = await server.app.inject({
      method: 'POST', url: '/api/ingest?format=hk-immd&filename=big.csv',
      headers: { 'content-type': 'text/csv', 'content-length': String(2 * 1024 * 1024) }, payload: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe(messages.uploadTooLarge(1024 * 1024));
  });
});

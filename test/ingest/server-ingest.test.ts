import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Running } from '../../src/api/server.js';
import { main } from '../../src/cli/index.js';
import { loadConfig } from '../../src/config.js';
import { all } from '../../src/store/db.js';
import { messages } from '../../src/messages.js';
import { HK_SAMPLE, hkLines, tempDir, writeHk } from '../helpers/files.js';

const dir = tempDir();
let server: Running;

beforeAll(async () => {
  const empty = join(dir, 'no-sample');
  mkdirSync(empty);
  server = await startServer(
    loadConfig({
      CROSSINGS_DB: join(dir, 'served.duckdb'),
      HOST: '127.0.0.1',
      PORT: '0',
      CROSSINGS_SAMPLE_DIR: empty,
      CROSSINGS_API_KEYS: 'adm-key:admin,plan-key:planner',
      LOG_LEVEL: 'silent',
    }),
  );
});
afterAll(async () => server?.close());

/** Runs `crossings ingest --server` with the given key in the environment. */
async function ingestVia(key: string | undefined, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.env['CROSSINGS_API_KEY'];
  if (key === undefined) delete process.env['CROSSINGS_API_KEY'];
  else process.env['CROSSINGS_API_KEY'] = key;
  try {
    const code = await main(['node', 'crossings', 'ingest', '--server', server.url, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    if (before === undefined) delete process.env['CROSSINGS_API_KEY'];
    else process.env['CROSSINGS_API_KEY'] = before;
  }
}

describe('ingest through a running server (the server owns the database file)', () => {
  it('loads a file sent by crossings ingest --server with an admin key, with the same summary as the CLI', async () => {
    const r = await ingestVia('adm-key', '--format', 'hk-immd', HK_SAMPLE);
    expect(r.code).toBe(0);
    expect(r.out).toContain('read 20892 rows, rejected 0; counts new 83568, unchanged 0, revised 0');
    const rows = await all(server.app.readDb, `select count(*)::int as n from crossings where category = 'total'`);
    expect(rows).toEqual([{ n: 20892 }]);
  });

  it('reports rejected rows with their lines and exits 1', async () => {
    const { header, rows } = hkLines(3);
    const file = writeHk(dir, 'bad.csv', header, [rows[0]!, rows[1]!.replace(',Departure,', ',Out,')]);
    const r = await ingestVia('adm-key', '--format', 'hk-immd', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`line 3: ${messages.badDirection('Out')}`);
  });

  it('refuses without the admin role', async () => {
    const planner = await ingestVia('plan-key', '--format', 'hk-immd', HK_SAMPLE);
    expect(planner.code).toBe(2);
    expect(planner.err).toContain('admin role');
    const none = await ingestVia(undefined, '--format', 'hk-immd', HK_SAMPLE);
    expect(none.code).toBe(2);
    expect(none.err).toContain('API key');
  });
});

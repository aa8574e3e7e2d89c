import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { main } from '../../src/cli/index.js';
import { loadConfig, type Role } from '../../src/config.js';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { messages } from '../../src/messages.js';
import { HK_SAMPLE, hkLines, tempDir, writeHk } from '../helpers/files.js';

const dir = tempDir();
const { header, rows } = hkLines(400);

/** An HK line with its four counts multiplied by `k` (categories still add up to the total). */
const scaled = (line: string, k: number) => line.split(',').map((f, j) => (j >= 3 && j <= 6 ? String(Number(f) * k) : f)).join(',');
/** An HK line moved one year back (dates the sample does not hold: new counts). */
const yearBack = (line: string) => line.replace(/^(\d\d-\d\d)-2024,/, '$1-2023,');

// A bad file: 120 real rows with doubled counts (revisions) and 200 real rows a year early (new counts).
const badFile = writeHk(dir, 'bad.csv', header, [...rows.slice(0, 120).map((r) => scaled(r, 2)), ...rows.slice(200, 400).map(yearBack)]);
const laterFile = writeHk(dir, 'later.csv', header, rows.slice(100, 110).map((r) => scaled(r, 3)));

async function cli(db: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'crossings', ...args, '--db', db], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every table of the database as sorted rows, by table name: a row-for-row picture of its state. */
async function dump(path: string): Promise<Record<string, unknown[]>> {
  const db = await openDatabase(path);
  try {
    const tables = await all(db, `select table_name from duckdb_tables() where database_name = current_database() and not temporary order by 1`);
    const out: Record<string, unknown[]> = {};
    for (const t of tables) {
      const name = String(t['table_name']);
      out[name] = (await all(db, `select * from "${name}" order by all`)).map((r) => JSON.stringify(r));
    }
    return out;
  } finally {
    await closeDatabase(db);
  }
}

/** The dump without the undone run's own row in ingest_runs (kept as history, marked undone). */
function withoutRun(d: Record<string, unknown[]>, runId: number): Record<string, unknown[]> {
  return { ...d, ingest_runs: d['ingest_runs']!.filter((r) => JSON.parse(String(r)).run_id !== runId) };
}

describe('crossings runs list / undo', () => {
  it('undo of a bad load that revised and added counts gives back the database as it was, row for row', async () => {
    const db = join(dir, 'undo.duckdb');
    expect((await cli(db, 'ingest', '--format', 'hk-immd', HK_SAMPLE)).code).toBe(0);
    const before = await dump(db);
    expect(before['crossings']!.length).toBe(83568);

    const bad = await cli(db, 'ingest', '--format', 'hk-immd', badFile);
    expect(bad.out).toContain('counts new 800, unchanged 95, revised 385 (run 2)');
    const afterBad = await dump(db);
    expect(afterBad['crossings']).not.toEqual(before['crossings']);
    expect(afterBad['crossing_revisions']!.length).toBe(385);

    const list = await cli(db, 'runs', 'list');
    const lines = list.out.split('\n');
    expect(lines[0]).toMatch(/^2\tloaded\t.*\tnew 800, revised 385, unchanged 95, rejected 0\t.*bad\.csv$/);
    expect(lines[1]).toMatch(/^1\tloaded\t.*\tnew 83568, revised 0, unchanged 0, rejected 0\t/);

    const undo = await cli(db, 'runs', 'undo', '2');
    expect(undo).toMatchObject({ code: 0, out: messages.runUndone(2, 800, 385) });
    const after = await dump(db);
    expect(withoutRun(after, 2)).toEqual(withoutRun(before, 2));
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect((await cli(db, 'runs', 'list')).out.split('\n')[0]).toMatch(/^2\tundone\t.*\(undone .*\)\tnew 800/);

    // Undone once is enough; an unknown run is named.
    expect(await cli(db, 'runs', 'undo', '2')).toMatchObject({ code: 2, err: messages.runNotUndoable(2, 'undone') });
    expect(await cli(db, 'runs', 'undo', '9')).toMatchObject({ code: 2, err: messages.unknownIngestRun(9) });
  });

  it('refuses to undo a run whose counts a later run revised, and undoes both latest first', async () => {
    const db = join(dir, 'later.duckdb');
    await cli(db, 'ingest', '--format', 'hk-immd', HK_SAMPLE);
    const base = await dump(db);
    await cli(db, 'ingest', '--format', 'hk-immd', badFile); // run 2
    const afterBad = await dump(db);
    expect((await cli(db, 'ingest', '--format', 'hk-immd', laterFile)).out).toContain('revised 32 (run 3)');
    const afterLater = await dump(db);

    const refused = await cli(db, 'runs', 'undo', '2');
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(messages.runRevisedLater(2, [3], 32, 'hk-heung-yuen-wai 2024-01-04 arrival hk_residents'));
    expect(await dump(db)).toEqual(afterLater); // nothing changed

    expect((await cli(db, 'runs', 'undo', '3')).out).toBe(messages.runUndone(3, 0, 32));
    expect(withoutRun(await dump(db), 3)).toEqual(withoutRun(afterBad, 3));
    expect((await cli(db, 'runs', 'undo', '2')).code).toBe(0);
    expect(withoutRun(withoutRun(await dump(db), 2), 3)).toEqual(withoutRun(withoutRun(base, 2), 3));
  });
});

describe('the admin API: GET /api/ingest-runs, POST /api/ingest-runs/:id/undo', () => {
  const keys: Record<string, Role> = { 'adm-key': 'admin', 'plan-key': 'planner' };
  let app: FastifyInstance;
  let db: Database;
  const path = join(dir, 'api.duckdb');

  beforeAll(async () => {
    await cli(path, 'ingest', '--format', 'hk-immd', HK_SAMPLE);
    await cli(path, 'ingest', '--format', 'hk-immd', badFile);
    db = await openDatabase(path);
    const readDb: Database = { ...db, conn: await db.instance.connect() };
    app = await buildApp({ readDb, writeDb: db, config: { ...loadConfig({}), db: path, apiKeys: new Map(Object.entries(keys)) } });
  });
  afterAll(async () => {
    await app?.close();
    if (db) await closeDatabase(db);
  });

  const get = (key: string) => app.inject({ method: 'GET', url: '/api/ingest-runs', headers: { 'x-api-key': key } });
  const undo = (key: string, id: string) => app.inject({ method: 'POST', url: `/api/ingest-runs/${id}/undo`, headers: { 'x-api-key': key } });

  it('lists the runs for an admin only', async () => {
    expect((await get('plan-key')).statusCode).toBe(403);
    const res = await get('adm-key');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject([
      { run_id: 2, status: 'loaded', counts_new: 800, counts_revised: 385, counts_unchanged: 95, rows_rejected: 0 },
      { run_id: 1, status: 'loaded', counts_new: 83568, counts_revised: 0 },
    ]);
  });

  it('undoes a run (admin), then answers 409 for it and 404 for an unknown run', async () => {
    expect((await undo('plan-key', '2')).statusCode).toBe(403);
    const res = await undo('adm-key', '2');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ runId: 2, deleted: 800, restored: 385, message: messages.runUndone(2, 800, 385) });
    const n = await all(db, `select count(*)::int as n, count(*) filter (where ingest_run_id = 2)::int as bad from crossings`);
    expect(n).toEqual([{ n: 83568, bad: 0 }]);
    expect((await undo('adm-key', '2')).json()).toMatchObject({ statusCode: 409, message: messages.runNotUndoable(2, 'undone') });
    expect((await undo('adm-key', '77')).statusCode).toBe(404);
    expect((await undo('adm-key', 'x')).statusCode).toBe(400);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/ingest-runs']?.['get']).toBeDefined();
    expect(doc.paths['/api/ingest-runs/{id}/undo']?.['post']).toBeDefined();
  });
});

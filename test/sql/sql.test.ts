/**
 * The analysts' SQL workbench against a real DuckDB file (the sample data ingested, one forecast and one
 * backtest run): the attack suite, limits, formats read back, roles, saved queries, the schema and the CLI.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { Command } from 'commander';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import queriesRoutes from '../../src/api/routes/queries.js';
import sqlRoutes from '../../src/api/routes/sql.js';
import { all, closeDatabase, openDatabase, run, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { CrossingsError } from '../../src/messages.js';
import { registerSqlCommands } from '../../src/cli/sql.js';
import { sqlMessages } from '../../src/messages.js';
import { ANALYST_VIEWS } from '../../src/sql/views.js';
import { as, errorBody, openTestApp, type TestApp } from '../api/fixture.js';
import { HK_SAMPLE, tempDir } from '../helpers/files.js';

const dir = tempDir();
let app: FastifyInstance;
let db: Database;
let dbPath: string;
let t: TestApp | undefined;

beforeAll(async () => {
  t = await openTestApp();
  app = t.app;
  db = t.db;
  dbPath = t.path;
  // The lead registers the plugins in src/api/app.ts; until then the test does.
  if (!app.hasRoute({ method: 'POST', url: '/api/sql' })) {
    await app.register(sqlRoutes, { prefix: '/api' });
    await app.register(queriesRoutes, { prefix: '/api' });
  }
  await app.ready();
});
afterAll(() => t?.close());

interface JsonResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
}

const sql = (body: Record<string, unknown>, role: 'analyst' | 'planner' | 'admin' = 'analyst') =>
  app.inject({ method: 'POST', url: '/api/sql', headers: as(role), payload: body });

/** Rows of every table, hashed, and the file's bytes after a checkpoint. */
async function fingerprint(): Promise<{ tables: Record<string, unknown>; file: string }> {
  const tables: Record<string, unknown> = {};
  const names = await all(db, `select table_name from duckdb_tables() where database_name = current_database() order by 1`);
  for (const r of names) {
    const t = String(r['table_name']);
    const [row] = await all(db, `select count(*)::bigint as n, coalesce(sum(hash(x::varchar)), 0)::varchar as h from "${t}" x`);
    tables[t] = row;
  }
  return { tables, file: createHash('sha256').update(readFileSync(dbPath)).digest('hex') };
}

const RUNAWAY_MS = 1500;

/** Each attack: the query, and what must come back (a refusal message, a time or memory limit, or a cut). */
const ATTACKS: [string, string, 'refused' | 'failed' | 'limit' | 'cut' | 'syntax'][] = [
  ['read_csv /etc/passwd', `select * from read_csv('/etc/passwd')`, 'refused'],
  ['read_csv_auto', `select * from read_csv_auto('/etc/passwd')`, 'refused'],
  ['read_text', `select * from read_text('/etc/passwd')`, 'refused'],
  ['read_blob', `select * from read_blob('/etc/shadow')`, 'refused'],
  ['glob', `select * from glob('/etc/*')`, 'refused'],
  ['bare file name', `select * from '/etc/passwd'`, 'failed'],
  ['read_parquet', `select * from read_parquet('/tmp/x.parquet')`, 'refused'],
  ['read_json', `select * from read_json('/etc/hosts')`, 'refused'],
  ['parquet_metadata', `select * from parquet_metadata('/tmp/x.parquet')`, 'refused'],
  ['COPY TO', `copy crossings to '/tmp/crossings-leak.csv'`, 'refused'],
  ['COPY FROM', `copy crossings from '/etc/passwd'`, 'refused'],
  ['EXPORT DATABASE', `export database '/tmp/crossings-export'`, 'refused'],
  ['ATTACH', `attach '/tmp/other.duckdb' as other`, 'refused'],
  ['DETACH', `detach memory`, 'refused'],
  ['INSTALL', `install httpfs`, 'refused'],
  ['LOAD', `load httpfs`, 'refused'],
  ['SET', `set enable_external_access = true`, 'refused'],
  ['RESET', `reset memory_limit`, 'refused'],
  ['PRAGMA', `pragma enable_profiling`, 'refused'],
  ['CALL', `call pragma_version()`, 'refused'],
  ['DROP', `drop table crossings`, 'refused'],
  ['DELETE', `delete from crossings`, 'refused'],
  ['INSERT', `insert into ports (port_id, name) values ('x', 'x')`, 'refused'],
  ['UPDATE', `update crossings set count = 0`, 'refused'],
  ['CREATE', `create table leak as select * from crossings`, 'refused'],
  ['CREATE TEMP', `create temp table t as select * from crossings`, 'refused'],
  ['CREATE MACRO', `create macro m(x) as x`, 'refused'],
  ['ALTER', `alter table crossings rename to c2`, 'refused'],
  ['CHECKPOINT', `checkpoint`, 'refused'],
  ['USE', `use memory`, 'refused'],
  ['WITH ... DELETE', `with x as (select 1) delete from crossings`, 'refused'],
  ['EXPLAIN ANALYZE a write', `explain analyze delete from crossings`, 'refused'],
  ['two statements', `select 1; drop table crossings`, 'refused'],
  ['hidden second statement', `select 1 /* ; */; select 2`, 'refused'],
  ['query() table function', `select * from query('drop table crossings')`, 'failed'],
  ['never-ending recursive CTE', `with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r`, 'limit'],
  ['exploding cross join (aggregate)', `select count(*) from crossings a, crossings b, crossings c`, 'limit'],
  ['exploding cross join (rows)', `select a.*, b.* from crossings a, crossings b`, 'cut'],
  ['huge string_agg', `select length(string_agg(repeat('x', 1000), ',')) from range(100000000)`, 'limit'],
  ['syntax error', `select * form crossings`, 'syntax'],
];

describe('the attack suite', () => {
  let before: Awaited<ReturnType<typeof fingerprint>>;
  beforeAll(async () => {
    await run(db, 'checkpoint');
    before = await fingerprint();
  });

  it.each(ATTACKS)('%s is refused or cut off with a clear message', async (_name, query, expected) => {
    const res = await sql({ sql: query, timeout_ms: RUNAWAY_MS, max_rows: 1000 });
    if (expected === 'cut') {
      expect(res.statusCode).toBe(200);
      const body = res.json<JsonResult>();
      expect(body.truncated).toBe(true);
      expect(body.row_count).toBe(1000);
      expect(res.headers['x-truncated']).toBe('true');
      return;
    }
    const err = errorBody(res.payload);
    if (expected === 'syntax') {
      expect(err.statusCode).toBe(400);
      expect(err.message).toBe(sqlMessages.syntaxError('syntax error at or near "crossings"', 1, 15));
    } else if (expected === 'failed') {
      // Never reaches a file or a write: DuckDB refuses it while binding, and its message is passed on.
      expect(err.statusCode).toBe(400);
      expect(err.message).toMatch(/^The query failed: (Catalog|Parser) Error/);
    } else if (expected === 'limit') {
      expect(err.statusCode).toBe(422);
      expect([sqlMessages.timedOut(RUNAWAY_MS / 1000), sqlMessages.outOfMemory('512MB')]).toContain(err.message);
    } else {
      expect(err.statusCode).toBe(422);
      expect(err.message).toMatch(/refused|never allows|one statement per request/);
    }
  });

  it('the data is byte-for-byte unchanged afterwards', async () => {
    const after = await fingerprint();
    expect(after.tables).toEqual(before.tables);
    expect(after.file).toBe(before.file);
    expect(Object.keys(after.tables)).toContain('crossings');
  });

  it('names the statement it refuses and why', async () => {
    expect(errorBody((await sql({ sql: 'drop table crossings' })).payload).message).toBe(sqlMessages.statementRefused('DROP'));
    expect(errorBody((await sql({ sql: 'select 1; select 2' })).payload).message).toBe(sqlMessages.tooManyStatements(2));
    expect(errorBody((await sql({ sql: '  -- nothing\n ;' })).payload).message).toBe(sqlMessages.emptyQuery());
    const insert = await sql({ sql: 'with a as (select * from ports limit 1) insert into ports select * from a' });
    expect(errorBody(insert.payload).message).toBe(sqlMessages.statementRefused('INSERT'));
  });

  it("shows no server folder: duckdb_databases() and settings name the snapshot file only", async () => {
    const res = await sql({ sql: "select path from duckdb_databases() where path is not null union all select value from duckdb_settings() where name = 'allowed_paths'" });
    expect(res.statusCode, res.payload).toBe(200);
    expect(res.payload).not.toMatch(/\/tmp|crossings-sql-/);
  });

  it('a PIVOT without its values is told to list them, and runs when they are listed', async () => {
    const bare = await sql({ sql: 'pivot (select port_id, direction, count from crossings) on direction using sum(count)' });
    expect(errorBody(bare.payload).message).toBe(sqlMessages.pivotNeedsValues());
    const listed = await sql({ sql: "pivot (select port_id, direction, count from crossings) on direction in ('arrival', 'departure') using sum(count)" });
    expect(listed.statusCode, listed.payload).toBe(200);
  });

  it('stays responsive while a runaway query runs', async () => {
    const t0 = performance.now();
    const runaway = sql({ sql: ATTACKS.find((a) => a[0] === 'never-ending recursive CTE')![1], timeout_ms: 3000 });
    let runawayDone = false;
    void runaway.then(() => (runawayDone = true));
    await new Promise((r) => setTimeout(r, 300));
    const ports = await app.inject({ method: 'GET', url: '/api/ports', headers: as('planner') });
    const small = await sql({ sql: `select count(*)::int as n from ports` });
    expect(ports.statusCode).toBe(200);
    expect(small.statusCode).toBe(200);
    // Answered while the runaway still runs (it cannot end before its 3 s limit), however loaded the machine is.
    expect(runawayDone).toBe(false);
    const slow = await runaway;
    expect(errorBody(slow.payload).message).toBe(sqlMessages.timedOut(3));
    expect(performance.now() - t0).toBeGreaterThan(2900);
  });
});

describe('results', () => {
  const QUERY = `select port_id, date, direction, count, count::double / 7 as per_weekday, count::hugeint as big, port
                   from daily_crossings where port_id = 'hk-lo-wu' and category = 'total' order by date, direction limit 400`;
  let json: JsonResult;
  beforeAll(async () => {
    json = (await sql({ sql: QUERY })).json<JsonResult>();
  });
  const jsonObjects = () => json.rows.map((r) => Object.fromEntries(json.columns.map((c, i) => [c.name, r[i]])));

  it('JSON has numbers as numbers, dates as ISO days and column types', () => {
    expect(json.row_count).toBe(400);
    expect(json.truncated).toBe(false);
    expect(json.columns.map((c) => c.type)).toEqual(['VARCHAR', 'DATE', 'VARCHAR', 'BIGINT', 'DOUBLE', 'HUGEINT', 'VARCHAR']);
    expect(json.rows[0]).toEqual(['hk-lo-wu', '2024-01-01', 'arrival', expect.any(Number), expect.any(Number), expect.any(Number), 'Lo Wu']);
  });

  it('64-bit integers stay exact: numbers when safe, strings otherwise', async () => {
    const body = (await sql({ sql: `select 9007199254740993::bigint as big, 42::bigint as small, 170141183460469231731687303715884105727::hugeint as huge` })).json<JsonResult>();
    expect(body.rows[0]).toEqual(['9007199254740993', 42, '170141183460469231731687303715884105727']);
  });

  it('the row limit cuts and says so', async () => {
    const body = (await sql({ sql: 'select * from crossings', max_rows: 10 })).json<JsonResult>();
    expect(body.row_count).toBe(10);
    expect(body.truncated).toBe(true);
  });

  it('Arrow IPC read back with apache-arrow equals the JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sql?format=arrow', headers: as('analyst'), payload: { sql: QUERY } });
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(400);
    const rows = table.toArray().map((r) => {
      const o = r.toJSON() as Record<string, unknown>;
      return { ...o, date: new Date(Number(o['date'])).toISOString().slice(0, 10), count: Number(o['count']), big: Number(o['big']) };
    });
    expect(rows).toEqual(jsonObjects());
  });

  it('Parquet read back with DuckDB equals the JSON', async () => {
    const res = await sql({ sql: QUERY, format: 'parquet' });
    expect(res.statusCode).toBe(200);
    const file = join(dir, 'result.parquet');
    writeFileSync(file, res.rawPayload);
    const reader = await openDatabase(':memory:', { createSchema: false });
    try {
      const rows = await all(reader, `select * from read_parquet('${file}')`);
      expect(rows).toEqual(jsonObjects());
    } finally {
      await closeDatabase(reader);
    }
  });

  it('CSV has a header and the same rows', async () => {
    const res = await sql({ sql: QUERY, format: 'csv' });
    const lines = res.payload.trimEnd().split('\n');
    expect(lines[0]).toBe('port_id,date,direction,count,per_weekday,big,port');
    expect(lines.length).toBe(401);
    expect(lines[1]).toBe(json.rows[0]!.join(','));
  });

  it('binds parameters safely', async () => {
    const body = (await sql({ sql: 'select count(*)::int as n from daily_crossings where port_id = $port and date >= $from', params: { port: 'hk-lo-wu', from: '2025-01-01' } })).json<JsonResult>();
    expect(Number(body.rows[0]![0])).toBeGreaterThan(0);
    const evil = (await sql({ sql: 'select count(*)::int as n from daily_crossings where port_id = $port', params: { port: "x' or '1'='1" } })).json<JsonResult>();
    expect(evil.rows[0]![0]).toBe(0);
  });
});

describe('roles, schema and saved queries', () => {
  it('analyst and admin may run SQL; planner gets 403, no key 401', async () => {
    expect((await sql({ sql: 'select 1 as one' })).statusCode).toBe(200);
    expect((await sql({ sql: 'select 1 as one' }, 'admin')).statusCode).toBe(200);
    expect((await sql({ sql: 'select 1 as one' }, 'planner')).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'select 1' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/queries', headers: as('planner') })).statusCode).toBe(403);
  });

  it('GET /api/sql/schema documents every analyst view and column', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/sql/schema', headers: as('analyst') });
    const { relations } = res.json<{ relations: { name: string; kind: string; description: string; columns: { name: string; description: string }[] }[] }>();
    for (const view of ANALYST_VIEWS) {
      const rel = relations.find((r) => r.name === view.name);
      expect(rel?.kind).toBe('view');
      expect(rel?.columns.map((c) => c.name)).toEqual(Object.keys(view.columns));
      expect(rel?.columns.every((c) => c.description.length > 0)).toBe(true);
    }
    expect(relations.find((r) => r.name === 'calendar')?.description).toMatch(/holidays/);
  });

  it('the views answer on the sample database', async () => {
    for (const view of ['daily_crossings', 'latest_forecasts', 'forecast_accuracy', 'peaks', 'calendar']) {
      const body = (await sql({ sql: `select count(*)::int from ${view}` })).json<JsonResult>();
      expect(Number(body.rows[0]![0]), view).toBeGreaterThan(0);
    }
  });

  it('saves, lists and reruns a parameterised query', async () => {
    const save = await app.inject({
      method: 'POST', url: '/api/queries', headers: as('analyst'),
      payload: {
        name: 'departures-since', description: 'Daily departures of a port since a day',
        sql: `select date, count from daily_crossings where port_id = $port and date >= $from and direction = 'departure' and category = 'total' order by date`,
        params: [{ name: 'port', description: 'Port id' }, { name: 'from', default: '2025-12-01' }],
      },
    });
    expect(save.statusCode).toBe(201);
    const list = (await app.inject({ method: 'GET', url: '/api/queries', headers: as('analyst') })).json<{ queries: { name: string }[] }>();
    expect(list.queries.map((q) => q.name)).toContain('departures-since');

    const viaGet = (await app.inject({ method: 'GET', url: '/api/queries/departures-since/run?port=hk-shenzhen-bay&from=2025-12-25', headers: as('analyst') })).json<JsonResult>();
    expect(viaGet.row_count).toBeGreaterThan(0);
    expect(viaGet.rows.every((r) => String(r[0]) >= '2025-12-25')).toBe(true);
    const viaPost = await app.inject({ method: 'POST', url: '/api/queries/departures-since/run', headers: as('analyst'), payload: { params: { port: 'hk-shenzhen-bay' }, format: 'csv' } });
    expect(viaPost.payload.split('\n')[1]).toMatch(/^2025-12-01,\d+$/);

    const missing = await app.inject({ method: 'GET', url: '/api/queries/departures-since/run', headers: as('analyst') });
    expect(errorBody(missing.payload).message).toBe(sqlMessages.missingParameter('port'));
    const unknown = await app.inject({ method: 'GET', url: '/api/queries/nope/run', headers: as('analyst') });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses to save a writing query or one with undeclared parameters', async () => {
    const write = await app.inject({ method: 'POST', url: '/api/queries', headers: as('analyst'), payload: { name: 'wipe', sql: 'delete from crossings' } });
    expect(errorBody(write.payload).message).toBe(sqlMessages.statementRefused('DELETE'));
    const undeclared = await app.inject({ method: 'POST', url: '/api/queries', headers: as('analyst'), payload: { name: 'x', sql: 'select * from ports where port_id = $port' } });
    expect(errorBody(undeclared.payload).message).toBe(sqlMessages.undeclaredParameter('port', []));
  });

  it('sees data written after the first query (a new snapshot)', async () => {
    const count = async () => Number((await sql({ sql: `select count(*)::int from calendar where name = 'SQL test day'` })).json<JsonResult>().rows[0]![0]);
    expect(await count()).toBe(0);
    await app.writeJob((w) => run(w, `insert into calendar values ('2030-01-01', 'HK', 'SQL test day', 'event', 'test')`));
    expect(await count()).toBe(1);
  });
});

describe('crossings sql', () => {
  let cliDb: string;
  beforeAll(async () => {
    cliDb = join(dir, 'cli.duckdb');
    const w = await openDatabase(cliDb);
    await prepareDatabase(w);
    await ingestFile(w, HK_SAMPLE, { format: 'hk-immd' });
    await closeDatabase(w);
  });

  async function cli(...args: string[]): Promise<{ out: string; error?: CrossingsError }> {
    const out: string[] = [];
    const program = new Command('crossings').exitOverride();
    registerSqlCommands(program, (t) => out.push(t));
    try {
      await program.parseAsync(['node', 'crossings', 'sql', ...args]);
      return { out: out.join('\n') };
    } catch (err) {
      if (err instanceof CrossingsError) return { out: out.join('\n'), error: err };
      throw err;
    }
  }

  it('prints a table, CSV and JSON', async () => {
    const q = `select port_id, count(*)::int as days from daily_crossings where category = 'total' and direction = 'arrival' group by all order by 1 limit 2`;
    expect((await cli(q, '--db', cliDb)).out).toMatch(/^port_id\s+days\n-+\s+-+\nhk-airport\s+731/);
    expect((await cli(q, '--db', cliDb, '--format', 'csv')).out).toBe('port_id,days\nhk-airport,731\nhk-china-ferry-terminal,731');
    expect(JSON.parse((await cli(q, '--db', cliDb, '--format', 'json')).out).rows).toEqual([['hk-airport', 731], ['hk-china-ferry-terminal', 731]]);
  });

  it('writes Arrow and Parquet files', async () => {
    const arrow = join(dir, 'ports.arrows');
    await cli('select * from ports order by port_id', '--db', cliDb, '--format', 'arrow', '--out', arrow);
    expect(tableFromIPC(readFileSync(arrow)).numRows).toBeGreaterThan(10);
    const parquet = join(dir, 'ports.parquet');
    await cli('select * from ports order by port_id', '--db', cliDb, '--format', 'parquet', '--out', parquet);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    expect((await conn.runAndReadAll(`select count(*)::int from read_parquet('${parquet}')`)).getRows()[0]![0]).toBeGreaterThan(10);
    conn.closeSync();
    instance.closeSync();
  });

  it('a result past 64 MB on stdout is refused with the limit and how to narrow it; to a file it is written', async () => {
    const big = `select repeat('x', 1000000) as x from range(70)`;
    const { error } = await cli(big, '--db', cliDb, '--format', 'csv');
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toBe(sqlMessages.resultRefusedTooLarge(64 * 1024 * 1024));
    const file = join(dir, 'big.csv');
    expect((await cli(big, '--db', cliDb, '--format', 'csv', '--out', file)).error).toBeUndefined();
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(70_000_000);
  });

  it('a refused query fails with exit code 2 and the reason', async () => {
    const { error } = await cli(`copy crossings to '/tmp/leak.csv'`, '--db', cliDb);
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toBe(sqlMessages.statementRefused('COPY'));
  });
});

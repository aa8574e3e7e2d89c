import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { all, closeDatabase, openDatabase } from '../../src/store/db.js';
import { messages, modelMessages } from '../../src/messages.js';
import { templatePath } from '../api/fixture.js';
import { BTS_SAMPLE, HK_SAMPLE, hkLines, tempDir, writeHk, writeRaw } from '../helpers/files.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = tempDir();

/** Runs the CLI in-process and captures what it prints. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'crossings', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('crossings command', () => {
  it('npx crossings --help works from the package bin', async () => {
    const { stdout } = await promisify(execFile)('npx', ['crossings', '--help'], { cwd: ROOT });
    expect(stdout).toContain('Usage: crossings');
    for (const command of ['ingest', 'ports', 'calendar', 'serve']) expect(stdout).toContain(command);
  });

  it('ingest prints a summary, exits 0 on a clean file and reports everything unchanged the second time', async () => {
    const db = join(dir, 'cli.duckdb');
    const first = await cli('ingest', '--db', db, '--format', 'hk-immd', HK_SAMPLE);
    expect(first.code).toBe(0);
    expect(first.out).toContain('read 20892 rows, rejected 0; counts new 83568, unchanged 0, revised 0');
    const second = await cli('ingest', '--db', db, '--format', 'hk-immd', HK_SAMPLE);
    expect(second.out).toContain('counts new 0, unchanged 83568, revised 0');
    const bts = await cli('ingest', '--db', db, '--format', 'us-bts', BTS_SAMPLE);
    expect(bts.code).toBe(0);
  });

  it('a refused file in a list stops the load, and the summary says what was loaded before it', async () => {
    const db = join(dir, 'cli-list.duckdb');
    const { header, rows } = hkLines(8);
    const good = writeHk(dir, 'good.csv', header, rows.slice(0, 4));
    const bad = writeRaw(dir, 'not-hk.csv', 'x,y\n1,2\n');
    const later = writeHk(dir, 'later.csv', header, rows.slice(4, 8));
    const r = await cli('ingest', '--db', db, '--format', 'hk-immd', good, bad, later);
    expect(r.code).toBe(2);
    expect(r.out).toContain('good.csv: read 4 rows');
    expect(r.err).toContain('Loaded before it (kept, one transaction each): good.csv. Not loaded: later.csv');
    const w = await openDatabase(db, { readOnly: true });
    expect(await all(w, 'select count(*)::int as n from crossings')).toEqual([{ n: 16 }]);
    await closeDatabase(w);
  });

  it('exits 1 and lists the rejects when rows were rejected, 2 when a file is refused', async () => {
    const db = join(dir, 'cli-bad.duckdb');
    const { header, rows } = hkLines(3);
    const file = writeHk(dir, 'one-bad.csv', header, [rows[0]!, rows[1]!.replace(',Departure,', ',Sideways,')]);
    const bad = await cli('ingest', '--db', db, '--format', 'hk-immd', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`line 3: ${messages.badDirection('Sideways')}`);
    const refused = await cli('ingest', '--db', db, '--format', 'hk-immd', '--max-rejects', '0', file);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('refused');
    const wrong = await cli('ingest', '--db', db, '--format', 'us-bts', file);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('not a us-bts file: missing column(s)');
    const unknown = await cli('ingest', '--db', db, '--format', 'xlsx', file);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Allowed choices are hk-immd, us-bts, long");
  });

  it('ports alias and calendar import work from the command line', async () => {
    const db = join(dir, 'cli-ports.duckdb');
    const alias = await cli('ports', 'alias', 'Lo Wu Control Point', 'Lo Wu', '--db', db);
    expect(alias.out).toContain('"Lo Wu Control Point" now names hk-lo-wu');
    const missing = await cli('ports', 'alias', 'X', 'Nowhere', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(messages.unknownPortName('Nowhere'));
    const macau = writeRaw(dir, 'macau.csv', 'date,region,name,kind\n2025-12-20,MO,Macao SAR Establishment Day,holiday\n2025-12-21,MO,Macao SAR Establishment Day (eve),event\n');
    const imported = await cli('calendar', 'import', macau, '--db', db);
    expect(imported.out).toContain('2 days for MO');
    await cli('calendar', 'import', macau, '--db', db);
    const badKind = writeRaw(dir, 'bad-kind.csv', 'date,region,name,kind\n2025-12-20,MO,X,party\n');
    expect((await cli('calendar', 'import', badKind, '--db', db)).err).toContain(messages.calendarBadKind(badKind, 2, 'party'));
    const conn = await openDatabase(db);
    expect(await all(conn, `select count(*)::int as n from calendar where region = 'MO'`)).toEqual([{ n: 2 }]);
    const cn = await all(conn, `select kind, name from calendar where region = 'CN' and date = '2025-01-26'`);
    expect(cn).toEqual([{ kind: 'adjusted_workday', name: 'Spring Festival 春节' }]);
    const hk = await all(conn, `select name from calendar where region = 'HK' and date = '2025-01-29'`);
    expect(hk).toEqual([{ name: 'Lunar New Year’s Day' }]);
    // Built-in events: the Canton Fair's in-person sessions, three phases of five days each.
    const fair = `select count(*)::int as n from calendar where kind = 'event' and source = 'crossings-events'`;
    expect(await all(conn, fair)).toEqual([{ n: 150 }]);
    expect(await all(conn, `select name from calendar where kind = 'event' and date = '2025-10-15'`)).toEqual([{ name: 'Canton Fair phase 1 (138th session)' }]);
    expect(await all(conn, `select count(*)::int as n from calendar where kind = 'event' and year(date) between 2020 and 2022`)).toEqual([{ n: 0 }]);
    await closeDatabase(conn);
    await cli('calendar', 'seed', '--db', db);
    const again = await openDatabase(db);
    expect(await all(again, fair)).toEqual([{ n: 150 }]);
    expect(await all(again, `select count(*)::int as n from calendar where region = 'MO'`)).toEqual([{ n: 2 }]);
    await closeDatabase(again);
  });
});

describe('crossings output into a closed pipe', () => {
  it('`crossings ports list | head`: a reader that stops early is not an error', async () => {
    const db = join(dir, 'pipe.duckdb');
    copyFileSync(await templatePath(), db);
    const child = spawn('node', [join(ROOT, 'bin/crossings.js'), 'ports', 'list', '--db', db], { cwd: ROOT });
    child.stdout.destroy(); // the reader is gone before the first line: every write meets EPIPE
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});

describe('crossings forecast', () => {
  it('says when the forecast reaches years whose mainland holidays are projected, not published', async () => {
    const db = join(dir, 'cli-projected.duckdb');
    // One control point's last year is enough to reach the projected years, and fits in a fraction of the file's time.
    const { header, rows } = hkLines(Infinity);
    const loWu = writeHk(dir, 'lo-wu.csv', header, rows.filter((r) => r.includes('-2025,Lo Wu,')));
    await cli('ingest', '--db', db, '--format', 'hk-immd', loWu); // daily, up to 2025-12-31
    const short = await cli('forecast', '--db', db, '--horizon', '28');
    expect(short.code).toBe(0);
    expect(short.out).not.toContain('projected');
    const long = await cli('forecast', '--db', db, '--horizon', '400');
    expect(long.code).toBe(0);
    expect(long.out).toContain(modelMessages.projectedHolidays('2027-01-01'));
  });
});

describe('crossings serve', () => {
  it('on SIGTERM closes the server and exits 0, leaving no SQL snapshot copy of the database in the temp folder', async () => {
    // A private temp folder for the child, so whatever it leaves there can be counted.
    const tmp = join(dir, 'serve-tmp');
    mkdirSync(tmp);
    const child = spawn('node', [join(ROOT, 'bin/crossings.js'), 'serve', '--db', join(dir, 'serve.duckdb'), '--host', '127.0.0.1', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp, CROSSINGS_API_KEYS: 'serve-test-key:analyst', LOG_LEVEL: 'info' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let log = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        log += String(chunk);
        const m = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(log);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`serve exited before listening: ${log}`)));
    });
    const res = await fetch(`${url}/api/sql`, {
      method: 'POST',
      headers: { 'x-api-key': 'serve-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'select count(*) as n from crossings' }),
    });
    expect(res.status).toBe(200);
    // tsx keeps its compile cache in the temp folder too; the snapshots are the crossings-sql-* folders.
    const snapshots = () => readdirSync(tmp).filter((name) => name.startsWith('crossings-sql-'));
    expect(snapshots().length).toBe(1); // the folder the query was answered from
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(snapshots()).toEqual([]);
  });

  it('npm start: SIGTERM to npm stops the server itself', async () => {
    const db = join(dir, 'npm-start.duckdb');
    copyFileSync(await templatePath(), db);
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, CROSSINGS_DB: db, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let log = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        log += String(chunk);
        const m = /serving on (http:\/\/\S+)/.exec(log);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`npm start exited before serving: ${log}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    await exited;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);
});

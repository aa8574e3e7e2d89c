import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { templatePath } from '../api/fixture.js';
import { tempDir } from '../helpers/files.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/crossings.js');
const dir = tempDir();

/** Everything a load could change, reduced to comparable figures. */
async function snapshot(db: Database) {
  return all(
    db,
    `select (select count(*) from crossings)::int as rows,
            (select sum(count) from crossings)::double as total,
            (select bit_xor(hash(port_id, date, hour, direction, category, count, ingest_run_id)) from crossings)::varchar as digest,
            (select count(*) from crossing_revisions)::int as revisions,
            (select count(*) from ingest_runs)::int as runs,
            (select count(*) from ingest_rejects)::int as rejects,
            (select count(*) from ports)::int as ports`,
  );
}

/** Runs `crossings ingest` in a child and SIGKILLs it as soon as it reports `stage`. */
async function killDuring(stage: string, args: string[]): Promise<string> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, CROSSINGS_PROGRESS: '1' } });
  let log = '';
  const killed = new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(`: ${stage}`) && child.exitCode === null) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  const exited = once(child, 'exit');
  await Promise.race([killed, exited]);
  await exited;
  return log;
}

describe('a killed ingest leaves the database exactly as it was', () => {
  // 'loading' is the direct path of a first load (no Lo Wu rows in the file); the others merge into Lo Wu's data.
  // One big file per variant, written once: with Lo Wu rows (merged into its data) or without (a first load).
  const bigFiles = new Map<boolean, string>();
  async function bigFile(db: Database, withLoWu: boolean): Promise<string> {
    const known = bigFiles.get(withLoWu);
    if (known) return known;
    const big = join(dir, `big-${withLoWu ? 'merge' : 'new'}.csv`);
    // 3 million rows over existing and new ports, so the merge takes a while (dates 2000..2020: later ones would be rejected).
    await db.conn.run(
      `copy (select case when i % 400 = 0 and ${withLoWu} then 'Lo Wu' else 'Port ' || (i % 400) end as port,
                    (date '2000-01-01' + (i // 400)::int) as date, 'arrival' as direction, 'total' as category, i % 997 as count
             from range(3000000) t(i)) to '${big}' (header, delimiter ',')`,
    );
    bigFiles.set(withLoWu, big);
    return big;
  }

  it.each(['checking rows', 'merging', 'loading'])('SIGKILL while %s', async (stage) => {
    const path = join(dir, `kill-${stage.replace(' ', '-')}.duckdb`);
    // The sample database (HK and US counts, a forecast run): what the load must leave untouched.
    copyFileSync(await templatePath(), path);
    let db = await openDatabase(path);
    const big = await bigFile(db, stage !== 'loading');
    const before = await snapshot(db);
    await closeDatabase(db);

    const log = await killDuring(stage, ['ingest', '--db', path, '--format', 'long', big]);
    expect(log).toContain(stage);

    db = await openDatabase(path);
    expect(await snapshot(db)).toEqual(before);
    await closeDatabase(db);
  });
});

describe('a database held by another process', () => {
  it('says so and names the holder instead of failing obscurely', async () => {
    const path = join(dir, 'held.duckdb');
    const db = await openDatabase(path);
    await closeDatabase(db);
    const holder: ChildProcess = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(process.argv[1]); await i.connect(); console.log('ready'); setInterval(() => {}, 1000);`, path],
      { cwd: ROOT },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
      const child = spawn(process.execPath, [BIN, 'ports', 'list', '--db', path], { cwd: ROOT });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(2);
      expect(err).toContain(`The database ${path} is in use by another process (PID ${holder.pid}: `);
      expect(err).toContain('--input-type=module');
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { tempDir } from '../helpers/files.js';

const dir = tempDir();

/** Writes a database file as schema version `version` left it: crossings with text direction and freq. */
async function writeOldDatabase(path: string, version: number): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`create table schema_info (key varchar primary key, value varchar not null);
    insert into schema_info values ('schema_version', '${version}');
    create table crossings (port_id varchar not null, date date not null, hour tinyint, direction varchar not null,
      category varchar not null, count bigint not null, freq varchar not null, ingest_run_id integer not null);
    insert into crossings values ('hk-lo-wu', date '2025-01-01', null, 'arrival', 'total', 1234, 'day', 1),
      ('hk-lo-wu', date '2025-01-01', null, 'departure', 'total', 999, 'day', 1);`);
  conn.closeSync();
  instance.closeSync();
}

describe('schema versions', () => {
  it('migrates a version 1 database: crossings keeps every row, direction and freq become enums', async () => {
    const path = join(dir, 'v1.duckdb');
    await writeOldDatabase(path, 1);
    const db = await openDatabase(path);
    const version = await all(db, `select value from schema_info where key = 'schema_version'`);
    expect(version[0]!['value']).toBe(String(SCHEMA_VERSION));
    const types = await all(db, `select column_name, data_type from information_schema.columns where table_name = 'crossings' and column_name in ('direction', 'freq') order by 1`);
    expect(types.map((t) => String(t['data_type']))).toEqual([expect.stringMatching(/^ENUM\('arrival', 'departure'\)$/), expect.stringMatching(/^ENUM\('hour', 'day', 'month'\)$/)]);
    const rows = await all(db, `select direction, count, freq from crossings where direction = 'departure'`);
    expect(rows).toEqual([{ direction: 'departure', count: 999, freq: 'day' }]);
    await closeDatabase(db);
  });

  it('refuses a database written by a newer version, naming both versions and leaving it untouched', async () => {
    const path = join(dir, 'v99.duckdb');
    await writeOldDatabase(path, 99);
    await expect(openDatabase(path)).rejects.toThrow(new RegExp(`schema version 99, this program expects ${SCHEMA_VERSION}`));
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(`select data_type from information_schema.columns where table_name = 'crossings' and column_name = 'direction'`);
    expect(reader.getRowObjectsJS()[0]!['data_type']).toBe('VARCHAR');
    conn.closeSync();
    instance.closeSync();
  });
});

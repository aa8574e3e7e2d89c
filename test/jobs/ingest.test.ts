import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { ingestFiles, stoppedListError } from '../../src/jobs/ingest.js';
import { CrossingsError } from '../../src/messages.js';
import { hkLines, tempDir, writeHk, writeRaw } from '../helpers/files.js';

const dir = tempDir();
let db: Database;
beforeAll(async () => {
  db = await openDatabase(join(dir, 'job.duckdb'));
  await prepareDatabase(db);
});
afterAll(async () => closeDatabase(db));

describe('ingestFiles', () => {
  it('loads the files before a refused one, stops there, and names what was and was not loaded', async () => {
    const { header, rows } = hkLines(40);
    const good = writeHk(dir, 'good.csv', header, rows);
    const bad = writeRaw(dir, 'bad.csv', 'not,a,crossings,file\n1,2,3,4\n');
    const never = writeHk(dir, 'never.csv', header, rows);
    const started = new Date('2026-01-02T03:04:05Z');
    const files = [good, bad, never];
    const result = await ingestFiles(files, (file) => ingestFile(db, file, { format: 'hk-immd', now: () => started }));
    expect(result.summaries.map((s) => s.file)).toEqual([good]);
    expect(result.stop?.file).toBe(bad);
    const error = stoppedListError(files, result);
    expect(error).toBeInstanceOf(CrossingsError);
    expect((error as Error).message).toContain('good.csv');
    expect((error as Error).message).toContain('never.csv');
    const runs = await all(db, `select file, strftime(started_at, '%Y-%m-%dT%H:%M:%S') as started from ingest_runs order by run_id`);
    expect(runs).toEqual([{ file: good, started: '2026-01-02T03:04:05' }]);
    // One file: its own error, unchanged.
    const one = await ingestFiles([bad], (file) => ingestFile(db, file, { format: 'hk-immd' }));
    expect(stoppedListError([bad], one)).toBe(one.stop?.error);
    expect(stoppedListError([good], { summaries: [] })).toBeUndefined();
  });
});

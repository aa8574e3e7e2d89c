import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { EARLIEST_DATE, latestDate } from '../../src/ingest/formats.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { messages } from '../../src/messages.js';
import { tempDir, writeRaw } from '../helpers/files.js';

// The first load of a clean CSV goes straight in (one checking insert, then a duplicate check); a clean
// CSV over ports with data takes a quick path (checked straight from the file, read again by the merge);
// anything else is staged in full. All must give the same results.
const dir = tempDir();
let db: Database;
let n = 0;

beforeEach(async () => {
  if (db) await closeDatabase(db);
  db = await openDatabase(join(dir, `p${n++}.duckdb`));
  await prepareDatabase(db);
});
afterAll(async () => closeDatabase(db));

const HEADER = 'port,date,direction,category,count';
const loaded = () => all(db, `select port_id, date, direction, category, count::int as count from crossings order by all`);

describe('quick and full ingest paths', () => {
  it('a clean long file loads every row, trimmed and lower-cased like the full path', async () => {
    const file = writeRaw(dir, 'clean.csv', `${HEADER}\nPort A ,2025-01-01,Arrival,total,5\nPort A,2025-01-02,arrival, total ,6\n`);
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s).toMatchObject({ rowsRead: 2, rowsRejected: 0, countsNew: 2 });
    expect(await loaded()).toEqual([
      { port_id: 'x-port-a', date: '2025-01-01', direction: 'arrival', category: 'total', count: 5 },
      { port_id: 'x-port-a', date: '2025-01-02', direction: 'arrival', category: 'total', count: 6 },
    ]);
  });

  it('an exact duplicate in a long file collapses into one value', async () => {
    const file = writeRaw(dir, 'dup.csv', `${HEADER}\nP,2025-01-01,arrival,total,5\nP,2025-01-02,arrival,total,6\nP,2025-01-01,arrival,total,5\n`);
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s).toMatchObject({ rowsRead: 3, rowsRejected: 0, countsNew: 2 });
  });

  it('conflicting duplicates in a long file are both rejected, by line, and their port is not registered', async () => {
    const file = writeRaw(dir, 'conflict.csv', `${HEADER}\nP,2025-01-01,arrival,total,5\nQ,2025-01-01,arrival,total,1\nQ,2025-01-01,arrival,total,2\n`);
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s.rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, messages.conflictingDuplicate('Q 2025-01-01 arrival total')],
      [4, messages.conflictingDuplicate('Q 2025-01-01 arrival total')],
    ]);
    expect(await all(db, `select port_id from ports where port_id like 'x-%' order by 1`)).toEqual([{ port_id: 'x-p' }]);
  });

  it('a fractional count is rejected, not rounded by a numeric cast', async () => {
    const file = writeRaw(dir, 'frac.csv', `${HEADER}\nP,2025-01-01,arrival,total,12.5\nP,2025-01-02,arrival,total,6\n`);
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s.rejects).toEqual([{ line: 2, reason: messages.badCount('count', '12.5'), raw: 'P,2025-01-01,arrival,total,12.5' }]);
    expect(await loaded()).toEqual([{ port_id: 'x-p', date: '2025-01-02', direction: 'arrival', category: 'total', count: 6 }]);
  });

  it('hourly rows of one day are distinct keys; a repeated hour is a repeat (exact and conflicting)', async () => {
    const header = 'port,date,hour,direction,category,count';
    const clean = writeRaw(dir, 'hours.csv', `${header}\nP,2025-01-01,0,arrival,total,5\nP,2025-01-01,1,arrival,total,6\nP,2025-01-01,,arrival,total,11\n`);
    expect(await ingestFile(db, clean, { format: 'long' })).toMatchObject({ rowsRejected: 0, countsNew: 3 });
    const repeated = writeRaw(
      dir,
      'hours-repeated.csv',
      `${header}\nQ,2025-01-01,07,arrival,total,5\nQ,2025-01-01,7,arrival,total,5\nQ,2025-01-01,8,arrival,total,1\nQ,2025-01-01,8,arrival,total,2\n`,
    );
    const s = await ingestFile(db, repeated, { format: 'long' });
    expect(s).toMatchObject({ rowsRejected: 2, countsNew: 1 });
    expect(s.rejects.map((r) => r.line)).toEqual([4, 5]);
    expect(await all(db, `select hour, count::int as count from crossings where port_id = 'x-q'`)).toEqual([{ hour: 7, count: 5 }]);
  });

  it('dates before 1990 and after tomorrow are rejected rows, never loaded (1900, 2300)', async () => {
    const file = writeRaw(
      dir,
      'far.csv',
      `${HEADER}\nP,1900-01-01,arrival,total,5\nP,2300-01-01,arrival,total,6\nP,2025-01-01,arrival,total,5\nP,2300-01-01,arrival,total,7\n`,
    );
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s).toMatchObject({ rowsRead: 4, rowsRejected: 3, countsNew: 1 });
    expect(s.rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, messages.dateTooEarly('1900-01-01', EARLIEST_DATE)],
      [3, messages.futureDate('2300-01-01', latestDate())],
      [5, messages.futureDate('2300-01-01', latestDate())],
    ]);
    expect(await loaded()).toEqual([{ port_id: 'x-p', date: '2025-01-01', direction: 'arrival', category: 'total', count: 5 }]);
  });

  it('accepts counts with leading zeros and hours 0..23 with or without a zero; refuses signs, exponents and hour 24', async () => {
    const header = 'port,date,hour,direction,category,count';
    const file = writeRaw(
      dir,
      'numbers.csv',
      `${header}\nP,2025-01-01,07,arrival,total,007\nP,2025-01-01,23,arrival,total,0\nP,2025-01-02,1,arrival,total,+5\n` +
        `P,2025-01-02,2,arrival,total,1e3\nP,2025-01-02,24,arrival,total,4\nP,2025-01-02,3,arrival,total,-0\n`,
    );
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s.rejects.map((r) => [r.line, r.reason])).toEqual([
      [4, messages.badCount('count', '+5')],
      [5, messages.badCount('count', '1e3')],
      [6, messages.badHour('24')],
      [7, messages.negativeCount('count', '-0')],
    ]);
    expect(await all(db, `select hour, count::int as count from crossings order by hour`)).toEqual([
      { hour: 7, count: 7 },
      { hour: 23, count: 0 },
    ]);
  });

  it('rejects a count too large to store, naming the limit, instead of failing the whole load', async () => {
    const file = writeRaw(dir, 'huge.csv', `${HEADER}\nP,2025-01-01,arrival,total,18446744073709551615\nP,2025-01-02,arrival,total,6\n`);
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s.rejects).toEqual([
      { line: 2, reason: messages.countTooLarge('count', '18446744073709551615'), raw: 'P,2025-01-01,arrival,total,18446744073709551615' },
    ]);
    expect(s.countsNew).toBe(1);
  });

  it('the first load of a clean file goes straight in; a reload or a bad row takes the checked paths, leaving one run', async () => {
    const stages = (log: string[]) => [...new Set(log)];
    const file = writeRaw(dir, 'first.csv', `${HEADER}\nP,2025-01-01,arrival,total,5\nP,2025-01-02,arrival,total,6\n`);
    const first: string[] = [];
    expect(await ingestFile(db, file, { format: 'long', progress: (s) => first.push(s) })).toMatchObject({ countsNew: 2, rowsRead: 2 });
    expect(stages(first)).toEqual(['reading ports', 'loading']);

    const again: string[] = [];
    expect(await ingestFile(db, file, { format: 'long', progress: (s) => again.push(s) })).toMatchObject({ countsNew: 0, countsUnchanged: 2 });
    expect(stages(again)).toEqual(['reading ports', 'checking rows', 'merging']);

    // A bad row in a first load: the direct attempt rolls back (its port registration too), the checked path reports the row.
    const bad = writeRaw(dir, 'first-bad.csv', `${HEADER}\nQ,2025-01-01,arrival,total,5\nR,2025-01-02,arrival,total,x\n`);
    const s = await ingestFile(db, bad, { format: 'long' });
    expect(s.rejects.map((r) => [r.line, r.reason])).toEqual([[3, messages.badCount('count', 'x')]]);
    expect(await all(db, `select port_id from ports where port_id like 'x-%' order by 1`)).toEqual([{ port_id: 'x-p' }, { port_id: 'x-q' }]);
    expect(await all(db, `select run_id, status, rows_loaded, rows_rejected from ingest_runs where run_id = ${s.runId}`)).toEqual([
      { run_id: s.runId, status: 'loaded', rows_loaded: 1, rows_rejected: 1 },
    ]);
  });

  it('puts the session settings it changes for a bulk load back afterwards', async () => {
    const settings = `select current_setting('preserve_insertion_order') as ordered, current_setting('disabled_compression_methods')::varchar as disabled`;
    const before = await all(db, settings);
    await ingestFile(db, writeRaw(dir, 'one.csv', `${HEADER}\nP,2025-01-01,arrival,total,5\n`), { format: 'long' });
    await ingestFile(db, writeRaw(dir, 'bad.csv', `${HEADER}\nP,2025-01-01,arrival,total,x\n`), { format: 'long' });
    expect(await all(db, settings)).toEqual(before);
  });
});

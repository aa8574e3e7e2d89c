import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { aliasPort } from '../../src/ingest/ports.js';
import { CrossingsError, messages } from '../../src/messages.js';
import { BTS_SAMPLE, HK_SAMPLE, hkLines, tempDir, writeHk, writeRaw } from '../helpers/files.js';

const dir = tempDir();
let db: Database;
let n = 0;

beforeEach(async () => {
  if (db) await closeDatabase(db);
  db = await openDatabase(join(dir, `t${n++}.duckdb`));
  await prepareDatabase(db);
});
afterAll(async () => closeDatabase(db));

const count = async (sql: string) => Number((await all(db, sql))[0]!['n']);
const { header, rows } = hkLines(40);
/** Replaces field `i` of an HK line. */
const withField = (line: string, i: number, value: string) => line.split(',').map((f, j) => (j === i ? value : f)).join(',');

/** Asserts the file is refused as a whole with `message`, and nothing was loaded. */
async function expectRefused(file: string, format: string, message: string) {
  await expect(ingestFile(db, file, { format })).rejects.toThrow(new CrossingsError(message));
  expect(await count('select count(*)::int as n from crossings')).toBe(0);
}

describe('whole-file refusals (structural problems)', () => {
  it('refuses an unknown format, naming the known ones', async () => {
    await expect(ingestFile(db, HK_SAMPLE, { format: 'hk' })).rejects.toThrow(messages.unknownFormat('hk', ['hk-immd', 'us-bts', 'long']));
  });
  it('refuses a missing file', async () => {
    const file = join(dir, 'nope.csv');
    await expectRefused(file, 'hk-immd', messages.fileNotFound(file));
  });
  it('refuses a folder given as a file', async () => {
    await expectRefused(dir, 'hk-immd', messages.notAFile(dir));
  });
  it('refuses a UTF-16 file (Excel "Unicode text") and says how to save it', async () => {
    const file = writeRaw(dir, 'utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}\r\n`, 'utf16le')]));
    await expectRefused(file, 'hk-immd', messages.notText(file, 'it is UTF-16 encoded (Excel\'s "Unicode text"); save it as "CSV UTF-8"'));
  });
  it('refuses an empty file', async () => {
    const file = writeRaw(dir, 'empty.csv', '');
    await expectRefused(file, 'hk-immd', messages.fileEmpty(file));
  });
  it('refuses a file with a header and no rows', async () => {
    const file = writeHk(dir, 'header-only.csv', header, []);
    await expectRefused(file, 'hk-immd', messages.noDataRows(file));
  });
  it('refuses a binary file', async () => {
    const file = writeRaw(dir, 'binary.csv', Buffer.from([0x44, 0x61, 0x00, 0x01, 0x02, 0xff, 0x00]));
    await expectRefused(file, 'hk-immd', messages.notText(file, 'it contains NUL bytes'));
  });
  it('refuses an Excel workbook saved under a .csv name', async () => {
    const file = writeRaw(dir, 'book.csv', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)]));
    await expectRefused(file, 'hk-immd', messages.notText(file, 'it is a ZIP archive, perhaps an Excel workbook; export it as CSV'));
  });
  it('refuses a file that is not UTF-8', async () => {
    const file = writeRaw(dir, 'latin1.csv', Buffer.from(`${header}\r\n01-01-2024,Lo Wu,Arrival,1,1,1,3,\r\n`.replace('Lo Wu', 'Lo W\u00fc'), 'latin1'));
    await expectRefused(file, 'hk-immd', messages.notText(file, 'it is not UTF-8 encoded; save it as UTF-8'));
  });
  it('refuses a semicolon-separated file', async () => {
    const file = writeHk(dir, 'semicolons.csv', header.replaceAll(',', ';'), rows.slice(0, 3).map((r) => r.replaceAll(',', ';')));
    await expectRefused(file, 'hk-immd', messages.wrongDelimiter(file, 'semicolons'));
  });
  it('refuses a file whose column was renamed, naming what is missing', async () => {
    const renamed = header.replace('Control Point', 'Port');
    const file = writeHk(dir, 'renamed.csv', renamed, rows.slice(0, 3));
    const found = renamed.replace(/^\uFEFF/, '').split(',').map((c) => c.trim());
    await expectRefused(file, 'hk-immd', messages.missingColumns(file, 'hk-immd', ['Control Point'], found));
  });
  it('refuses the BTS file given as hk-immd', async () => {
    await expect(ingestFile(db, BTS_SAMPLE, { format: 'hk-immd' })).rejects.toThrow(/not a hk-immd file: missing column\(s\) "Date"|missing column/);
  });
  it('refuses the whole file past --max-rejects, loads nothing, and keeps the reasons', async () => {
    const bad = rows.slice(0, 10).map((r, i) => (i < 3 ? withField(r, 3, 'x') : r));
    const file = writeHk(dir, 'many-bad.csv', header, bad);
    const s = await ingestFile(db, file, { format: 'hk-immd', maxRejects: 2 });
    expect(s.status).toBe('refused');
    expect(s.message).toBe(messages.tooManyRejects(file, 3, 2));
    expect(await count('select count(*)::int as n from crossings')).toBe(0);
    expect(await count(`select count(*)::int as n from ingest_runs where status = 'refused'`)).toBe(1);
    expect(await count('select count(*)::int as n from ingest_rejects')).toBe(3);
  });
});

describe('row rejects: bad rows go to ingest_rejects with line, reason and raw text; the rest loads', () => {
  const cases: [string, (r: string[]) => string[], string, number][] = [
    ['a bad date', (r) => [withField(r[0]!, 0, '31-02-2024'), ...r.slice(1)], messages.badDate('31-02-2024', 'dd-mm-yyyy'), 2],
    ['a month-first date', (r) => [withField(r[0]!, 0, '2024-01-01'), ...r.slice(1)], messages.badDate('2024-01-01', 'dd-mm-yyyy'), 2],
    ['a non-numeric count', (r) => [r[0]!, withField(r[1]!, 4, 'n/a'), ...r.slice(2)], messages.badCount('Mainland Visitors', 'n/a'), 3],
    ['a fractional count', (r) => [r[0]!, withField(r[1]!, 6, '61451.5'), ...r.slice(2)], messages.badCount('Total', '61451.5'), 3],
    ['a negative count', (r) => [r[0]!, r[1]!, withField(r[2]!, 5, '-3'), ...r.slice(3)], messages.negativeCount('Other Visitors', '-3'), 4],
    ['a count too large to store', (r) => [r[0]!, withField(r[1]!, 3, '99999999999999999999'), ...r.slice(2)], messages.countTooLarge('Hong Kong Residents', '99999999999999999999'), 3],
    ['an empty count', (r) => [withField(r[0]!, 3, ''), ...r.slice(1)], messages.emptyField('Hong Kong Residents'), 2],
    ['categories not adding up', (r) => [withField(r[0]!, 6, '74510'), ...r.slice(1)], messages.categoriesDoNotAddUp(74509, 74510), 2],
    ['a bad direction', (r) => [withField(r[0]!, 2, 'Inbound'), ...r.slice(1)], messages.badDirection('Inbound'), 2],
    ['an empty control point', (r) => [withField(r[0]!, 1, ''), ...r.slice(1)], messages.emptyField('Control Point'), 2],
  ];
  it.each(cases)('rejects %s', async (_name, mutate, reason, line) => {
    const lines = mutate(rows.slice(0, 6));
    const file = writeHk(dir, 'bad-row.csv', header, lines);
    const s = await ingestFile(db, file, { format: 'hk-immd' });
    expect(s.status).toBe('loaded');
    expect(s.rowsRead).toBe(6);
    expect(s.rowsRejected).toBe(1);
    expect(s.rejects).toEqual([{ line, reason, raw: lines[line - 2] }]);
    expect(s.countsNew).toBe(5 * 4);
    const stored = await all(db, 'select line, reason, raw from ingest_rejects');
    expect(stored).toEqual([{ line, reason, raw: lines[line - 2] }]);
  });

  it('rejects rows with too few or too many fields, by line', async () => {
    const lines = rows.slice(0, 5);
    lines[1] = '01-01-2024,Airport,Departure,19330,11546';
    lines[3] = `${lines[3]}extra,more`;
    const file = writeHk(dir, 'ragged.csv', header, lines);
    const s = await ingestFile(db, file, { format: 'hk-immd' });
    expect(s.rejects.map((r) => r.line)).toEqual([3, 5]);
    expect(s.rejects.every((r) => r.reason.startsWith('malformed row:'))).toBe(true);
    expect(s.rejects[0]!.raw).toBe('01-01-2024,Airport,Departure,19330,11546');
    expect(s.countsNew).toBe(3 * 4);
  });

  it('gives the right line numbers after a refused line and a blank line', async () => {
    const lines = rows.slice(0, 6);
    lines[0] = '01-01-2024,Airport';
    lines.splice(2, 0, '');
    lines[4] = withField(lines[4]!, 3, 'bad');
    const file = writeHk(dir, 'mixed.csv', header, lines);
    const s = await ingestFile(db, file, { format: 'hk-immd' });
    expect(s.rejects.map((r) => [r.line, r.raw])).toEqual([
      [2, '01-01-2024,Airport'],
      [6, lines[4]],
    ]);
  });

  it('rejects conflicting duplicates (both rows) and collapses exact duplicates', async () => {
    const lines = rows.slice(0, 4);
    const conflicting = withField(withField(lines[0]!, 3, '59648'), 6, '74510');
    const file = writeHk(dir, 'dupes.csv', header, [...lines, conflicting, lines[1]!]);
    const s = await ingestFile(db, file, { format: 'hk-immd' });
    expect(s.rejects.map((r) => r.line)).toEqual([2, 6]);
    expect(s.rejects[0]!.reason).toBe(messages.conflictingDuplicate('Airport 2024-01-01 arrival hk_residents'));
    expect(s.countsNew).toBe(3 * 4);
  });
});

describe('loading real files', () => {
  it('loads the HK sample: one total per source row, four categories each', async () => {
    const s = await ingestFile(db, HK_SAMPLE, { format: 'hk-immd' });
    expect(s).toMatchObject({ status: 'loaded', rowsRead: 20892, rowsRejected: 0, countsNew: 4 * 20892 });
    expect(await count(`select count(*)::int as n from crossings where category = 'total'`)).toBe(20892);
    const lowu = await all(db, `select count::int as c from crossings where port_id = 'hk-lo-wu' and date = '2024-01-01' and direction = 'arrival' and category = 'total'`);
    expect(lowu).toHaveLength(1);
    expect(await count(`select count(*)::int as n from crossings where freq <> 'day' or hour is not null`)).toBe(0);
  });

  it('loading the same file twice changes nothing', async () => {
    await ingestFile(db, HK_SAMPLE, { format: 'hk-immd' });
    const before = await all(db, 'select sum(count)::double as s, count(*)::int as n from crossings');
    const again = await ingestFile(db, HK_SAMPLE, { format: 'hk-immd' });
    expect(again).toMatchObject({ countsNew: 0, countsUnchanged: 4 * 20892, countsRevised: 0 });
    expect(await all(db, 'select sum(count)::double as s, count(*)::int as n from crossings')).toEqual(before);
  });

  it('a newer overlapping download adds new dates and applies revisions, keeping old values', async () => {
    const older = writeHk(dir, 'older.csv', header, rows.slice(0, 20));
    await ingestFile(db, older, { format: 'hk-immd' });
    const newer = rows.slice(0, 30).map((r, i) => (i === 0 ? withField(withField(r, 3, '59650'), 6, '74512') : r));
    const s = await ingestFile(db, writeHk(dir, 'newer.csv', header, newer), { format: 'hk-immd' });
    expect(s).toMatchObject({ countsNew: 10 * 4, countsRevised: 2, countsUnchanged: 20 * 4 - 2 });
    const rev = await all(db, 'select category, old_count::int as old, new_count::int as new from crossing_revisions order by category');
    expect(rev).toEqual([
      { category: 'hk_residents', old: 59647, new: 59650 },
      { category: 'total', old: 74509, new: 74512 },
    ]);
  });

  it('loads the US BTS file monthly, each measure a category, all arrivals, ports by code', async () => {
    const s = await ingestFile(db, BTS_SAMPLE, { format: 'us-bts' });
    expect(s).toMatchObject({ rowsRead: 1872, rowsRejected: 0, countsNew: 1872 });
    const freq = await all(db, `select distinct freq, direction, day(date)::int as day from crossings`);
    expect(freq).toEqual([{ freq: 'month', direction: 'arrival', day: 1 }]);
    const ports = await all(db, `select port_id, name, region from ports where country = 'US' order by port_id`);
    expect(ports).toEqual([
      { port_id: 'us-0901', name: 'Buffalo Niagara Falls', region: 'New York' },
      { port_id: 'us-2402', name: 'El Paso', region: 'Texas' },
      { port_id: 'us-2504', name: 'San Ysidro', region: 'California' },
    ]);
    expect(await count(`select count(distinct category)::int as n from crossings`)).toBe(12);
  });

  it('loads a long CSV with hours, and maps known port names to their ports', async () => {
    const file = writeRaw(
      dir,
      'long.csv',
      'port,date,hour,direction,category,count\nLo Wu,2025-01-01,7,departure,total,1200\nLo Wu,2025-01-01,8,departure,total,1500\nNew Port,2025-01-01,,arrival,total,10\nLo Wu,2025-01-01,24,departure,total,3\n',
    );
    const s = await ingestFile(db, file, { format: 'long' });
    expect(s.rejects).toEqual([{ line: 5, reason: messages.badHour('24'), raw: 'Lo Wu,2025-01-01,24,departure,total,3' }]);
    const loaded = await all(db, `select port_id, hour, freq, count::int as count from crossings order by port_id, hour`);
    expect(loaded).toEqual([
      { port_id: 'hk-lo-wu', hour: 7, freq: 'hour', count: 1200 },
      { port_id: 'hk-lo-wu', hour: 8, freq: 'hour', count: 1500 },
      { port_id: 'x-new-port', hour: null, freq: 'day', count: 10 },
    ]);
  });

  it('loads a long Parquet file', async () => {
    const csv = writeRaw(dir, 'for-parquet.csv', 'port,date,direction,category,count\nLo Wu,2025-01-02,arrival,total,5\nLo Wu,2025-01-03,arrival,total,6\n');
    const parquet = join(dir, 'long.parquet');
    await db.conn.run(`copy (select * from read_csv('${csv}')) to '${parquet}' (format parquet)`);
    const s = await ingestFile(db, parquet, { format: 'long' });
    expect(s).toMatchObject({ rowsRead: 2, countsNew: 2, rowsRejected: 0 });
    await expect(ingestFile(db, parquet, { format: 'hk-immd' })).rejects.toThrow(/Parquet is read by --format long only/);
  });
});

describe('port aliases', () => {
  it('a port renamed by its source continues as one series, for earlier and later loads', async () => {
    await ingestFile(db, writeHk(dir, 'before.csv', header, rows.slice(0, 2)), { format: 'hk-immd' });
    // The second day's Airport rows, as a source that renamed the control point would write them.
    const renamed = rows.slice(30, 32).map((r) => r.replace(',Airport,', ',HKIA,'));
    expect(renamed[0]).toContain(',HKIA,');
    const early = await ingestFile(db, writeHk(dir, 'renamed-early.csv', header, renamed.slice(0, 1)), { format: 'hk-immd' });
    expect(early.countsNew).toBe(4);
    expect(await count(`select count(*)::int as n from ports where name = 'HKIA'`)).toBe(1);
    const r = await aliasPort(db, 'HKIA', 'Airport');
    expect(r).toEqual({ port_id: 'hk-airport', moved: 4 });
    await ingestFile(db, writeHk(dir, 'renamed-later.csv', header, renamed.slice(1)), { format: 'hk-immd' });
    expect(await count(`select count(*)::int as n from ports where name = 'HKIA'`)).toBe(0);
    expect(await count(`select count(distinct port_id)::int as n from crossings where port_id like '%airport%' or port_id like '%hkia%'`)).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { all, closeDatabase, openDatabase } from '../../src/store/db.js';
import { COUNT_LIMITS, latestDate } from '../../src/ingest/formats.js';
import { messages } from '../../src/messages.js';
import { HK_SAMPLE, hkLines, tempDir, writeHk, writeRaw } from '../helpers/files.js';

// Broken copies of the real HK sample: each is loaded over a database holding the good sample, and the
// database is checked afterwards, not only the exit code.
const dir = tempDir();
const sample = readFileSync(HK_SAMPLE, 'utf8').split('\r\n');
const header = sample[0]!;
const rows = sample.slice(1).filter((l) => l !== '');

async function cli(db: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'crossings', ...args, '--db', db], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await openDatabase(path);
  try {
    return await all(db, sql);
  } finally {
    await closeDatabase(db);
  }
}

/** A fingerprint of every stored count, to see that a refused or rejected file changed none. */
const fingerprint = (path: string) =>
  query(
    path,
    `select count(*)::bigint::varchar as n, bit_xor(hash(port_id, date, hour, direction, category, count))::varchar as h,
       max(date)::varchar as last, (select count(*)::int from ports) as ports from crossings`,
  );

let dbs = 0;
async function loadedSample(): Promise<string> {
  const db = join(dir, `p${dbs++}.duckdb`);
  expect((await cli(db, 'ingest', '--format', 'hk-immd', HK_SAMPLE)).code).toBe(0);
  return db;
}

const withField = (line: string, i: number, value: string) => line.split(',').map((f, j) => (j === i ? value : f)).join(',');

describe('dates that cannot be misread', () => {
  it('refuses a month-first copy of the real file whole, naming the rows, and changes nothing', async () => {
    const db = await loadedSample();
    const before = await fingerprint(db);
    const monthFirst = rows.map((r) => r.replace(/^(\d\d)-(\d\d)-/, '$2-$1-'));
    const file = writeHk(dir, 'month-first.csv', header, monthFirst);
    const r = await cli(db, 'ingest', '--format', 'hk-immd', file);
    expect(r.code).toBe(2);
    expect(r.out).toContain('refused');
    expect(r.out).toContain('its dates are not written as dd-mm-yyyy');
    // 13 January 2024 is the first date whose month-first text has no month 13: line 12 × 13 days in.
    const firstSwapped = monthFirst.findIndex((l) => l.startsWith('01-13-2024')) + 2;
    expect(r.out).toContain(`(lines ${firstSwapped}, `);
    expect(r.err).toContain(`line ${firstSwapped}: `);
    expect(r.err).toContain(messages.swappedDate('01-13-2024', 'dd-mm-yyyy'));
    expect(await fingerprint(db)).toEqual(before);
    const runs = await query(db, `select status from ingest_runs order by run_id`);
    expect(runs.map((x) => x['status'])).toEqual(['loaded', 'refused']);
  });

  it('rejects every row of a copy shifted into the future; nothing is loaded and the latest date stays put', async () => {
    const db = await loadedSample();
    const before = await fingerprint(db);
    const future = rows.map((r) => r.replace(/^(\d\d-\d\d)-(\d{4}),/, (_m, dm: string, y: string) => `${dm}-${Number(y) + 72},`));
    const file = writeHk(dir, 'future.csv', header, future);
    const r = await cli(db, 'ingest', '--format', 'hk-immd', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`rejected ${future.length}; counts new 0, unchanged 0, revised 0`);
    expect(r.err).toContain(messages.futureDate('2096-01-01', latestDate()));
    expect(await fingerprint(db)).toEqual(before);
    expect(Number((await query(db, `select count(*)::int as n from ingest_rejects where reason like 'date % is in the future%'`))[0]!['n'])).toBe(
      future.length,
    );
  });

  it('rejects dates before 1990 as rows with the reason', async () => {
    const db = await loadedSample();
    const file = writeHk(dir, 'old.csv', header, [rows[0]!.replace('-2024,', '-1989,'), rows[1]!]);
    const r = await cli(db, 'ingest', '--format', 'hk-immd', file);
    expect(r.err).toContain(messages.dateTooEarly('1989-01-01', '1990-01-01'));
    expect((await query(db, `select count(*)::int as n from crossings where date < '1990-01-01'`))[0]!['n']).toBe(0);
  });

  it('refuses a BTS file written day-first (01/03/2019 for March) whole', async () => {
    const db = join(dir, 'bts.duckdb');
    const head = 'Port Name,State,Port Code,Border,Date,Measure,Value';
    const line = (d: string, v: number) => `Calais,Maine,0115,US-Canada Border,${d},Personal Vehicles,${v}`;
    const file = writeRaw(dir, 'bts-day-first.csv', `${head}\n${line('01/03/2019 12:00:00 AM', 5)}\n${line('01/04/2019 12:00:00 AM', 6)}\n`);
    const r = await cli(db, 'ingest', '--format', 'us-bts', file);
    expect(r.code).toBe(2);
    expect(r.out).toContain('its dates are not written as Mon YYYY');
    expect((await query(db, `select count(*)::int as n from crossings`))[0]!['n']).toBe(0);
    const good = writeRaw(dir, 'bts-month-first.csv', `${head}\n${line('03/01/2019 12:00:00 AM', 5)}\n${line('Apr 2019', 6)}\n`);
    expect((await cli(db, 'ingest', '--format', 'us-bts', good)).code).toBe(0);
    expect(await query(db, `select date::varchar as d, count::int as c from crossings order by date`)).toEqual([
      { d: '2019-03-01', c: 5 },
      { d: '2019-04-01', c: 6 },
    ]);
  });

  it('refuses a long file written year-day-month whole', async () => {
    const db = join(dir, 'long.duckdb');
    const file = writeRaw(dir, 'ydm.csv', `port,date,direction,category,count\nP,2025-04-03,arrival,total,5\nP,2025-13-03,arrival,total,6\n`);
    const r = await cli(db, 'ingest', '--format', 'long', file);
    expect(r.code).toBe(2);
    expect(r.out).toContain('(lines 3, …)');
    expect((await query(db, `select count(*)::int as n from crossings`))[0]!['n']).toBe(0);
  });
});

describe('counts a control point cannot have', () => {
  it('rejects a count above the daily bound, and one past the largest integer, with the reason', async () => {
    const db = await loadedSample();
    const before = await fingerprint(db);
    const { rows: first } = hkLines(3);
    const big = withField(withField(first[0]!, 3, '9007199254740993'), 6, '9007199254750997');
    const huge = withField(withField(first[1]!, 3, '9223372036854775807'), 6, '9223372036854775807');
    const [, , , , mv, ov] = first[2]!.split(',');
    const tooMany = withField(withField(first[2]!, 3, '10000001'), 6, String(10000001 + Number(mv) + Number(ov)));
    const file = writeHk(dir, 'big.csv', header, [big, huge, tooMany]);
    const r = await cli(db, 'ingest', '--format', 'hk-immd', file);
    expect(r.code).toBe(1);
    const limit = COUNT_LIMITS.day.toLocaleString('en-US');
    expect(r.err).toContain(messages.implausibleCount('Hong Kong Residents', '9007199254740993', limit));
    expect(r.err).toContain(messages.implausibleCount('Hong Kong Residents', '9223372036854775807', limit));
    expect(r.err).toContain(messages.implausibleCount('Hong Kong Residents', '10000001', limit));
    expect(await fingerprint(db)).toEqual(before);
  });
});

describe('clean names', () => {
  it('rejects names with NUL after the first 64 KB, a quoted line break, 101 characters or a formula; trims spaces', async () => {
    const db = await loadedSample();
    const before = await fingerprint(db);
    // Real rows moved to 2026 (dates the sample lacks), so that a good row shows up as new counts, after
    // rows the sample holds already (unchanged) that push the bad ones past the first 64 KB.
    const later = rows.slice(0, 6).map((r) => r.replace('-2024,', '-2026,'));
    const filler = rows.slice(0, 2000);
    const bad = [
      withField(later[0]!, 1, 'H\u0000ung Hom'),
      withField(later[1]!, 1, '"Air\r\nport"'),
      withField(later[2]!, 1, 'L'.repeat(101)),
      withField(later[3]!, 1, '"=HYPERLINK(""http://x"")"'),
    ];
    const file = writeHk(dir, 'names.csv', header, [...filler, ...bad, withField(later[4]!, 1, '  Hung Hom ')]);
    expect(readFileSync(file).indexOf(0)).toBeGreaterThan(64 * 1024);
    const r = await cli(db, 'ingest', '--format', 'hk-immd', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(messages.nameControlCharacters('Control Point'));
    expect(r.err).toContain(messages.nameTooLong('Control Point', '101'));
    expect(r.err).toContain(messages.nameLikeFormula('Control Point', '=HYPERLINK("http://x")'));
    expect(r.out).toContain('rejected 4;');
    const ports = await query(db, `select name from ports where regexp_matches(name, '[\\x00-\\x1f]|^=|^ ') or length(name) > 100`);
    expect(ports).toEqual([]);
    const after = await fingerprint(db);
    expect(after[0]!['ports']).toBe(before[0]!['ports']);
    const trimmed = await query(db, `select count(*)::int as n from crossings where date >= '2026-01-01' and port_id = (select port_id from ports where name = 'Hung Hom')`);
    expect(trimmed[0]!['n']).toBe(4);
  });

  it('rejects the same names in a long file, port and category, on its fast path too', async () => {
    const db = join(dir, 'long-names.duckdb');
    const file = writeRaw(
      dir,
      'long-names.csv',
      'port,date,direction,category,count\nP,2025-01-01,arrival,total,5\n@SUM(A1),2025-01-01,arrival,total,5\n' +
        `P,2025-01-02,arrival,"to\ttal",5\nP,2025-01-03,arrival,${'c'.repeat(101)},5\n`,
    );
    const r = await cli(db, 'ingest', '--format', 'long', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(messages.nameLikeFormula('port', '@SUM(A1)'));
    expect(r.err).toContain(messages.nameControlCharacters('category'));
    expect(r.err).toContain(messages.nameTooLong('category', '101'));
    expect(await query(db, `select port_id, category from crossings`)).toEqual([{ port_id: 'x-p', category: 'total' }]);
  });
});

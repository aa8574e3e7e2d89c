import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { formatSummary, ingestFile } from '../../src/ingest/ingestFile.js';
import { nameSimilarity, unaliasPort } from '../../src/ingest/renames.js';
import { messages } from '../../src/messages.js';
import { hkLines, tempDir, writeHk } from '../helpers/files.js';

const dir = tempDir();
let db: Database;
let n = 0;

beforeEach(async () => {
  db = await openDatabase(join(dir, `renames-${++n}.duckdb`));
  await prepareDatabase(db);
});
afterEach(async () => closeDatabase(db));

const { header, rows } = hkLines(1_000_000);
const data = rows.filter((r) => r !== '');
const isoOf = (line: string) => `${line.slice(6, 10)}-${line.slice(3, 5)}-${line.slice(0, 2)}`;
const RENAMED_FROM = '2025-06-01';
/** The real sample with Heung Yuen Wai spelt "Heung Yuen Wai Port" from RENAMED_FROM on. */
const renamed = (r: string) => (r.includes(',Heung Yuen Wai,') && isoOf(r) >= RENAMED_FROM ? r.replace(',Heung Yuen Wai,', ',Heung Yuen Wai Port,') : r);

const portCounts = async () =>
  all(db, `select p.name, count(*)::int as n, strftime(min(c.date), '%Y-%m-%d') as first, strftime(max(c.date), '%Y-%m-%d') as last
             from crossings c join ports p using (port_id) where p.name like 'Heung Yuen Wai%' group by p.name order by p.name`);
const FULL = { name: 'Heung Yuen Wai', n: 2 * 731 * 4, first: '2024-01-01', last: '2025-12-31' };

describe('a port renamed by its source from a day on', () => {
  it('in one file: the new name continues the old series, and the summary says so with the undo', async () => {
    const s = await ingestFile(db, writeHk(dir, 'one.csv', header, data.map(renamed)), { format: 'hk-immd' });
    expect(await portCounts()).toEqual([FULL]);
    expect(formatSummary(s)).toContain(messages.renamed('Heung Yuen Wai Port', 'Heung Yuen Wai', RENAMED_FROM));
    expect(s.newPorts ?? []).not.toContain('Heung Yuen Wai Port');
  });

  it('across two loads: the second file, with only the new name, continues the series', async () => {
    const before = data.filter((r) => isoOf(r) < RENAMED_FROM);
    const after = data.filter((r) => isoOf(r) >= RENAMED_FROM).map(renamed);
    await ingestFile(db, writeHk(dir, 'first.csv', header, before), { format: 'hk-immd' });
    const s = await ingestFile(db, writeHk(dir, 'second.csv', header, after), { format: 'hk-immd' });
    expect(s.renames).toEqual([expect.objectContaining({ alias: 'Heung Yuen Wai Port', port_id: 'hk-heung-yuen-wai', from: RENAMED_FROM, applied: true })]);
    expect(await portCounts()).toEqual([FULL]);
  });

  it('with auto-alias off, the new port stays apart and the summary names the likely match', async () => {
    const s = await ingestFile(db, writeHk(dir, 'off.csv', header, data.map(renamed)), { format: 'hk-immd', autoAlias: false });
    expect(await portCounts()).toEqual([
      { name: 'Heung Yuen Wai', n: 2 * 517 * 4, first: '2024-01-01', last: '2025-05-31' },
      { name: 'Heung Yuen Wai Port', n: 2 * 214 * 4, first: RENAMED_FROM, last: '2025-12-31' },
    ]);
    expect(formatSummary(s)).toContain(messages.likelyRename('Heung Yuen Wai Port', 'hk-heung-yuen-wai-port', 'Heung Yuen Wai', '2025-05-31'));
    expect(s.newPorts).toContain('Heung Yuen Wai Port');
  });

  it('unalias splits the series again at the rename', async () => {
    await ingestFile(db, writeHk(dir, 'undo.csv', header, data.map(renamed)), { format: 'hk-immd' });
    const r = await unaliasPort(db, 'Heung Yuen Wai Port');
    expect(r).toMatchObject({ moved: 2 * 214 * 4, from: RENAMED_FROM });
    expect((await portCounts()).map((p) => [p.name, p.last])).toEqual([['Heung Yuen Wai', '2025-05-31'], ['Heung Yuen Wai Port', '2025-12-31']]);
    // Loading the same file again keeps the two apart: the alias now names the split port.
    const again = await ingestFile(db, writeHk(dir, 'undo.csv', header, data.map(renamed)), { format: 'hk-immd' });
    expect(again.countsNew).toBe(0);
    expect((await portCounts()).length).toBe(2);
  });

  it('a new name unlike any stopped port is a new port, listed as such', async () => {
    const moved = data.map((r) => (r.includes(',Heung Yuen Wai,') && isoOf(r) >= RENAMED_FROM ? r.replace(',Heung Yuen Wai,', ',Sandy Ridge,') : r));
    const s = await ingestFile(db, writeHk(dir, 'other.csv', header, moved), { format: 'hk-immd' });
    expect(s.renames ?? []).toEqual([]);
    expect(formatSummary(s)).toContain(messages.newPorts(expect.any(String) as unknown as string).slice(0, 10));
    expect(s.newPorts).toContain('Sandy Ridge');
  });

  it('name similarity: spellings and added words are alike, other ports are not', () => {
    expect(nameSimilarity('Lok Ma Chau Spur Line', 'Lok Ma Chau (Spur Line)')).toBe(1);
    expect(nameSimilarity('Heung Yuen Wai', 'Heung Yuen Wai Port')).toBeGreaterThanOrEqual(0.6);
    expect(nameSimilarity('Lo Wu', 'Lok Ma Chau')).toBeLessThan(0.6);
  });
});

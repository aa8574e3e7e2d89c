import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { listEvents, loadPortEvents } from '../../src/store/events.js';
import { importEvents } from '../../src/ingest/events.js';
import { CrossingsError, messages } from '../../src/messages.js';
import { dayOf } from '../../src/models/dates.js';
import { tempDir, writeRaw } from '../helpers/files.js';

const dir = tempDir();
const path = join(dir, 'events.duckdb');
let db: Database;

const HEADER = 'date,port,name,kind,volume';
const SHIPS = [HEADER, '2026-01-05,Kai Tak Cruise Terminal,Spectrum of the Seas,ship,4246', '2026-01-09,啟德郵輪碼頭,Ship B,ship,2000', '2026-01-12,启德邮轮码头,Ship C,ship,'].join('\n');

beforeAll(async () => {
  db = await openDatabase(path);
  await prepareDatabase(db);
});

afterAll(async () => {
  await closeDatabase(db);
});

/** The error an import of `text` refuses with (after checking that nothing was stored). */
async function refusal(name: string, text: string): Promise<string> {
  const before = await listEvents(db);
  const file = writeRaw(dir, name, text);
  const err = await importEvents(db, file).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CrossingsError);
  expect(await listEvents(db)).toEqual(before);
  return (err as Error).message;
}

describe('crossings events import', () => {
  it('finds ports in English, Traditional and Simplified Chinese; the same file twice stores its events once', async () => {
    const file = writeRaw(dir, 'ships.csv', SHIPS);
    expect(await importEvents(db, file)).toEqual({ events: 3, scopes: ['hk-kai-tak-cruise-terminal'], replaced: 0 });
    expect(await importEvents(db, file)).toEqual({ events: 3, scopes: ['hk-kai-tak-cruise-terminal'], replaced: 3 });
    const rows = await listEvents(db, { port_id: 'hk-kai-tak-cruise-terminal' });
    expect(rows.map((r) => [r.date, r.port_id, r.name, r.volume, r.source])).toEqual([
      ['2026-01-05', 'hk-kai-tak-cruise-terminal', 'Spectrum of the Seas', 4246, 'ships.csv'],
      ['2026-01-09', 'hk-kai-tak-cruise-terminal', 'Ship B', 2000, 'ships.csv'],
      ['2026-01-12', 'hk-kai-tak-cruise-terminal', 'Ship C', null, 'ships.csv'],
    ]);
  });

  it('replaces a port\'s events on the dates a newer file spans and keeps the others', async () => {
    // The updated schedule for 8–31 January drops Ship B and adds Ship D; 5 January stays.
    const file = writeRaw(dir, 'ships-update.csv', [HEADER, '2026-01-08,hk-kai-tak-cruise-terminal,Ship D,ship,3000', '2026-01-31,Kai Tak Cruise Terminal,Ship C,ship,2500'].join('\n'));
    expect((await importEvents(db, file)).replaced).toBe(2);
    expect((await listEvents(db, { port_id: 'hk-kai-tak-cruise-terminal' })).map((r) => `${r.date} ${r.name}`)).toEqual(['2026-01-05 Spectrum of the Seas', '2026-01-08 Ship D', '2026-01-31 Ship C']);
  });

  it('applies a region-wide event to every port of its region, and one without region to every port', async () => {
    const file = writeRaw(dir, 'region.csv', ['date,port,name,kind,volume,region', '2026-03-01,,Marathon,event,70000,hk', '2026-03-02,,Fireworks,event,,'].join('\n'));
    expect((await importEvents(db, file)).scopes).toEqual(['region HK', 'all ports']);
    const byPort = await loadPortEvents(db);
    expect(byPort.get('hk-lo-wu')).toEqual([
      { day: dayOf('2026-03-01'), kind: 'event', volume: 70000 },
      { day: dayOf('2026-03-02'), kind: 'event', volume: null },
    ]);
    expect(byPort.get('hk-kai-tak-cruise-terminal')).toHaveLength(5);
    expect((await listEvents(db, { port_id: 'hk-lo-wu' })).map((r) => r.name)).toEqual(['Marathon', 'Fireworks']);
  });

  it('refuses a whole file at its first bad row, naming the line and the problem', async () => {
    const bad = (line: string) => [HEADER, '2026-02-01,Lo Wu,Fine,event,10', line].join('\n');
    expect(await refusal('date.csv', bad('2026-02-30,Lo Wu,Concert,event,10'))).toBe(messages.eventBadDate(join(dir, 'date.csv') + ', line 3', '2026-02-30'));
    expect(await refusal('port.csv', bad('2026-02-02,Lo Woo,Concert,event,10'))).toBe(
      messages.eventUnknownPort(join(dir, 'port.csv') + ', line 3', 'Lo Woo', [{ port_id: 'hk-lo-wu', name: 'Lo Wu' }]),
    );
    expect(await refusal('volume.csv', bad('2026-02-02,Lo Wu,Concert,event,-5'))).toBe(messages.eventBadVolume(join(dir, 'volume.csv') + ', line 3', '-5'));
    expect(await refusal('kind.csv', bad('2026-02-02,Lo Wu,Concert,Big Show,1'))).toBe(messages.eventBadKind(join(dir, 'kind.csv') + ', line 3', 'Big Show'));
    expect(await refusal('name.csv', bad('2026-02-02,Lo Wu,=HYPERLINK(1),event,1'))).toContain('line 3: the name "=HYPERLINK(1)"');
    expect(await refusal('twice.csv', bad('2026-02-01,罗湖,Fine,event,20'))).toBe(messages.eventRepeated(join(dir, 'twice.csv') + ', line 3', join(dir, 'twice.csv') + ', line 2', '2026-02-01', 'Fine'));
    expect(await refusal('region.csv', 'date,port,name,kind,region\n2026-02-01,,Fair,event,Mars')).toContain('no port is in region "Mars"');
    expect(await refusal('columns.csv', 'date,port,name\n2026-02-01,Lo Wu,Fair')).toBe(messages.eventsMissingColumns(join(dir, 'columns.csv'), ['kind']));
  });
});

describe('the events commands', () => {
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'crossings', ...args, '--db', path], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('import, list and clear from the command line', async () => {
    await closeDatabase(db);
    try {
      const file = writeRaw(dir, 'cli.csv', [HEADER, '2026-04-01,Shenzhen Bay,Concert,event,40000'].join('\n'));
      expect((await cli('events', 'import', file)).out).toBe(`cli.csv: ${messages.eventsImported(1, ['hk-shenzhen-bay'], 0)}`);
      const list = await cli('events', 'list', '--port', '深圳灣');
      expect(list.out).toMatch(/2026-03-01 +region HK +Marathon/);
      expect(list.out).toMatch(/2026-04-01 +hk-shenzhen-bay +Concert +event +40000 +cli\.csv/);
      expect((await cli('events', 'clear')).err).toBe(messages.eventsClearNeedsOne());
      expect((await cli('events', 'clear', '--region', 'hk')).out).toBe(messages.eventsCleared(1, 'region HK'));
      expect((await cli('events', 'clear', '--port', 'Kai Tak Cruise Terminal', '--from', '2026-01-06')).out).toBe(messages.eventsCleared(2, 'hk-kai-tak-cruise-terminal'));
      expect((await cli('events', 'clear', '--all')).out).toBe(messages.eventsCleared(3, ''));
      expect((await cli('events', 'list')).out).toBe('No events.');
    } finally {
      db = await openDatabase(path);
    }
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import { modelMessages } from '../../src/messages.js';
import { FAST_ENGINE } from '../api/fixture.js';
import { hkLines, tempDir, writeHk } from '../helpers/files.js';

const dir = tempDir();
let db: Database;
let note: string;
let statusLines: string[];

/** DD-MM-YYYY of the HK file → YYYY-MM-DD. */
const isoOf = (line: string) => {
  const [d, m, y] = line.slice(0, 10).split('-');
  return `${y}-${m}-${d}`;
};

// A broken copy of the real sample (2024-01-01..2025-12-31): Lo Wu stops 10 days early (stale), Harbour Control
// reports only zeros over its last 40 days (closed), Man Kam To stops in May 2024 (gone: over a year without data).
beforeAll(async () => {
  const { header, rows } = hkLines(1_000_000);
  const broken = rows
    .filter((r) => r !== '')
    .filter((r) => !(r.includes(',Lo Wu,') && isoOf(r) > '2025-12-21'))
    .filter((r) => !(r.includes(',Man Kam To,') && isoOf(r) > '2024-05-31'))
    .map((r) => (r.includes(',Harbour Control,') && isoOf(r) > '2025-11-21' ? r.replace(/,(\d+),(\d+),(\d+),(\d+),$/, ',0,0,0,0,') : r));
  const file = writeHk(dir, 'broken.csv', header, broken);
  db = await openDatabase(join(dir, 'stale.duckdb'));
  await prepareDatabase(db);
  await ingestFile(db, file, { format: 'hk-immd' });
  const r = await forecastAll(db, { horizon: 14, engine: FAST_ENGINE });
  statusLines = r.statusLines;
  note = String((await all(db, `select note from forecast_runs where run_id = $run`, { run: r.runId }))[0]!['note']);
}, 120_000);
afterAll(async () => db && closeDatabase(db));

const span = async (port: string) =>
  (await all(db, `select strftime(min(date), '%Y-%m-%d') as first, strftime(max(last_actual), '%Y-%m-%d') as last_actual, count(*)::int as n,
                         max(mean)::double as top, string_agg(distinct model, ',') as models
                    from forecasts f join ports p using (port_id) where p.name = $port and category = 'total'`, { port }))[0]!;

describe('series that stopped or closed while their source still reports', () => {
  it('a stale series is forecast from the same day as the rest of its source, with its last data date stored', async () => {
    expect(await span('Lo Wu')).toMatchObject({ first: '2026-01-01', last_actual: '2025-12-21', n: 28 });
    expect(await span('Airport')).toMatchObject({ first: '2026-01-01', last_actual: '2025-12-31' });
  });

  it('a series with only zeros lately is forecast as zero, as closed', async () => {
    expect(await span('Harbour Control')).toMatchObject({ first: '2026-01-01', top: 0, models: 'closed' });
  });

  it('a series without data for over a year is not forecast', async () => {
    expect(await span('Man Kam To')).toMatchObject({ n: 0 });
  });

  it("the run's note and the command's lines name each port with its last data date", () => {
    // Sha Tau Kok (passenger clearance suspended) and Hung Hom (through trains stopped) are so in the real file.
    expect(statusLines).toEqual([
      modelMessages.closedPorts('Harbour Control (data to 2025-12-31); Sha Tau Kok (data to 2025-12-31)'),
      modelMessages.stalePorts('Lo Wu (data to 2025-12-21)'),
      modelMessages.gonePorts('Hung Hom (data to 2024-07-30); Man Kam To (data to 2024-05-31)'),
    ]);
    for (const line of statusLines) expect(note).toContain(line);
  });

  it('the API marks each port, and the overview leaves the closed one out', async () => {
    const app = await buildApp({ readDb: db, writeDb: db, config: { ...loadConfig({}), rateLimitMax: 0 } });
    try {
      const ports = (await app.inject({ url: '/api/ports' })).json<Array<{ name: string; forecast_status: string; forecast_from: string | null }>>();
      const status = Object.fromEntries(ports.map((p) => [p.name, p.forecast_status]));
      expect(status).toMatchObject({ 'Lo Wu': 'stale', 'Harbour Control': 'closed', 'Man Kam To': 'not_forecast', Airport: 'current' });
      const rows = (await app.inject({ url: '/api/forecasts?port=Lo%20Wu&direction=arrival' })).json<Array<{ date: string; last_actual: string }>>();
      expect(rows[0]).toMatchObject({ date: '2026-01-01', last_actual: '2025-12-21' });
      const overview = (await app.inject({ url: '/api/charts/overview?format=json' })).payload;
      expect(overview).toContain('Lo Wu');
      expect(overview).not.toContain('Harbour Control');
    } finally {
      await app.close();
    }
  });
});

describe('a monthly port whose measures stopped at different times', () => {
  it('is named with the measures of each status, not under the status of whichever measure comes first', async () => {
    // Madawaska in the real BTS development file: trucks and cars to 2023-06, buses to 2020-01, rail to 2016-07,
    // loaded truck containers to 2023-01.
    const file = new URL('../fixtures/us-bts.madawaska.1996-2023.csv', import.meta.url).pathname;
    const monthly = await openDatabase(join(dir, 'monthly.duckdb'));
    try {
      await prepareDatabase(monthly);
      await ingestFile(monthly, file, { format: 'us-bts' });
      const r = await forecastAll(monthly, { horizon: 3, engine: FAST_ENGINE });
      expect(r.statusLines).toContainEqual(modelMessages.stalePorts('Madawaska: truck containers loaded (data to 2023-01-01)'));
      const gone = r.statusLines.find((l) => l.startsWith(modelMessages.gonePorts('')));
      expect(gone).toContain('Madawaska: ');
      expect(gone).toContain('Madawaska: bus passengers, buses (data to 2020-01-01)');
      expect(gone).toContain('Madawaska: rail containers empty, rail containers loaded, train passengers, trains (data to 2016-07-01)');
      expect(gone).not.toContain('personal vehicle');
    } finally {
      await closeDatabase(monthly);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { prepareDatabase } from '../../src/store/open.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import { RECORD_CAP } from '../../src/models/intervals/conformal.js';
import { HK_SAMPLE, tempDir, writeHk } from '../helpers/files.js';

let db: Database;
const dir = tempDir();

beforeAll(async () => {
  // A real excerpt: the intermittent cruise terminal, the small Harbour Control and busy Lo Wu.
  const lines = readFileSync(HK_SAMPLE, 'utf8').split('\r\n');
  const keep = lines.slice(1).filter((l) => /,(Kai Tak Cruise Terminal|Harbour Control|Lo Wu),/.test(l));
  const file = writeHk(dir, 'hk-immd.daily-passenger-traffic.excerpt.csv', lines[0]!, keep);
  db = await openDatabase(join(dir, 'db.duckdb'));
  await prepareDatabase(db);
  await ingestFile(db, file, { format: 'hk-immd' });
}, 120_000);

afterAll(async () => {
  await closeDatabase(db);
});

describe('intervals on the scale of the data', () => {
  it(`keeps every hi95 of a 56-day forecast within ${RECORD_CAP}x the series' 365-day record`, async () => {
    const { rows } = await forecastAll(db, { horizon: 56 });
    const records = await all(
      db,
      `select port_id, direction, category, max(count)::double as rec from crossings
       where date > (select max(date) from crossings) - interval 365 day group by all`,
    );
    const rec = new Map(records.map((r) => [`${r['port_id']}|${r['direction']}|${r['category']}`, Number(r['rec'])]));
    const ports = new Set(rows.map((r) => r.port));
    expect(ports).toEqual(new Set(['Kai Tak Cruise Terminal', 'Harbour Control', 'Lo Wu']));
    let worst = 0;
    for (const r of rows) {
      const record = rec.get(`${r.port_id}|${r.direction}|${r.category}`)!;
      if (record > 0) worst = Math.max(worst, r.hi95 / record);
    }
    expect(worst).toBeLessThanOrEqual(RECORD_CAP);
    const kaiTak = rows.filter((r) => r.port === 'Kai Tak Cruise Terminal' && r.category === 'total');
    expect(Math.max(...kaiTak.map((r) => r.hi95))).toBeLessThan(100_000);
  }, 240_000);
});

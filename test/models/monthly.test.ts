/**
 * The monthly engine through the 2020–21 border restrictions (issue 20), on real US BTS rows (test/fixtures/README.md):
 * a forecast made after the break neither carries the crash on nor explodes, and its intervals cover the next year.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '../../src/store/db.js';
import { prepareDatabase } from '../../src/store/open.js';
import { ingestFile } from '../../src/ingest/ingestFile.js';
import { autoForecast } from '../../src/models/auto.js';
import { head } from '../../src/models/backtest.js';
import type { HolidayCalendar } from '../../src/models/calendar.js';
import { monthOf } from '../../src/models/dates.js';
import { seasonalNaiveForecast } from '../../src/models/baseline/naive.js';
import type { StoredSeries } from '../../src/models/series.js';
import { loadCalendar, loadSeries } from '../../src/store/series.js';
import { tempDir } from '../helpers/files.js';

const FIXTURE = new URL('../fixtures/us-bts.break.2013-2023.csv', import.meta.url).pathname;
let db: Database;
let list: StoredSeries[];
let calendar: HolidayCalendar;

beforeAll(async () => {
  db = await openDatabase(join(tempDir(), 'monthly.duckdb'));
  await prepareDatabase(db);
  await ingestFile(db, FIXTURE, { format: 'us-bts' });
  calendar = await loadCalendar(db);
  list = (await loadSeries(db)).filter((s) => s.series.freq === 'month');
});
afterAll(async () => closeDatabase(db));

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('monthly engine through the 2020–21 break', () => {
  it('forecasts 2022 from 2021-12 within a sane band of the actuals, with intervals that cover', () => {
    expect(list.length).toBe(3);
    for (const s of list) {
      const cutoff = monthOf('2021-12-01') - s.series.start;
      const train = head(s.series, cutoff);
      const actual = s.series.y.slice(cutoff + 1, cutoff + 13);
      const r = autoForecast(train, 12, { calendar });
      const f = r.forecast;
      const ratio = sum(f.mean) / sum(actual);
      // Before issue 20's round Port Huron's forecast was 0.57 of 2022 with a hi95 of 3x the record; now 1.04.
      // Neither the crash carried on (seasonal naive: 2021 again) nor a steep rebound slope run on for a year.
      expect(ratio, s.series.key).toBeGreaterThan(0.6);
      expect(ratio, s.series.key).toBeLessThan(1.5);
      const naive = sum(seasonalNaiveForecast(train.y, 12, 12).mean) / sum(actual);
      expect(Math.abs(Math.log(ratio)), s.series.key).toBeLessThan(Math.abs(Math.log(naive)));
      // No month above the pre-break record.
      const record = Math.max(...Array.from(train.y).filter(Number.isFinite));
      expect(Math.max(...f.hi80), s.series.key).toBeLessThan(1.5 * record);
      // Cross Border Xpress (opened 2017) had recovered by 2021-12 and grew 40% over 2019 in 2022: its intervals
      // miss that growth (a known gap, docs/models.md); the two ports still in their rebound must be covered.
      if (s.category === 'pedestrians') continue;
      let in95 = 0;
      for (let i = 0; i < 12; i++) if (actual[i]! >= f.lo95[i]! && actual[i]! <= f.hi95[i]!) in95++;
      expect(in95, s.series.key).toBeGreaterThanOrEqual(9);
    }
  });

  it('keeps the years before a drop in the training regime', () => {
    const huron = list.find((s) => s.port.toLowerCase().includes('huron'))!;
    const cutoff = monthOf('2021-12-01') - huron.series.start;
    const r = autoForecast(head(huron.series, cutoff), 12, { calendar });
    expect(huron.series.start + r.regimeStart).toBeLessThan(monthOf('2020-03-01'));
  });
});

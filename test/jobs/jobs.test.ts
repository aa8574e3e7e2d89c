import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, closeDatabase, openDatabase, run, type Database } from '../../src/store/db.js';
import { accuracy } from '../../src/jobs/accuracy.js';
import { backtestAll } from '../../src/jobs/backtest.js';
import { forecastAll, writeForecastCsv } from '../../src/jobs/forecast.js';
import { formatBacktestTable } from '../../src/cli/models.js';
import { dayOf, isoOfDay } from '../../src/models/dates.js';
import { weeklySeries } from '../models/synthetic.js';

let db: Database;
const dir = mkdtempSync(join(tmpdir(), 'crossings-models-'));

beforeAll(async () => {
  db = await openDatabase(':memory:');
  await run(db, `insert into ports (port_id, name) values ('hk-lo-wu', 'Lo Wu'), ('us-2504', 'San Ysidro')`);
  await run(db, `insert into calendar values ('2025-04-18', 'HK', 'Good Friday', 'holiday', 'test')`);
  const start = dayOf('2025-01-01');
  const rows: string[] = [];
  for (const direction of ['arrival', 'departure']) {
    const s = weeklySeries({ start, n: 200, seed: direction === 'arrival' ? 1 : 2 });
    s.y.forEach((v, i) => rows.push(`('hk-lo-wu', '${isoOfDay(start + i)}', null, '${direction}', 'total', ${v}, 'day', 1)`));
  }
  for (let m = 0; m < 60; m++) {
    const date = `${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    rows.push(`('us-2504', '${date}', null, 'arrival', 'pedestrians', ${1000 + 100 * Math.sin(m / 2) + m}, 'month', 2)`);
  }
  await run(db, `insert into crossings values ${rows.join(',')}`);
});

afterAll(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('forecastAll', () => {
  it('forecasts every daily and monthly series from the period after its last date and stores the run', async () => {
    // A clock that advances 2.5 s between reads: the run records the clock's seconds, not the machine's.
    let tick = 0;
    const { runId, rows, seconds } = await forecastAll(db, { horizon: 14, clock: () => (tick++) * 2500 });
    expect(seconds).toBe(2.5);
    expect(rows.length).toBe(3 * 14);
    const lowu = rows.filter((r) => r.port === 'Lo Wu' && r.direction === 'arrival');
    expect(lowu[0]!.date).toBe(isoOfDay(dayOf('2025-01-01') + 200));
    const us = rows.filter((r) => r.port === 'San Ysidro');
    expect(us[0]!.date).toBe('2020-01-01');
    expect(us[1]!.date).toBe('2020-02-01');
    const stored = await all(db, `select count(*)::int as n from forecasts where run_id = $id`, { id: runId });
    expect(stored[0]!['n']).toBe(42);
    const runRow = await all(db, `select horizon, series_count, seconds from forecast_runs where run_id = $id`, { id: runId });
    expect(runRow[0]).toEqual({ horizon: 14, series_count: 3, seconds: 2.5 });
    const file = join(dir, 'f.csv');
    writeForecastCsv(rows, file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('port,direction,category,date,mean,lo80,hi80,lo95,hi95');
    expect(lines.length).toBe(43);
  });
});

describe('backtestAll and accuracy', () => {
  it('scores the engine and seasonal naive per model and series and stores the windows', async () => {
    const summary = await backtestAll(db, { horizon: 14, origins: ['2025-05-31', '2025-06-14'] });
    expect(summary.models.map((m) => m.model).sort()).toEqual(['auto', 'snaive7']);
    const autoRow = summary.models.find((m) => m.model === 'auto')!;
    expect(autoRow.wape).toBeLessThan(15);
    expect(summary.series.length).toBe(4);
    expect(formatBacktestTable(summary)).toContain('peak hit@3');
    const stored = await all(db, `select count(*)::int as n from backtests where run_id = $id`, { id: summary.runId });
    expect(stored[0]!['n']).toBe(2 * 2 * 2 * 14);
  });

  it('scores stored forecasts once actuals arrive', async () => {
    await run(db, `insert into forecasts (run_id, port_id, direction, category, date, model, mean, lo80, hi80, lo95, hi95) values (99, 'hk-lo-wu', 'arrival', 'total', '2025-01-02', 'auto', 100, 90, 110, 80, 120)`);
    await run(db, `insert into forecast_runs values (99, now()::timestamp, 1, '80,95', 1, 0, 'test')`);
    const report = await accuracy(db);
    const r = report.runs.find((x) => x.run_id === 99)!;
    expect(r.n).toBe(1);
  });
});

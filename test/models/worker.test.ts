import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, run, type Database } from '../../src/store/db.js';
import { forecastAll } from '../../src/jobs/forecast.js';
import { fitAll, type FitInput } from '../../src/models/fitting.js';
import { isoOfDay, dayOf } from '../../src/models/dates.js';
import { loadCalendar, loadSeries } from '../../src/store/series.js';
import { fitInWorker } from '../../src/models/worker.js';
import { weeklySeries } from './synthetic.js';

let db: Database;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  await run(db, `insert into ports (port_id, name) values ('hk-lo-wu', 'Lo Wu')`);
  await run(db, `insert into calendar values ('2025-04-18', 'HK', 'Good Friday', 'holiday', 'test')`);
  const start = dayOf('2025-01-01');
  const s = weeklySeries({ start, n: 200, seed: 3 });
  await run(db, `insert into crossings values ${Array.from(s.y, (v, i) => `('hk-lo-wu', '${isoOfDay(start + i)}', null, 'arrival', 'total', ${v}, 'day', 1)`).join(',')}`);
});
afterAll(async () => closeDatabase(db));

describe('fitting in a worker thread', () => {
  it('gives exactly the rows of fitting in this thread', async () => {
    const input: FitInput = { list: await loadSeries(db), calendar: await loadCalendar(db), horizon: 14, engine: {} };
    const here = fitAll(input);
    expect(here).toHaveLength(14);
    expect(await fitInWorker(input)).toEqual(here);
  });

  it('is what forecastAll stores when given as its fit job', async () => {
    let calls = 0;
    const r = await forecastAll(db, { horizon: 7, fit: (input) => { calls++; return fitInWorker(input); } });
    expect(calls).toBe(1);
    expect(r.rows).toHaveLength(7);
    expect(r.rows.every((x) => x.port_id === 'hk-lo-wu' && x.mean > 0)).toBe(true);
  });
});

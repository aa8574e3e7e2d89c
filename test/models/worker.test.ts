import { describe, expect, it } from 'vitest';
import { fitAll, seriesFits, type FitInput } from '../../src/models/fitting.js';
import { dayOf } from '../../src/models/dates.js';
import { emptyCalendar } from '../../src/models/calendar.js';
import { runTasks } from '../../src/models/worker.js';
import type { StoredSeries } from '../../src/models/series.js';
import { weeklySeries } from './synthetic.js';

const start = dayOf('2025-01-01');
const stored = (category: string, seed: number, n = 200): StoredSeries => ({
  port_id: 'hk-lo-wu', port: 'Lo Wu', source: 'hk-immd', direction: 'arrival', category,
  series: { ...weeklySeries({ start, n, seed }), key: `hk-lo-wu|arrival|${category}` },
});
const calendar = { ...emptyCalendar(), hk: new Map([[dayOf('2025-04-18'), 'Good Friday']]) };
// Three current series and one that stopped two weeks early (stale: forecast across its gap).
const input: FitInput = { list: [stored('total', 1), stored('hk_residents', 2), stored('mainland_visitors', 3), stored('other_visitors', 4, 186)], calendar, horizon: 14, engine: {} };
const context = { calendar: input.calendar, horizon: input.horizon, engine: input.engine };

describe('fitting in worker threads', () => {
  it('gives exactly the rows of fitting in this thread, in the same order, for 1 and 2 workers', async () => {
    const here = fitAll(input);
    expect(here).toHaveLength(4 * 14);
    const inline = (await runTasks('forecast', context, seriesFits(input))).flatMap((f) => f.rows);
    const one = (await runTasks('forecast', context, seriesFits(input), { workers: 1 })).flatMap((f) => f.rows);
    const two = (await runTasks('forecast', context, seriesFits(input), { workers: 2 })).flatMap((f) => f.rows);
    expect(inline).toEqual(here);
    expect(JSON.stringify(one)).toBe(JSON.stringify(here));
    expect(JSON.stringify(two)).toBe(JSON.stringify(here));
  });

  it('reports each task as it finishes, counting up to the total', async () => {
    const seen: Array<[number, number]> = [];
    await runTasks('forecast', context, seriesFits(input), { workers: 2, onDone: (index, done) => seen.push([index, done]) });
    expect(seen.map(([, done]) => done)).toEqual([1, 2, 3, 4]);
    expect(seen.map(([index]) => index).sort()).toEqual([0, 1, 2, 3]);
  });

  it('runs nothing for no tasks, and a task that fails rejects the whole run', async () => {
    expect(await runTasks('forecast', context, [], { workers: 2 })).toEqual([]);
    const broken = { ...seriesFits(input)[0]!, s: { ...stored('total', 1), series: undefined as never } };
    await expect(runTasks('forecast', context, [seriesFits(input)[1]!, broken], { workers: 2 })).rejects.toThrow();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { requireForecastRun } from '../../../src/store/lookups.js';
import { CrossingsError, messages, staffingMessages } from '../../../src/messages.js';
import { buildChart, charts, type ChartName } from '../../../src/reports/charts/index.js';
import { CHART_NEEDS, loadChartInput, loadForecastInput, MAX_CHART_DAYS, type ChartOptions } from '../../../src/reports/charts/data.js';
import { templateDatabase } from '../../api/fixture.js';

// The template holds HK daily data for 2024–2025, US BTS monthly data for 2015–2019 and one 56-day forecast run.
const handle = templateDatabase('charts');
let run: number;
beforeAll(async () => {
  run = await requireForecastRun(handle.db);
});

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as CrossingsError);

describe('loadChartInput', () => {
  it.each(Object.keys(charts) as ChartName[])('loads what the %s chart draws, and the builder takes it', async (name) => {
    const o: ChartOptions = { ...(CHART_NEEDS[name].port ? { port: 'hk-lo-wu' } : {}), ...(CHART_NEEDS[name].run ? { run } : {}) };
    const input = await loadChartInput(handle.db, name, o);
    expect(() => buildChart(name, input)).not.toThrow();
  });

  it('gives the forecast chart the run\'s days, clamped, over the eight weeks before them', async () => {
    const input = await loadForecastInput(handle.db, { port: 'hk-lo-wu', run, direction: 'departure' });
    expect(input.forecast).toHaveLength(56);
    expect(input.forecast[0]!.date).toBe('2026-01-01');
    expect(input.forecast.every((r) => r.lo95 >= 0 && r.lo80 >= r.lo95 && r.hi80 >= r.lo80)).toBe(true);
    expect(input.actuals).toHaveLength(56);
    expect(input.actuals.at(-1)!.date).toBe('2025-12-31');
    expect(input).toMatchObject({ per: 'day', direction: 'departure', port: { name: 'Lo Wu', name_zh: '罗湖' } });
  });

  it('speaks of months for a monthly port, with three years of history by default', async () => {
    // US BTS ports count measures, not a total.
    const input = await loadChartInput(handle.db, 'weekday', { port: 'us-0901', category: 'pedestrians' });
    expect(input.per).toBe('month');
    const dates = input.rows.map((r) => r.date);
    expect(dates[0]! >= '2017-01-01').toBe(true);
    expect(dates.at(-1)).toBe('2019-12-01');
  });

  it('throws a not-found error when the run has no forecasts of the category', async () => {
    const err = await failure(loadForecastInput(handle.db, { port: 'hk-lo-wu', run, category: 'no_such_category' }));
    expect(err).toBeInstanceOf(CrossingsError);
    expect(err!.kind).toBe('not_found');
    expect(err!.message).toBe(staffingMessages.categoryNotForecast('Lo Wu', 'no_such_category', ['hk_residents', 'mainland_visitors', 'other_visitors', 'total'], run));
  });

  it('throws a not-found error for a monthly country without forecasts of the category', async () => {
    const err = await failure(loadChartInput(handle.db, 'overview', { run, country: 'US', category: 'trucks_none' }));
    expect(err).toMatchObject({ kind: 'not_found', message: messages.noForecastsForQuery(run, 'US', 'trucks_none') });
  });

  it('hands a range grown from the data to the caller\'s check before reading rows, else refuses it itself', async () => {
    const seen: [string, string, number][] = [];
    const refuse = (from: string, to: string, max: number) => {
      seen.push([from, to, max]);
      throw new Error('too long');
    };
    await expect(loadChartInput(handle.db, 'history', { port: 'hk-lo-wu', from: '2020-01-01', checkLength: refuse })).rejects.toThrow('too long');
    expect(seen).toEqual([['2020-01-01', '2025-12-31', MAX_CHART_DAYS]]);
    const err = await failure(loadChartInput(handle.db, 'ports', { from: '2020-01-01' }));
    expect(err).toMatchObject({ kind: 'invalid', message: messages.rangeTooLong(2192, MAX_CHART_DAYS) });
  });
});

import { describe, expect, it } from 'vitest';
import { auto, combination } from '../../src/models/auto.js';
import { holidayCalendar } from '../../src/models/calendar.js';
import { dayOf } from '../../src/models/dates.js';
import { ets } from '../../src/models/ets/ets.js';
import { mstl } from '../../src/models/ets/mstl.js';
import { seasonalMean, seasonalMeanForecast, seasonalNaive, seasonalNaiveForecast } from '../../src/models/baseline/naive.js';
import { calendarRegression } from '../../src/models/calreg/index.js';
import type { Model, Series } from '../../src/models/types.js';
import { weeklySeries } from './synthetic.js';

const calendar = holidayCalendar([
  { date: '2024-02-10', region: 'CN', name: '春节', kind: 'holiday' },
  { date: '2024-02-11', region: 'CN', name: '春节', kind: 'holiday' },
  { date: '2024-02-18', region: 'CN', name: '春节', kind: 'adjusted_workday' },
  { date: '2024-04-01', region: 'HK', name: 'Easter Monday', kind: 'holiday' },
]);

const series: Series = weeklySeries({ start: dayOf('2023-06-01'), n: 400, seed: 1 });
const monthly: Series = {
  key: 'm',
  freq: 'month',
  start: 2010 * 12,
  y: Float64Array.from({ length: 96 }, (_, i) => 1000 + 10 * i + 200 * Math.sin((2 * Math.PI * i) / 12) + ((i * 37) % 11) * 5),
};

// One line per model: the contract holds for every one of them.
const allModels: Array<[string, Model, Series]> = [
  ['seasonalNaive', seasonalNaive({ season: 7 }), series],
  ['seasonalNaive monthly', seasonalNaive({ season: 12 }), monthly],
  ['seasonalMean', seasonalMean({ season: 7 }), series],
  ['ets', ets({ season: 7 }), series],
  ['ets monthly', ets({ season: 12 }), monthly],
  ['mstl', mstl(), series],
  ['calendarRegression', calendarRegression({ calendar }), series],
  ['combination', combination([calendarRegression({ calendar }), mstl()]), series],
  ['auto', auto({ calendar }), series],
  ['auto monthly', auto({ calendar }), monthly],
];

describe.each(allModels)('%s', (_name, model, s) => {
  const h = 30;
  const f = model.fit(s).predict(h, [80, 95]);

  it('returns h values in every array', () => {
    for (const a of [f.mean, f.lo80, f.hi80, f.lo95, f.hi95]) expect(a.length).toBe(h);
  });

  it('orders lo95 <= lo80 <= mean <= hi80 <= hi95, all finite and non-negative', () => {
    for (let i = 0; i < h; i++) {
      expect(Number.isFinite(f.hi95[i]!)).toBe(true);
      expect(f.lo95[i]!).toBeGreaterThanOrEqual(0);
      expect(f.lo95[i]!).toBeLessThanOrEqual(f.lo80[i]!);
      expect(f.lo80[i]!).toBeLessThanOrEqual(f.mean[i]!);
      expect(f.mean[i]!).toBeLessThanOrEqual(f.hi80[i]!);
      expect(f.hi80[i]!).toBeLessThanOrEqual(f.hi95[i]!);
    }
  });

  it('fits deterministically: a second fit predicts the same', () => {
    const g = model.fit(s).predict(h, [80, 95]);
    expect(Array.from(g.mean)).toEqual(Array.from(f.mean));
    expect(Array.from(g.hi95)).toEqual(Array.from(f.hi95));
  });

  it('stays in the range of the data', () => {
    const max = Math.max(...Array.from(s.y).filter(Number.isFinite));
    for (const v of f.mean) expect(v).toBeLessThan(3 * max);
  });
});

describe('fit().predict() equals the one-shot forecast', () => {
  it('seasonal naive', () => {
    expect(seasonalNaive({ season: 7 }).fit(series).predict(21)).toEqual(seasonalNaiveForecast(series.y, 21, 7));
  });
  it('seasonal mean', () => {
    expect(seasonalMean({ season: 7, seasons: 4 }).fit(series).predict(21)).toEqual(seasonalMeanForecast(series.y, 21, 7, 4));
  });
});

describe('never negative', () => {
  it('a series falling towards zero forecasts zero or more', () => {
    const y = Float64Array.from({ length: 200 }, (_, i) => Math.max(0, 400 - 2 * i) + (i % 7) * 3);
    const s: Series = { key: 'fall', freq: 'day', start: dayOf('2024-01-01'), y };
    for (const m of [seasonalNaive({ season: 7 }), ets({ season: 7 }), mstl(), calendarRegression({ calendar }), auto({ calendar })]) {
      const f = m.fit(s).predict(60);
      for (const v of f.lo95) expect(v).toBeGreaterThanOrEqual(0);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { autoForecast } from '../../src/models/auto.js';
import { emptyCalendar, holidayCalendar } from '../../src/models/calendar.js';
import { dayOf, monthOf, weekday } from '../../src/models/dates.js';
import type { Series } from '../../src/models/types.js';
import { normal, weeklySeries } from './synthetic.js';

describe('regime breaks and outages', () => {
  it('the engine forecasts the reopened level, not the closed years', () => {
    const y = new Float64Array(900);
    y.set(weeklySeries({ start: 800, n: 300, seed: 6 }).y, 600);
    const r = autoForecast({ key: 'x', freq: 'day', start: 200, y }, 14, { calendar: holidayCalendar([]) });
    expect(r.regimeStart).toBe(600);
    const mean = r.forecast.mean.reduce((a, b) => a + b, 0) / 14;
    expect(mean).toBeGreaterThan(8000);
  });
});

describe('conformal intervals', () => {
  it('the engine gives the weeks around the Spring Festival the holiday intervals, not only the days next to it', () => {
    const start = dayOf('2023-01-02');
    const series = weeklySeries({ start, n: dayOf('2024-12-31') - start + 1, seed: 8 });
    const calendar = holidayCalendar([{ date: '2025-01-27', region: 'CN', name: '春节', kind: 'holiday' }]);
    const wide = autoForecast(series, 56, { calendar }).forecast;
    const plain = autoForecast(series, 56, { calendar, holidayWiden: 0 }).forecast;
    const at = (iso: string) => dayOf(iso) - dayOf('2025-01-01');
    // 10 January: 15 days before the festival's block (25–27 January), inside its season (28 days before to 14 after).
    expect(wide.hi80[at('2025-01-10')]! - wide.mean[at('2025-01-10')]!).toBeGreaterThan(1.2 * (plain.hi80[at('2025-01-10')]! - plain.mean[at('2025-01-10')]!));
    // 21 February is past the season: the ordinary intervals.
    expect(wide.hi80[at('2025-02-21')]!).toBeCloseTo(plain.hi80[at('2025-02-21')]!, 6);
  });

  it('calibrate monthly intervals on older windows as well, but select the model on the recent ones', () => {
    // 20 years of a seasonal monthly series: noisy (log sd 0.25) until 6 years before the end, calm (0.03) since.
    const z = normal(5);
    const n = 240;
    const y = Float64Array.from({ length: n }, (_, t) => Math.round(50_000 * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 12)) * Math.exp((t < n - 72 ? 0.25 : 0.03) * z())));
    const series: Series = { key: 'monthly', freq: 'month', start: monthOf('2000-01-01'), y };
    const calendar = emptyCalendar();
    const recentOnly = autoForecast(series, 12, { calendar, calibrationFolds: 6 });
    const withOlder = autoForecast(series, 12, { calendar });
    // The default, 10 windows of 12 months, reaches back into the noisy years; 6 windows do not.
    const width = (f: typeof withOlder.forecast) => Math.log(f.hi80[0]! / f.mean[0]!);
    expect(width(withOlder.forecast)).toBeGreaterThan(2 * width(recentOnly.forecast));
    expect(withOlder.scores).toEqual(recentOnly.scores);
    expect(withOlder.model).toBe(recentOnly.model);
  });
});

describe('engine candidates', () => {
  it('the seasonal median looks back meanSeasons weeks (default 8)', async () => {
    const { candidateModels } = await import('../../src/models/auto.js');
    const { seasonalMeanForecast } = await import('../../src/models/baseline/naive.js');
    const series = weeklySeries({ start: dayOf('2024-01-01'), n: 200, seed: 3 });
    const y = Float64Array.from(series.y);
    for (let i = y.length - 35; i < y.length; i++) y[i] = y[i]! * 2; // the last 5 weeks doubled
    const s = { ...series, y };
    const calendar = holidayCalendar([]);
    const smean = (o: { meanSeasons?: number }) => candidateModels(s, { calendar, ...o }).find((m) => m.name === 'smean')!.fit(s).predict(14).mean;
    expect(smean({})).toEqual(seasonalMeanForecast(y, 14, 7, 8).mean);
    expect(smean({ meanSeasons: 4 })).toEqual(seasonalMeanForecast(y, 14, 7, 4).mean);
    // With 4 weeks all doubled the median doubles; with 8 (5 doubled of 8) it still does; with 12 it does not.
    expect(smean({ meanSeasons: 12 })[0]!).toBeLessThan(0.8 * smean({ meanSeasons: 4 })[0]!);
  });

  it('a sparse series (a cruise terminal) keeps the regression as a candidate, chosen on its backtest error alone', async () => {
    const { candidateModels, zeroShare } = await import('../../src/models/auto.js');
    const start = dayOf('2023-01-02');
    const n = 700;
    const z = normal(5);
    // A ship on most Saturdays (about 3,000 passengers), now and then on a Wednesday; nothing on other days.
    const y = Float64Array.from({ length: n }, (_, i) => {
      const wd = weekday(start + i);
      const u = z();
      return (wd === 5 && u > -1) || (wd === 2 && u > 1) ? Math.round(3000 * Math.exp(0.2 * z())) : 0;
    });
    const series = { key: 'ships', freq: 'day' as const, start, y };
    const calendar = holidayCalendar([]);
    expect(zeroShare(series)).toBeGreaterThan(0.3);
    expect(candidateModels(series, { calendar }).map((m) => m.name)).toEqual(['snaive7', 'smean', 'calreg']);
    const r = autoForecast(series, 28, { calendar });
    expect(Object.keys(r.scores).sort()).toEqual(['calreg', 'smean', 'snaive7']);
    expect(r.scores[r.model]).toBe(Math.min(...Object.values(r.scores)));
    // Nothing but zeros lately (a closed terminal): no regression.
    const closed = { ...series, y: new Float64Array(n) };
    expect(candidateModels(closed, { calendar }).map((m) => m.name)).toEqual(['snaive7', 'smean']);
  });
});

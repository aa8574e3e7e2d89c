import { describe, expect, it } from 'vitest';
import { autoForecast, closeParts } from '../../src/models/auto.js';
import { holidayCalendar } from '../../src/models/calendar.js';
import { dayOf } from '../../src/models/dates.js';
import { autoEts, etsExplain, etsPredict } from '../../src/models/ets/ets.js';
import { calendarRegression, explainCalendarRegression, fitCalendarRegression, predictCalendarRegression } from '../../src/models/calreg/index.js';
import { builtInEvents, cnHolidays, hkHolidays } from '../../src/store/calendars.js';
import type { Part, Series } from '../../src/models/types.js';
import { normal, weeklySeries } from './synthetic.js';

const calendar = holidayCalendar([...hkHolidays(), ...cnHolidays(), ...builtInEvents()]);
const sum = (parts: readonly Part[]) => parts.reduce((s, p) => s + p.value, 0);

/** Two years of weekly-patterned counts to 2025-12-31 with a flood before each Spring Festival. */
function festiveSeries(): Series {
  const start = dayOf('2024-01-01');
  const base = weeklySeries({ start, n: 731, seed: 7 });
  const y = base.y.slice();
  for (const d of [dayOf('2024-02-09'), dayOf('2025-01-28')]) y[d - 1 - start] = y[d - 1 - start]! * 1.6;
  return { ...base, y };
}

describe('forecast components', () => {
  it('the calendar regression parts add up to its log forecast, and name the Lunar New Year', () => {
    const series = festiveSeries();
    const fit = fitCalendarRegression(series, { calendar });
    const h = 56;
    const z = predictCalendarRegression(fit, calendar, h);
    const parts = explainCalendarRegression(fit, calendar, h);
    expect(parts).toHaveLength(h);
    parts.forEach((day, i) => expect(sum(day)).toBeCloseTo(z[i]!, 9));
    // 2026-02-16 is the Lunar New Year's eve (the new year's day is 17 February).
    const eve = parts[dayOf('2026-02-16') - dayOf('2026-01-01')]!;
    const lny = eve.filter((p) => p.kind === 'holiday' && /Spring|Lunar/.test(p.name ?? ''));
    expect(lny.length).toBeGreaterThan(0);
    expect(lny.every((p) => p.phase === 'before' && p.days === 1)).toBe(true);
    expect(eve.some((p) => p.kind === 'weekly')).toBe(true);
    expect(eve.some((p) => p.kind === 'yearly')).toBe(true);
  });

  it('the model object explains what it predicts, ensemble members averaged', () => {
    const series = festiveSeries();
    const fitted = calendarRegression({ calendar, variants: [{ halfLife: 200 }] }).fit(series);
    const f = fitted.predict(28);
    fitted.explain!(28).forEach((day, i) => expect(Math.expm1(sum(day))).toBeCloseTo(f.mean[i]!, 6));
  });

  it('ETS parts are level and month of year, adding up to its forecast', () => {
    const z = normal(3);
    const y = Float64Array.from({ length: 96 }, (_, i) => 8 + 0.3 * Math.sin((2 * Math.PI * i) / 12) + 0.02 * z());
    const fit = autoEts(y, 12);
    const mean = etsPredict(fit, 12).mean;
    etsExplain(fit, 12).forEach((day, i) => {
      expect(day.map((p) => p.kind)).toEqual(['level', 'month_of_year']);
      expect(sum(day)).toBeCloseTo(mean[i]!, 9);
    });
  });

  it('the engine returns parts that add up to its capped mean', () => {
    const r = autoForecast(festiveSeries(), 56, { calendar });
    expect(r.model).toBe('calreg');
    r.parts!.forEach((day, i) => expect(Math.expm1(sum(day))).toBeCloseTo(r.forecast.mean[i]!, 6));
  });

  it('a limit part closes what the cap took off', () => {
    const closed = closeParts([[{ kind: 'level', value: Math.log1p(100) }]], Float64Array.of(50));
    expect(closed[0]!.map((p) => p.kind)).toEqual(['level', 'limit']);
    expect(Math.expm1(sum(closed[0]!))).toBeCloseTo(50, 9);
  });
});

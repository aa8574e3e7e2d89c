import { describe, expect, it } from 'vitest';
import { clampRow, easterSunday, engineMarks, forecastError, rangeAnswer, rangePresets, seasonOf, yearAgoShift, type RangeDay } from '../../src/reports/range.js';

const day = (date: string, mean: number, actual: number | null, band = 10): RangeDay => ({ date, mean, lo80: mean - band, hi80: mean + band, lo95: null, hi95: null, actual });
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('forecastError', () => {
  it('scores only days with an actual: WAPE, bias, 80% hits and the worst day', () => {
    const e = forecastError([day('2025-12-01', 100, 110), day('2025-12-02', 200, 150), day('2025-12-03', 300, null)]);
    expect(e.days).toBe(2);
    expect(e.wape).toBeCloseTo(60 / 260, 12);
    expect(e.bias).toBeCloseTo(300 / 260 - 1, 12);
    expect(e.inside80).toBe(1);
    expect(e.worst).toEqual({ date: '2025-12-02', actual: 150, mean: 200 });
  });

  it('has no WAPE or bias without actuals', () => {
    expect(forecastError([day('2025-12-01', 100, null)])).toEqual({ days: 0, wape: null, bias: null, inside80: 0, worst: null });
  });
});

describe('calendar helpers', () => {
  it('computes Easter Sunday', () => {
    expect(['2024', '2025', '2026'].map((y) => easterSunday(Number(y)))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05']);
  });

  it('lines a range holding the Lunar New Year up on last year\'s, else goes back 364 days', () => {
    expect(yearAgoShift('2026-02-10', '2026-02-24')).toEqual({ days: 384, festival: 'lunar_new_year', date: '2026-02-17', lastYear: '2025-01-29' });
    expect(yearAgoShift('2025-06-02', '2025-06-08')).toEqual({ days: 364, festival: null, date: null, lastYear: null });
  });

  it('gives the meteorological season of a day, winter across the year end', () => {
    expect(seasonOf('2026-01-15')).toEqual({ from: '2025-12-01', to: '2026-02-28' });
    expect(seasonOf('2025-08-31')).toEqual({ from: '2025-06-01', to: '2025-08-31' });
  });

  it('clamps a forecast day at zero, keeping missing bounds missing', () => {
    expect(clampRow({ date: '2025-01-01', mean: -1, lo80: -5, hi80: 3, lo95: null, hi95: null })).toEqual({ date: '2025-01-01', mean: 0, lo80: 0, hi80: 3, lo95: null, hi95: null });
  });
});

describe('engineMarks', () => {
  it('marks an interior closure as a span and leaves a holiday low alone', () => {
    const start = dayNumber('2025-01-01');
    const y = Float64Array.from({ length: 120 }, (_, i) => (i >= 50 && i < 53 ? 0 : 10_000 + (i % 7) * 500));
    const marks = engineMarks(start, y, new Set());
    expect(marks.regimeStart).toBeNull();
    expect(marks.closures).toEqual([{ start: '2025-02-20', end: '2025-02-22' }]);
  });
});

describe('rangeAnswer', () => {
  it('joins the past forecast to the actuals, scores it and shifts last year onto the range', () => {
    const series = { start: dayNumber('2025-12-01'), y: Float64Array.from([100, 120, 130]) };
    const answer = rangeAnswer({
      port: 'p', direction: 'arrival', category: 'total', from: '2025-12-01', to: '2025-12-04', lang: 'en', run: 7, series,
      shift: yearAgoShift('2025-12-01', '2025-12-04'),
      actualRows: [
        { date: '2025-12-01', direction: 'arrival', count: 100 }, { date: '2025-12-01', direction: 'departure', count: 1 },
        { date: '2025-12-02', direction: 'arrival', count: 120 }, { date: '2025-12-03', direction: 'arrival', count: 130 },
      ],
      lastYearRows: [{ date: '2024-12-02', direction: 'arrival', count: 90 }],
      holidayRows: [],
      forecast: [{ date: '2025-12-04', mean: -3, lo80: -10, hi80: 5, lo95: null, hi95: null }],
      past: { source: 'backtest', run_id: 2, model: 'auto', made: '2025-11-30', rows: [day('2025-12-01', 110, null), day('2025-12-02', 100, null)] },
    });
    expect(answer.last_actual).toBe('2025-12-03');
    expect(answer.actuals).toEqual([{ date: '2025-12-01', count: 100 }, { date: '2025-12-02', count: 120 }, { date: '2025-12-03', count: 130 }]);
    expect(answer.forecast[0]).toMatchObject({ mean: 0, lo80: 0, hi80: 5 });
    expect(answer.past?.rows.map((r) => r.actual)).toEqual([100, 120]);
    expect(answer.past?.error).toMatchObject({ days: 2, inside80: 1, worst: { date: '2025-12-02', actual: 120, mean: 100 } });
    expect(answer.last_year.rows).toEqual([{ date: '2025-12-01', source_date: '2024-12-02', count: 90 }]);
  });
});

describe('rangePresets', () => {
  it('offers the next 8 weeks, the next holiday of three days or more with its run-up, the season and last year', () => {
    const holidays = ['2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({ date, name: 'Lunar New Year', region: 'HK' }));
    const p = rangePresets('2025-12-31', [{ date: '2026-01-01', name: 'New Year', region: 'HK' }, ...holidays], 'en');
    expect(p.next8).toEqual({ from: '2026-01-01', to: '2026-02-25' });
    expect(p.holiday).toMatchObject({ from: '2026-02-14', to: '2026-02-23' });
    expect(p.season).toEqual({ from: '2025-12-01', to: '2026-02-28' });
    expect(p.last_year).toEqual({ from: '2025-01-01', to: '2025-02-25' });
  });
});

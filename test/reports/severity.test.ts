import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/isoDays.js';
import { excessOver, holidayTest, hysteresis, normalOf, phaseOf, significanceLevels } from '../../src/reports/severity.js';

/** Daily values from `start`, one per day. */
const daily = (start: string, values: readonly number[]) => new Map(values.map((v, i) => [addDays(start, i), v]));
const noHoliday = () => false;

describe('normal for the weekday and season', () => {
  // Eight forecast weeks from Thursday 2026-01-01: a ship of 4700 every Tuesday, nobody otherwise.
  const ships = daily('2026-01-01', Array.from({ length: 56 }, (_, i) => (new Date(Date.parse('2026-01-01') + i * 864e5).getUTCDay() === 2 ? 4700 : 0)));
  const none = new Map<string, number>();

  it('makes a regular weekly pattern its own normal: every Tuesday\'s ship is no excess', () => {
    const n = normalOf('2026-01-20', { forecast: ships, actual: none }, 'week', noHoliday, 700)!;
    expect(n.normal).toBe(4700);
    expect(excessOver(4700, n)).toBe(0);
  });

  it('measures a one-off ship on an empty weekday against the port\'s mean day, not zero', () => {
    const n = normalOf('2026-01-22', { forecast: ships, actual: none }, 'week', noHoliday, 700)!;
    expect(n.normal).toBe(0);
    expect(n.scale).toBe(350);
    expect(excessOver(4700, n)).toBeCloseTo(4700 / 350, 9);
  });

  it('leaves holiday weeks out of the normal', () => {
    const forecast = daily('2026-02-01', Array.from({ length: 28 }, (_, i) => (i === 7 || i === 14 ? 300 : 100)));
    const holiday = holidayTest([{ start: '2026-02-08', end: '2026-02-15' }], 0);
    expect(normalOf('2026-02-22', { forecast, actual: none }, 'week', holiday, 0)?.normal).toBe(100);
    expect(normalOf('2026-02-22', { forecast, actual: none }, 'week', noHoliday, 0)?.normal).toBe(300);
  });

  it('tops up a short forecast with the latest same-weekday actuals', () => {
    const forecast = daily('2026-01-01', [500, 500, 500, 500, 500, 500, 500]);
    const actual = daily('2025-11-06', Array.from({ length: 56 }, (_, i) => 100 + i));
    const n = normalOf('2026-01-01', { forecast, actual }, 'week', noHoliday, 0)!;
    // Thursdays of the actuals, newest first: 25 Dec (149), 18 Dec (142), 11 Dec (135).
    expect(n.neighbours).toBe(3);
    expect(n.normal).toBe(142);
  });

  it('takes the same month of recent years for a monthly series', () => {
    const forecast = new Map([['2024-07-01', 1300], ['2024-08-01', 900]]);
    const actual = new Map([['2023-07-01', 1000], ['2022-07-01', 1100], ['2021-07-01', 900], ['2023-08-01', 5000]]);
    expect(phaseOf([...forecast.keys()])).toBe('year');
    expect(normalOf('2024-07-01', { forecast, actual }, 'year', noHoliday, 0)?.normal).toBe(1000);
  });
});

describe('significance', () => {
  it('needs one day past the minimum excess, and keeps only neighbours past the lower exit level', () => {
    const { enter, exit } = significanceLevels({ minExcess: 0.15 });
    expect(exit).toBeCloseTo(0.075, 9);
    expect(hysteresis([0.01, 0.2, 0.1, 0.05, 0.3, 0.1], enter, exit)).toEqual([false, true, true, false, true, true]);
    // Days barely over the line, however many, make no period.
    expect(hysteresis([0.01, 0.14, 0.1, 0.14], enter, exit)).toEqual([false, false, false, false]);
  });
});

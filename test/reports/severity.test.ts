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

  it('measures a month against the mean month of its year, not against the break years', () => {
    // A port at 40% of its traffic in 2021-22, back to 1,000 a month from 2023 with a July high of 1,300.
    const month = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;
    const actual = new Map<string, number>();
    const forecast = new Map<string, number>();
    for (let y = 2021; y <= 2025; y++) {
      for (let m = 1; m <= 12; m++) {
        const level = y <= 2022 ? 400 : 1000;
        const v = m === 7 ? level * 1.3 : level;
        (y >= 2024 ? forecast : actual).set(month(y, m), v);
      }
    }
    expect(phaseOf([...forecast.keys()])).toBe('year');
    const july = normalOf('2024-07-01', { forecast, actual }, 'year', noHoliday, 0)!;
    expect(july.neighbours).toBe(12);
    expect(july.normal).toBeCloseTo(1025, 6);
    expect(excessOver(1300, july)).toBeCloseTo(1300 / 1025 - 1, 6);
    // An ordinary month of the forecast is at its normal, however low the same month was in 2021-22.
    expect(excessOver(1000, normalOf('2024-03-01', { forecast, actual }, 'year', noHoliday, 0)!)).toBeCloseTo(-0.0244, 3);
    // The last month of the forecast slides its year back; a month with no twelve known around it has no normal.
    expect(normalOf('2025-12-01', { forecast, actual }, 'year', noHoliday, 0)?.normal).toBeCloseTo(1025, 6);
    expect(normalOf('2024-07-01', { forecast: new Map([['2024-07-01', 5], ['2024-08-01', 5]]), actual: new Map() }, 'year', noHoliday, 0)).toBeNull();
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

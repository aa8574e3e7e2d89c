import { describe, expect, it } from 'vitest';
import { eventRuns, lunarNewYear, winterSolstice, winterSolstices } from '../../src/models/calendar.js';
import { dayOf, isoOfDay } from '../../src/models/dates.js';
import { cantonFairCalendar } from '../helpers/calendars.js';

describe('lunar calendar', () => {
  it('knows the lunar new year', () => {
    expect([2023, 2024, 2025, 2026].map((y) => isoOfDay(lunarNewYear(y)))).toEqual(['2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17']);
  });
});

describe('Winter Solstice', () => {
  it('dates the festival by the solstice in Hong Kong time (HKO: 21 Dec 2021 at 23:59, 22 Dec 2022, 21 Dec 2025)', () => {
    expect(isoOfDay(winterSolstice(2021))).toBe('2021-12-21');
    expect(isoOfDay(winterSolstice(2022))).toBe('2022-12-22');
    expect(isoOfDay(winterSolstice(2024))).toBe('2024-12-21');
    expect(isoOfDay(winterSolstice(2025))).toBe('2025-12-21');
    expect(isoOfDay(winterSolstice(2026))).toBe('2026-12-22');
    expect(winterSolstices(dayOf('2023-01-01'), dayOf('2025-12-20')).map(isoOfDay)).toEqual(['2023-12-22', '2024-12-21']);
  });
});

describe('events (Canton Fair)', () => {
  const calendar = cantonFairCalendar();

  it('finds each phase as a run of days', () => {
    const runs = eventRuns(calendar, /^Canton Fair phase [12]\b/, dayOf('2024-10-01'), dayOf('2024-11-10'));
    expect(runs.map((r) => [isoOfDay(r.start), isoOfDay(r.end)])).toEqual([
      ['2024-10-15', '2024-10-19'],
      ['2024-10-23', '2024-10-27'],
    ]);
  });
});

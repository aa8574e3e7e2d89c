import { describe, expect, it } from 'vitest';
import { dayOf, isoOfDay, isoOfMonth, monthOf, weekday } from '../../src/models/dates.js';

describe('dates', () => {
  it('round-trips days and months and knows the weekday', () => {
    expect(isoOfDay(dayOf('2025-02-26'))).toBe('2025-02-26');
    expect(weekday(dayOf('2025-02-26'))).toBe(2); // a Wednesday
    expect(isoOfMonth(monthOf('2019-12-01') + 1)).toBe('2020-01-01');
  });
});

import { holidayCalendar, type HolidayCalendar } from '../../src/models/calendar.js';
import { dayOf, isoOfDay } from '../../src/models/dates.js';

/** The Canton Fair's three phases of five days, spring and autumn, 2022–2024, as mainland events. */
export function cantonFairCalendar(): HolidayCalendar {
  const rows = [];
  for (const y of [2022, 2023, 2024]) {
    for (const [m, label] of [['04', 'spring'], ['10', 'autumn']] as const) {
      const s0 = dayOf(`${y}-${m}-15`);
      for (let ph = 0; ph < 3; ph++) for (let k = 0; k < 5; k++) rows.push({ date: isoOfDay(s0 + 8 * ph + k), region: 'CN', name: `Canton Fair phase ${ph + 1} (${y} ${label})`, kind: 'event' });
    }
  }
  return holidayCalendar(rows);
}

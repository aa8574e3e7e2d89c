/**
 * Shift templates: the start and length of each shift at a port (3 × 8 h, 4 × 6 h, a split peak shift), stored
 * in the shift_templates table. A port without one gets a default fitted to its usual opening hours, so no
 * officer is rostered for a shift the port is closed through:
 *
 * - open 24 hours: morning 07:00, afternoon 15:00, night 23:00, 8 hours each;
 * - open part of the day: the open hours in two shifts (one if they are 10 hours or fewer) split on a slot
 *   boundary, the first no longer than the second (Lo Wu 06:30–24:00: early 06:30–15:00, late 15:00–24:00),
 *   and the closed hours as a night shift, which is rostered only on a day the port opens then (a holiday
 *   night) and otherwise left out of the plan.
 */
import type { Database } from '../../store/db.js';
import { all, hasTable, run, transaction } from '../../store/db.js';
import { CrossingsError, staffingMessages as msg } from '../../messages.js';
import { openInterval, type HoursRule } from './hours.js';
import { assertStaffingParams, clock, DEFAULT_STAFFING_PARAMS, parseClock, withStaffingDefaults, type Shift } from './params.js';

/** A port's shifts and where they come from. */
export interface ShiftTemplate {
  port_id: string;
  shifts: Shift[];
  source: string;
  /** True when the template is stored for the port (crossings shifts set), false for the default. */
  stored: boolean;
}

/** One shift of a template as outputs show it: name, "06:30–15:00" (parts joined by " + "), and its hours. */
export interface ShiftTimes {
  name: string;
  start: string;
  end: string;
  times: string;
  hours: number;
}

/** The default template of a port with these usual hours (none: open 24 hours), on `slotMinutes` boundaries. */
export function defaultShifts(usual: Pick<HoursRule, 'opens' | 'closes'> | undefined, slotMinutes: number): { shifts: Shift[]; source: string } {
  const [o, c] = usual ? openInterval(usual) : [0, 1440];
  // A half-open slot is open (hours.openFractions), so the shifts reach out to whole slots.
  const open = Math.floor(o / slotMinutes) * slotMinutes;
  const close = Math.min(open + 1440, Math.ceil(c / slotMinutes) * slotMinutes);
  const length = close - open;
  if (length >= 1440) return { shifts: DEFAULT_STAFFING_PARAMS.shifts.map((s) => ({ ...s })), source: 'default for a port open 24 hours: 3 × 8 h' };
  const hours = (minutes: number) => minutes / 60;
  const shifts: Shift[] = length <= 600
    ? [{ name: 'day', start: clock(open % 1440), hours: hours(length) }]
    : (() => {
      const first = Math.floor(length / 2 / slotMinutes) * slotMinutes;
      return [
        { name: 'early', start: clock(open % 1440), hours: hours(first) },
        { name: 'late', start: clock((open + first) % 1440), hours: hours(length - first) },
      ];
    })();
  shifts.push({ name: 'night', start: clock(close % 1440), hours: hours(1440 - length) });
  const text = `${usual?.opens ?? '00:00'}–${usual?.closes ?? '24:00'}`;
  return { shifts, source: `default for opening hours ${text}: the open hours in ${shifts.length - 1} shift${shifts.length === 2 ? '' : 's'}, the night rostered only when the port opens then` };
}

/** End of a shift part as HH:MM: "24:00" for midnight at the end of its day. Example: 15:00 + 9 h → "24:00". */
function endClock(start: number, hours: number): string {
  const end = start + hours * 60;
  return end === 1440 ? '24:00' : clock(end % 1440);
}

/** Each shift of a template once, in roster order, with its times; a split shift's parts joined. */
export function shiftTimes(shifts: readonly Shift[]): ShiftTimes[] {
  const out = new Map<string, ShiftTimes>();
  for (const s of shifts) {
    const start = parseClock(s.start) ?? 0;
    const part = `${s.start}–${endClock(start, s.hours)}`;
    const seen = out.get(s.name);
    if (seen) {
      seen.times = `${seen.times} + ${part}`;
      seen.end = endClock(start, s.hours);
      seen.hours += s.hours;
    } else out.set(s.name, { name: s.name, start: s.start, end: endClock(start, s.hours), times: part, hours: s.hours });
  }
  return [...out.values()];
}

/**
 * Shifts from text: `name=HH:MM-HH:MM` items separated by commas (a name given twice: a split shift; no name:
 * "shift 1", "shift 2"...). Example: "early=06:30-15:00,late=15:00-24:00".
 */
export function parseShiftSpec(text: string): Shift[] {
  const items = text.split(',').map((t) => t.trim()).filter(Boolean);
  if (items.length === 0) throw new CrossingsError(msg.badShiftSpec(text, 'no shift given'));
  return items.map((item, i) => {
    const m = /^(?:([^=]+)=)?\s*(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})$/.exec(item);
    if (!m) throw new CrossingsError(msg.badShiftSpec(item, 'expected name=HH:MM-HH:MM'));
    const start = parseClock(m[2] ?? '');
    const end = m[3] === '24:00' ? 1440 : parseClock(m[3] ?? '');
    if (start === undefined || end === undefined) throw new CrossingsError(msg.badShiftSpec(item, 'times must be HH:MM, 00:00 to 24:00'));
    const minutes = end > start ? end - start : end + 1440 - start;
    return { name: m[1]?.trim() || `shift ${i + 1}`, start: clock(start), hours: minutes / 60 };
  });
}

/** The template a port's plans use: its stored rows, else the default for its usual hours. */
export async function loadShiftTemplate(db: Database, port: string, usual: Pick<HoursRule, 'opens' | 'closes'> | undefined, slotMinutes = 30): Promise<ShiftTemplate> {
  const rows = (await hasTable(db, 'shift_templates'))
    ? await all(db, `select shift, start, hours, source from shift_templates where port_id = $port order by position`, { port })
    : [];
  if (rows.length === 0) return { port_id: port, ...defaultShifts(usual, slotMinutes), stored: false };
  const shifts = rows.map((r) => ({ name: String(r['shift']), start: String(r['start']), hours: Number(r['hours']) }));
  return { port_id: port, shifts, source: String(rows[0]?.['source'] ?? '') || 'shift_templates', stored: true };
}

/** Checks a port's shifts (on 30-minute slots, none overlapping) and stores them, replacing its template. */
export async function setShiftTemplate(db: Database, port: string, shifts: readonly Shift[], source: string): Promise<void> {
  assertStaffingParams(withStaffingDefaults({ shifts: [...shifts] }));
  await transaction(db, async () => {
    await run(db, `delete from shift_templates where port_id = $port`, { port });
    for (const [i, s] of shifts.entries()) {
      await run(db, `insert into shift_templates values ($port, $position, $shift, $start, $hours, $source)`, { port, position: i, shift: s.name, start: s.start, hours: s.hours, source });
    }
  });
}

/** Removes a port's stored template: its plans go back to the default for its hours. */
export async function resetShiftTemplate(db: Database, port: string): Promise<void> {
  await run(db, `delete from shift_templates where port_id = $port`, { port });
}

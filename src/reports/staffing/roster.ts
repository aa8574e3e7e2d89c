/**
 * From slot rows to the roster: each slot's shift, the shift rows (the peak slot decides), and the officers
 * per port and shift after shrinkage, apportioned so every output adds up to the same figure.
 */
import { GROUPS } from './targets.js';
import { CHANNELS, clock, parseClock, type StaffingParams } from './params.js';
import { shiftTimes } from './shifts.js';
import type { OfficerShift, StaffingShift, StaffingSlot } from './plan.js';

/** Rostered officers for officers on position: ÷ (1 − shrinkage), rounded up. Example: 14 at 30% → 20. */
export function withShrinkage(onPosition: number, shrinkage: number): number {
  // 14 / 0.7 is 20.000000000000004 in floating point; do not let that become 21.
  return Math.max(0, Math.ceil(onPosition / (1 - shrinkage) - 1e-9)); // max: ceil(-1e-9) is -0
}

/** For each slot of the day: its start HH:MM, its shift, and whether that shift started the day before (past midnight); undefined outside every shift. */
export function slotShifts(params: StaffingParams): ({ start: string; name: string; previousDay: boolean } | undefined)[] {
  const out: ({ start: string; name: string; previousDay: boolean } | undefined)[] = [];
  for (let minute = 0; minute < 1440; minute += params.slotMinutes) {
    const s = params.shifts.find((x) => (minute - (parseClock(x.start) ?? 0) + 1440) % 1440 < x.hours * 60);
    // A slot no shift covers stays undefined at its index: the port is closed then.
    out.push(s && { start: clock(minute), name: s.name, previousDay: minute < (parseClock(s.start) ?? 0) });
  }
  return out;
}

/** Shift rows from slot rows: peak and mean positions and officers per port, direction, shift and channel. */
export function rollUpShifts(slots: readonly StaffingSlot[], params: StaffingParams): StaffingShift[] {
  const slotHours = params.slotMinutes / 60;
  const perShift = new Map<string, number>();
  for (const s of params.shifts) perShift.set(s.name, (perShift.get(s.name) ?? 0) + (s.hours * 60) / params.slotMinutes);
  const times = new Map(shiftTimes(params.shifts).map((t) => [t.name, t]));
  // A shift the port is closed through (a night shift outside a holiday night) rosters nobody: it is left out.
  const open = new Set<string>();
  // One map entry per port, direction and shift, holding its channels by index: far fewer string keys.
  const groups = new Map<string, { rows: StaffingShift[]; best: number[] }>();
  const all: StaffingShift[] = [];
  const G = GROUPS.length;
  // planSlots writes a channel's rows of one slot side by side, one per group: a block.
  for (let i = 0; i + G <= slots.length; i += G) {
    const first = slots[i]!;
    const key = `${first.port_id}\u0000${first.direction}\u0000${first.shift_date}\u0000${first.shift}`;
    let entry = groups.get(key);
    if (!entry) {
      entry = { rows: [], best: [] };
      groups.set(key, entry);
    }
    if (first.open) open.add(key);
    const c = CHANNELS.indexOf(first.channel);
    const block = slots.slice(i, i + G);
    block.forEach((s, k) => {
      let g = entry.rows[c * G + k];
      if (!g) {
        g = {
          port_id: s.port_id, direction: s.direction, shift_date: s.shift_date, shift: s.shift,
          shift_start: times.get(s.shift)?.start ?? '', shift_end: times.get(s.shift)?.end ?? '', shift_times: times.get(s.shift)?.times ?? '', channel: s.channel, group: s.group,
          target_wait_minutes: s.target_wait_minutes, target_share: s.target_share, slots: 0, shared_slots: 0, complete: false,
          arrivals: 0, positions_peak: 0, positions_mean: 0, officers_peak: 0, officers_rostered_peak: 0, officers_rostered: 0, officer_hours: 0, shrinkage: s.shrinkage,
          positions_needed_peak: 0, capacity: s.capacity, shortfall_peak: 0, service_level_min: 1, mean_wait_max_seconds: 0, occupancy_max: 0, unstable: false, over_capacity: false,
        };
        entry.rows[c * G + k] = g;
        all.push(g);
      }
      // The row states the group's own target: a shared line's (the stricter of both) only if it never had its own.
      if (!s.shared_line && g.shared_slots === g.slots) {
        g.target_wait_minutes = s.target_wait_minutes;
        g.target_share = s.target_share;
      }
      g.slots += 1;
      if (s.shared_line) g.shared_slots += 1;
      g.arrivals += s.arrivals;
      g.positions_mean += s.positions; // divided by the slot count below
      g.officer_hours += s.officers_rostered * slotHours;
      g.service_level_min = Math.min(g.service_level_min, s.service_level);
      g.unstable ||= s.unstable;
      g.mean_wait_max_seconds = Math.max(g.mean_wait_max_seconds, s.mean_wait_seconds);
      g.occupancy_max = Math.max(g.occupancy_max, s.occupancy);
      g.over_capacity ||= s.over_capacity;
    });
    // The channel's peak is its busiest slot over both groups' lines, and each group's figures are those of that
    // slot: a line shared in one slot and split in the next must not count twice.
    const load = block.reduce((n, s) => n + s.positions_needed * 1e6 + s.positions, 0);
    if (load > (entry.best[c] ?? -1)) {
      entry.best[c] = load;
      block.forEach((s, k) => {
        const g = entry.rows[c * G + k]!;
        g.positions_peak = s.positions;
        g.positions_needed_peak = s.positions_needed;
        g.shortfall_peak = s.shortfall;
        g.officers_peak = s.officers;
        g.officers_rostered_peak = s.officers_rostered;
      });
    }
  }
  const order = new Map([...times.keys()].map((name, i) => [name, i]));
  return all
    .filter((g) => open.has(`${g.port_id}\u0000${g.direction}\u0000${g.shift_date}\u0000${g.shift}`))
    .map((g) => ({ ...g, positions_mean: g.positions_mean / g.slots, complete: g.slots === perShift.get(g.shift) }))
    .sort((a, b) =>
      a.port_id.localeCompare(b.port_id) || a.shift_date.localeCompare(b.shift_date) || (order.get(a.shift) ?? 0) - (order.get(b.shift) ?? 0) ||
      a.direction.localeCompare(b.direction) || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel) || GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group));
}

/**
 * Sets each shift row's `officers_rostered`: its port and shift's pooled roster (as officersPerShift rounds it)
 * split over the rows by largest remainder, so a direction's or channel's figure and the port's total always
 * add up (the dashboard once showed 51 + 73 = 124 against a total of 122). Each row gets at least its own
 * officers on position. Example: unrounded 10.4 and 7.3 (pooled 18) → 11 and 7.
 */
export function apportionRostered(shifts: readonly StaffingShift[]): StaffingShift[] {
  const out = shifts.map((s) => ({ ...s }));
  const groups = new Map<string, StaffingShift[]>();
  for (const s of out) {
    const key = `${s.port_id}\u0000${s.shift_date}\u0000${s.shift}`;
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  for (const rows of groups.values()) {
    const unrounded = rows.map((r) => r.officers_peak / (1 - r.shrinkage));
    const total = withShrinkage(unrounded.reduce((a, b) => a + b, 0), 0);
    const base = unrounded.map((u) => Math.floor(u + 1e-9));
    let left = total - base.reduce((a, b) => a + b, 0);
    const order = unrounded.map((u, i) => ({ i, frac: u - (base[i] ?? 0) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      base[i] = (base[i] ?? 0) + 1;
      left -= 1;
    }
    rows.forEach((r, i) => (r.officers_rostered = base[i] ?? 0));
  }
  return out;
}

/**
 * Officers per port and shift: the sum over directions and channels of each one's peak. Summing
 * peaks is deliberate: departure and arrival halls are apart and officers do not move mid-shift.
 * Shrinkage is applied to the sum and rounded once, as the reserve is shared by the whole shift.
 */
export function officersPerShift(shifts: readonly StaffingShift[]): OfficerShift[] {
  const groups = new Map<string, OfficerShift>();
  // The sum of the apportioned rows is the pooled roster rounded once, and equals what each output adds up.
  for (const s of apportionRostered(shifts)) {
    const key = `${s.port_id}\u0000${s.shift_date}\u0000${s.shift}`;
    const g = groups.get(key) ?? {
      port_id: s.port_id, shift_date: s.shift_date, shift: s.shift, shift_start: s.shift_start, shift_end: s.shift_end, shift_times: s.shift_times,
      complete: true, officers_on_position: 0, officers_rostered: 0,
    };
    g.complete &&= s.complete;
    g.officers_on_position += s.officers_peak;
    g.officers_rostered += s.officers_rostered;
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** One point of the half-hour requirement curve: a slot of one direction and channel, both groups' lines together. */
export interface SlotRequirement {
  date: string;
  start: string;
  shift: string;
  shift_date: string;
  direction: string;
  channel: StaffingSlot['channel'];
  open: boolean;
  arrivals: number;
  /** Positions open, and the positions the targets need (more where capacity is short). */
  positions: number;
  positions_needed: number;
  /** Officers on position, before shrinkage: a shift rosters its busiest slot's, after shrinkage. */
  officers: number;
}

/** The requirement curve of a plan: its slot rows with the residents' and visitors' lines of each channel added up. */
export function slotRequirements(slots: readonly StaffingSlot[]): SlotRequirement[] {
  const out: SlotRequirement[] = [];
  const G = GROUPS.length;
  // planSlots writes a channel's rows of one slot side by side, one per group (as rollUpShifts reads them).
  for (let i = 0; i + G <= slots.length; i += G) {
    const block = slots.slice(i, i + G);
    const s = block[0]!;
    out.push({
      date: s.date, start: s.start, shift: s.shift, shift_date: s.shift_date, direction: s.direction, channel: s.channel, open: s.open,
      arrivals: block.reduce((n, r) => n + r.arrivals, 0), positions: block.reduce((n, r) => n + r.positions, 0),
      positions_needed: block.reduce((n, r) => n + r.positions_needed, 0), officers: block.reduce((n, r) => n + r.officers, 0),
    });
  }
  return out;
}

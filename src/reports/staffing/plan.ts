/**
 * The staffing plan: daily forecast × intraday profile → arrivals per slot, split by channel,
 * positions per channel from Erlang C (or Erlang A with patience), officers after shrinkage,
 * rolled up to shifts. Plain data in, plain rows out; the DB loader at the end is thin.
 */
import type { Database } from '../../db.js';
import { all } from '../../db.js';
import { CrossingsError } from '../../messages.js';
import type { Basis, ForecastDay } from '../peaks.js';
import { BASES, forecastRunId, loadForecastDays } from '../peaks.js';
import type { HourlyProfile, ProfileTable } from '../profiles.js';
import { loadHolidayDates, loadProfiles, profileSlots } from '../profiles.js';
import { erlangAMetrics, requiredAgents } from './erlang.js';
import { staffingMessages as msg } from '../../messages.js';
import { addDays } from '../../isoDays.js';
import { coverRange, forecastSpan, type Coverage } from './coverage.js';
import { loadPortHours, maskShares, openFractions, type PortHours } from './hours.js';

export type Channel = 'egate' | 'counter' | 'priority';
export const CHANNELS: readonly Channel[] = ['egate', 'counter', 'priority'];

/** How one channel works and what it must achieve. */
export interface ChannelParams {
  /** Share of the direction's travellers using this channel (the shares of all channels add up to 1). */
  share: number;
  /** Mean handling time per traveller, seconds. */
  serviceSeconds: number;
  /** Target: at least `targetShare` of travellers wait no more than `targetWaitMinutes`. */
  targetWaitMinutes: number;
  targetShare: number;
  /** Highest share of time a position may be busy (officers need slack; queues explode near 1). */
  maxOccupancy: number;
  /** Mean patience in minutes for Erlang A; null for Erlang C (nobody leaves the queue). */
  patienceMinutes: number | null;
  /** Share of rostered officers' time off position (breaks, training, leave); machines have none. */
  shrinkage: number;
  /** Positions kept open whatever the load (e.g. one counter while a port is open). */
  minPositions: number;
  /** Installed gates or counters; slots needing more are flagged, not capped. Null: no limit known. */
  maxPositions: number | null;
}

/** A shift: name, start HH:MM and length in hours; a shift crossing midnight belongs to the day it starts. */
export interface Shift {
  name: string;
  start: string;
  hours: number;
}

/** All staffing parameters. */
export interface StaffingParams {
  slotMinutes: 30 | 60;
  channels: Record<Channel, ChannelParams>;
  /**
   * E-gates are supervised, not staffed one by one. Assumption: one officer per bank of
   * `egateBankSize` open gates (rounded up), as gates are installed and watched in banks.
   */
  egateBankSize: number;
  officersPerEgateBank: number;
  shifts: Shift[];
  /** Channel parameters for particular ports (and directions), e.g. from the staffing_params table. */
  overrides: ChannelOverride[];
}

/** Channel parameters that differ at one port (in one direction, or both when direction is omitted). */
export interface ChannelOverride {
  port_id: string;
  direction?: string;
  channel: Channel;
  params: Partial<ChannelParams>;
}

/**
 * Defaults from published figures: an e-gate clears a traveller in about 12–15 s, a manual counter
 * in 40–60 s; priority lanes (elderly, pregnant, disabled) take about twice a counter's time.
 * Target: 95% wait under 30 minutes (15 for the priority lane). Shrinkage 30%, as in common
 * workforce-management references.
 */
export const DEFAULT_STAFFING_PARAMS: StaffingParams = {
  slotMinutes: 30,
  channels: {
    egate: { share: 0.7, serviceSeconds: 13, targetWaitMinutes: 30, targetShare: 0.95, maxOccupancy: 0.9, patienceMinutes: null, shrinkage: 0.3, minPositions: 0, maxPositions: null },
    counter: { share: 0.27, serviceSeconds: 45, targetWaitMinutes: 30, targetShare: 0.95, maxOccupancy: 0.85, patienceMinutes: null, shrinkage: 0.3, minPositions: 0, maxPositions: null },
    priority: { share: 0.03, serviceSeconds: 90, targetWaitMinutes: 15, targetShare: 0.95, maxOccupancy: 0.85, patienceMinutes: null, shrinkage: 0.3, minPositions: 0, maxPositions: null },
  },
  egateBankSize: 10,
  officersPerEgateBank: 1,
  shifts: [
    { name: 'morning', start: '07:00', hours: 8 },
    { name: 'afternoon', start: '15:00', hours: 8 },
    { name: 'night', start: '23:00', hours: 8 },
  ],
  overrides: [],
};

/** Parameters as a user may give them: any part, the rest from the defaults. */
export interface StaffingParamsInput {
  slotMinutes?: 30 | 60;
  channels?: Partial<Record<Channel, Partial<ChannelParams>>>;
  egateBankSize?: number;
  officersPerEgateBank?: number;
  shifts?: Shift[];
  overrides?: ChannelOverride[];
}

/** Fills what a user left out from DEFAULT_STAFFING_PARAMS (or `base`). */
export function withStaffingDefaults(input: StaffingParamsInput = {}, base: StaffingParams = DEFAULT_STAFFING_PARAMS): StaffingParams {
  const channels = {} as Record<Channel, ChannelParams>;
  for (const c of CHANNELS) channels[c] = { ...base.channels[c], ...input.channels?.[c] };
  return {
    slotMinutes: input.slotMinutes ?? base.slotMinutes,
    channels,
    egateBankSize: input.egateBankSize ?? base.egateBankSize,
    officersPerEgateBank: input.officersPerEgateBank ?? base.officersPerEgateBank,
    shifts: input.shifts ?? base.shifts,
    overrides: input.overrides ?? base.overrides,
  };
}

/** Every problem with the parameters, one message each naming the parameter (empty when fine). */
export function validateStaffingParams(params: StaffingParams): string[] {
  const problems: string[] = [];
  const check = (path: string, value: unknown, ok: boolean, expected: string) => {
    if (!ok) problems.push(msg.paramOutOfRange(path, value, expected));
  };
  check('slotMinutes', params.slotMinutes, params.slotMinutes === 30 || params.slotMinutes === 60, '30 or 60');
  for (const c of CHANNELS) {
    const p = params.channels?.[c];
    if (!p) {
      problems.push(msg.paramOutOfRange(`channels.${c}`, p, 'the parameters of this channel'));
      continue;
    }
    problems.push(...validateChannel(`channels.${c}`, p));
  }
  if (problems.length === 0) {
    const sum = CHANNELS.reduce((s, c) => s + params.channels[c].share, 0);
    if (Math.abs(sum - 1) > 1e-6) problems.push(msg.channelSharesDoNotSum('all ports', sum));
  }
  check('egateBankSize', params.egateBankSize, isInt(params.egateBankSize) && params.egateBankSize >= 1, 'a whole number of gates, at least 1');
  check('officersPerEgateBank', params.officersPerEgateBank, isInt(params.officersPerEgateBank) && params.officersPerEgateBank >= 0, 'a whole number of officers, 0 or more');
  const shiftProblem = params.slotMinutes === 30 || params.slotMinutes === 60 ? shiftsProblem(params.shifts, params.slotMinutes) : undefined;
  if (shiftProblem) problems.push(msg.shiftsDoNotTile(shiftProblem));
  (params.overrides ?? []).forEach((o, i) => {
    if (!CHANNELS.includes(o.channel)) problems.push(msg.unknownChannel(String(o.channel), CHANNELS));
    else problems.push(...validateChannel(`overrides[${i}] (${o.port_id} ${o.direction ?? 'both directions'} ${o.channel})`, o.params, true));
  });
  if (problems.length === 0) {
    for (const scope of overrideScopes(params.overrides)) {
      const channels = channelParamsFor(params, scope.port_id, scope.direction);
      const sum = CHANNELS.reduce((s, c) => s + channels[c].share, 0);
      if (Math.abs(sum - 1) > 1e-6) problems.push(msg.channelSharesDoNotSum(`${scope.port_id} ${scope.direction}`, sum));
    }
  }
  return problems;
}

/** Throws one error listing every problem, if there is any. */
export function assertStaffingParams(params: StaffingParams): void {
  const problems = validateStaffingParams(params);
  if (problems.length > 0) throw new CrossingsError(msg.invalidStaffingParams(problems));
}

function validateChannel(path: string, p: Partial<ChannelParams>, partial = false): string[] {
  const problems: string[] = [];
  const rules: [keyof ChannelParams, (v: unknown) => boolean, string][] = [
    ['share', (v) => isNum(v) && v >= 0 && v <= 1, 'a share between 0 and 1'],
    ['serviceSeconds', (v) => isNum(v) && v > 0, 'a number of seconds above 0'],
    ['targetWaitMinutes', (v) => isNum(v) && v >= 0, 'a number of minutes, 0 or more'],
    ['targetShare', (v) => isNum(v) && v > 0 && v < 1, 'a share above 0 and below 1 (no queue serves 100% within a wait)'],
    ['maxOccupancy', (v) => isNum(v) && v > 0 && v <= 1, 'a share above 0, at most 1'],
    ['patienceMinutes', (v) => v === null || (isNum(v) && v > 0), 'null (no abandonment) or a number of minutes above 0'],
    ['shrinkage', (v) => isNum(v) && v >= 0 && v < 1, 'a share from 0 up to (not including) 1'],
    ['minPositions', (v) => isInt(v) && v >= 0, 'a whole number, 0 or more'],
    ['maxPositions', (v) => v === null || (isInt(v) && v >= 0), 'null (no limit) or a whole number'],
  ];
  for (const [key, ok, expected] of rules) {
    if (partial && !(key in p)) continue;
    const value = p[key];
    if (!ok(value)) problems.push(msg.paramOutOfRange(`${path}.${key}`, value ?? null, expected));
  }
  return problems;
}

/** Why the shifts do not cover each slot of the day exactly once, or undefined when they do. */
function shiftsProblem(shifts: readonly Shift[], slotMinutes: number): string | undefined {
  if (!Array.isArray(shifts) || shifts.length === 0) return 'there are no shifts';
  const cover = new Array<number>(1440 / slotMinutes).fill(0);
  for (const s of shifts) {
    const start = parseClock(s.start);
    if (start === undefined) return `shift "${s.name}" starts at "${s.start}", expected HH:MM`;
    if (start % slotMinutes !== 0) return `shift "${s.name}" starts at ${s.start}, not on a ${slotMinutes}-minute slot boundary`;
    if (!(isNum(s.hours) && s.hours > 0 && (s.hours * 60) % slotMinutes === 0)) return `shift "${s.name}" lasts ${s.hours} hours, expected whole ${slotMinutes}-minute slots`;
    for (let m = 0; m < s.hours * 60; m += slotMinutes) {
      const slot = ((start + m) % 1440) / slotMinutes;
      cover[slot] = (cover[slot] ?? 0) + 1;
    }
  }
  const gap = cover.findIndex((c) => c === 0);
  if (gap >= 0) return `no shift covers ${clock(gap * slotMinutes)}`;
  const twice = cover.findIndex((c) => c > 1);
  if (twice >= 0) return `${clock(twice * slotMinutes)} is covered by more than one shift`;
  return undefined;
}

/** The channel parameters at one port and direction: defaults, then port-wide overrides, then direction ones. */
export function channelParamsFor(params: StaffingParams, port: string, direction: string): Record<Channel, ChannelParams> {
  const out = {} as Record<Channel, ChannelParams>;
  for (const c of CHANNELS) out[c] = { ...params.channels[c] };
  const mine = params.overrides.filter((o) => o.port_id === port && (o.direction === undefined || o.direction === direction));
  for (const o of mine.filter((o) => o.direction === undefined)) Object.assign(out[o.channel], o.params);
  for (const o of mine.filter((o) => o.direction !== undefined)) Object.assign(out[o.channel], o.params);
  return out;
}

function overrideScopes(overrides: readonly ChannelOverride[]): { port_id: string; direction: string }[] {
  const seen = new Map<string, { port_id: string; direction: string }>();
  for (const o of overrides) {
    for (const direction of o.direction ? [o.direction] : ['arrival', 'departure']) seen.set(`${o.port_id}\u0000${direction}`, { port_id: o.port_id, direction });
  }
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// arithmetic

/** Rostered officers for officers on position: ÷ (1 − shrinkage), rounded up. Example: 14 at 30% → 20. */
export function withShrinkage(onPosition: number, shrinkage: number): number {
  // 14 / 0.7 is 20.000000000000004 in floating point; do not let that become 21.
  return Math.max(0, Math.ceil(onPosition / (1 - shrinkage) - 1e-9)); // max: ceil(-1e-9) is -0
}

/** Officers on position for a channel: one per counter, or per started bank of e-gates. */
export function officersOnPosition(channel: Channel, positions: number, params: Pick<StaffingParams, 'egateBankSize' | 'officersPerEgateBank'>): number {
  if (channel !== 'egate') return positions;
  return Math.ceil(positions / params.egateBankSize) * params.officersPerEgateBank;
}

/** Splits a slot's arrivals over channels by their shares. Example: 1000 at 0.7/0.27/0.03 → 700/270/30. */
export function splitByChannel(arrivals: number, channels: Record<Channel, Pick<ChannelParams, 'share'>>): Record<Channel, number> {
  return { egate: arrivals * channels.egate.share, counter: arrivals * channels.counter.share, priority: arrivals * channels.priority.share };
}

// ---------------------------------------------------------------------------------------------
// the plan

/** What the plan is made from. */
export interface PlanInput {
  forecasts: readonly ForecastDay[];
  /** Resolved profiles (profiles.resolveProfiles): one per port × direction × day type. */
  profiles: readonly HourlyProfile[];
  /** Dates that use the holiday profile. */
  holidays: Iterable<string>;
  /** Opening hours per port (hours.ts); a port without them is open 24 hours. */
  hours?: readonly PortHours[];
}

/** One channel in one slot. */
export interface StaffingSlot {
  port_id: string;
  direction: string;
  date: string;
  day_type: 'normal' | 'holiday';
  slot: number;
  start: string;
  shift: string;
  shift_date: string;
  channel: Channel;
  /** The port is open in (part of) this slot; a closed slot has no travellers and no positions. */
  open: boolean;
  /** The daily forecast used (mean or hi80). */
  forecast: number;
  basis: Basis;
  arrivals: number;
  erlangs: number;
  /** Open positions (gates or counters) needed, after the minimum. */
  positions: number;
  service_level: number;
  occupancy: number;
  mean_wait_seconds: number;
  prob_abandon: number;
  /** Officers on position, and rostered after shrinkage. */
  officers: number;
  officers_rostered: number;
  shrinkage: number;
  /** More positions needed than installed (maxPositions). */
  over_capacity: boolean;
  /** The target could not be met at any number of positions the search tried. */
  unreachable: boolean;
}

/** One channel in one shift: the peak slot decides, since officers cannot be added mid-shift. */
export interface StaffingShift {
  port_id: string;
  direction: string;
  shift_date: string;
  shift: string;
  channel: Channel;
  /** Slots of the shift inside the planned dates; fewer than the shift has at the edges of the range. */
  slots: number;
  complete: boolean;
  arrivals: number;
  positions_peak: number;
  positions_mean: number;
  officers_peak: number;
  /** This channel alone, rostered after shrinkage and rounded up. */
  officers_rostered_peak: number;
  /**
   * This channel's share of the shift's roster: the port's pooled roster (officersPerShift) apportioned to its
   * directions and channels. These add up to the port's officers per shift, so every output agrees.
   */
  officers_rostered: number;
  /** Rostered officer-hours if staffing followed every slot (a lower bound for the roster). */
  officer_hours: number;
  shrinkage: number;
  over_capacity: boolean;
}

/** Officers a port needs in a shift, over both directions and all channels. */
export interface OfficerShift {
  port_id: string;
  shift_date: string;
  shift: string;
  complete: boolean;
  officers_on_position: number;
  officers_rostered: number;
}

/** The plan: per slot, per shift and channel, and officers per shift. */
export interface StaffingPlan {
  slots: StaffingSlot[];
  shifts: StaffingShift[];
  officers: OfficerShift[];
}

/** Builds the staffing plan for every forecast day given; checks the parameters first. */
export function staffingPlan(input: PlanInput, params: StaffingParams = DEFAULT_STAFFING_PARAMS, options: { basis?: Basis } = {}): StaffingPlan {
  const basis = options.basis ?? 'mean';
  if (!BASES.includes(basis)) throw new CrossingsError(msg.badBasis(basis));
  assertStaffingParams(params);
  const slots = planSlots(input, params, basis);
  const shifts = apportionRostered(rollUpShifts(slots, params));
  return { slots, shifts, officers: officersPerShift(shifts) };
}

/** Slot rows: arrivals per slot and channel and the positions and officers they need. */
export function planSlots(input: PlanInput, params: StaffingParams, basis: Basis): StaffingSlot[] {
  const holidays = new Set(input.holidays);
  const hoursOf = new Map((input.hours ?? []).map((h) => [h.port_id, h]));
  const profiles = new Map(input.profiles.map((p) => [`${p.port_id}\u0000${p.direction}\u0000${p.day_type}`, profileSlots(p.shares, params.slotMinutes)]));
  const slotShift = slotShifts(params);
  const intervalSeconds = params.slotMinutes * 60;
  const channelsByScope = new Map<string, Record<Channel, ChannelParams>>();
  const out: StaffingSlot[] = [];
  for (const day of input.forecasts) {
    const value = basis === 'mean' ? day.mean : day.hi80;
    if (value === null || value === undefined) throw new CrossingsError(msg.missingBasisValue(day.port_id, day.direction, day.date, basis));
    const forecast = Math.max(0, value); // counts are never negative, whatever a model says
    const dayType = holidays.has(day.date) ? 'holiday' : 'normal';
    const shares = profiles.get(`${day.port_id}\u0000${day.direction}\u0000${dayType}`);
    if (!shares) throw new CrossingsError(msg.noProfile(day.port_id, day.direction, dayType));
    const scope = `${day.port_id}\u0000${day.direction}`;
    let channels = channelsByScope.get(scope);
    if (!channels) {
      channels = channelParamsFor(params, day.port_id, day.direction);
      channelsByScope.set(scope, channels);
    }
    const previousDate = addDays(day.date, -1);
    // The day's travellers spread over its open slots only: closed slots get none, the others scale up.
    const openShare = openFractions(hoursOf.get(day.port_id), day.date, params.slotMinutes);
    maskShares(shares, openShare).forEach((share, slot) => {
      const arrivals = forecast * share;
      const byChannel = splitByChannel(arrivals, channels);
      const sh = slotShift[slot];
      if (!sh) return;
      const open = (openShare[slot] ?? 0) > 0;
      for (const channel of CHANNELS) {
        const cp = channels[channel];
        const load = {
          arrivals: byChannel[channel],
          intervalSeconds,
          serviceSeconds: cp.serviceSeconds,
          ...(cp.patienceMinutes === null ? {} : { patienceSeconds: cp.patienceMinutes * 60 }),
        };
        const waitSeconds = cp.targetWaitMinutes * 60;
        const needed = requiredAgents(load, { waitSeconds, share: cp.targetShare }, cp.maxOccupancy);
        // A closed slot opens nothing, whatever the minimum; an open one keeps at least the minimum.
        const positions = open ? Math.max(cp.minPositions, needed.positions) : 0;
        // A minimum above the need serves better than the need: report what the open positions achieve.
        const m = positions === needed.positions ? needed : erlangAMetrics(positions, load, waitSeconds);
        const officers = officersOnPosition(channel, positions, params);
        out.push({
          port_id: day.port_id, direction: day.direction, date: day.date, day_type: dayType, slot, start: sh.start,
          shift: sh.name, shift_date: sh.previousDay ? previousDate : day.date, channel, open, forecast, basis,
          arrivals: byChannel[channel], erlangs: m.erlangs, positions,
          service_level: m.serviceLevel, occupancy: m.occupancy,
          mean_wait_seconds: m.meanWaitSeconds, prob_abandon: m.probAbandon,
          officers, officers_rostered: withShrinkage(officers, cp.shrinkage), shrinkage: cp.shrinkage,
          over_capacity: cp.maxPositions !== null && positions > cp.maxPositions, unreachable: needed.unreachable === true,
        });
      }
    });
  }
  return out;
}

/** For each slot of the day: its start HH:MM, its shift, and whether that shift started the day before (past midnight). */
function slotShifts(params: StaffingParams): { start: string; name: string; previousDay: boolean }[] {
  const out: { start: string; name: string; previousDay: boolean }[] = [];
  for (let minute = 0; minute < 1440; minute += params.slotMinutes) {
    for (const s of params.shifts) {
      const start = parseClock(s.start) ?? 0;
      if ((minute - start + 1440) % 1440 < s.hours * 60) {
        out.push({ start: clock(minute), name: s.name, previousDay: minute < start });
        break;
      }
    }
  }
  return out;
}

/** Shift rows from slot rows: peak and mean positions and officers per port, direction, shift and channel. */
export function rollUpShifts(slots: readonly StaffingSlot[], params: StaffingParams): StaffingShift[] {
  const slotHours = params.slotMinutes / 60;
  const perShift = new Map(params.shifts.map((s) => [s.name, (s.hours * 60) / params.slotMinutes]));
  // One map entry per port, direction and shift, holding its channels by index: far fewer string keys.
  const groups = new Map<string, (StaffingShift | undefined)[]>();
  const all: StaffingShift[] = [];
  for (const s of slots) {
    const key = `${s.port_id}\u0000${s.direction}\u0000${s.shift_date}\u0000${s.shift}`;
    let byChannel = groups.get(key);
    if (!byChannel) {
      byChannel = [];
      groups.set(key, byChannel);
    }
    const c = CHANNELS.indexOf(s.channel);
    let g = byChannel[c];
    if (!g) {
      g = {
        port_id: s.port_id, direction: s.direction, shift_date: s.shift_date, shift: s.shift, channel: s.channel, slots: 0, complete: false,
        arrivals: 0, positions_peak: 0, positions_mean: 0, officers_peak: 0, officers_rostered_peak: 0, officers_rostered: 0, officer_hours: 0, shrinkage: s.shrinkage, over_capacity: false,
      };
      byChannel[c] = g;
      all.push(g);
    }
    g.slots += 1;
    g.arrivals += s.arrivals;
    g.positions_peak = Math.max(g.positions_peak, s.positions);
    g.positions_mean += s.positions; // divided by the slot count below
    g.officers_peak = Math.max(g.officers_peak, s.officers);
    g.officers_rostered_peak = Math.max(g.officers_rostered_peak, s.officers_rostered);
    g.officer_hours += s.officers_rostered * slotHours;
    g.over_capacity ||= s.over_capacity;
  }
  const order = new Map(params.shifts.map((s, i) => [s.name, i]));
  return all
    .map((g) => ({ ...g, positions_mean: g.positions_mean / g.slots, complete: g.slots === perShift.get(g.shift) }))
    .sort((a, b) =>
      a.port_id.localeCompare(b.port_id) || a.shift_date.localeCompare(b.shift_date) || (order.get(a.shift) ?? 0) - (order.get(b.shift) ?? 0) ||
      a.direction.localeCompare(b.direction) || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));
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
    const g = groups.get(key) ?? { port_id: s.port_id, shift_date: s.shift_date, shift: s.shift, complete: true, officers_on_position: 0, officers_rostered: 0 };
    g.complete &&= s.complete;
    g.officers_on_position += s.officers_peak;
    g.officers_rostered += s.officers_rostered;
    groups.set(key, g);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------------
// Database

/** Options of loadStaffingPlan; dates are YYYY-MM-DD. */
export interface LoadStaffingOptions {
  port: string;
  direction?: string;
  from: string;
  to: string;
  basis?: Basis;
  params?: StaffingParamsInput;
  runId?: number;
  category?: string;
  model?: string;
  /** Default profiles table (defaults to default-profiles.json). */
  profileTable?: ProfileTable;
  /** Plan the part of from..to the forecast covers (and say so) instead of refusing the range. */
  partial?: boolean;
}

/** The plan with what it was made from, so a report can show its inputs. */
export interface LoadedStaffingPlan extends StaffingPlan {
  runId: number;
  basis: Basis;
  params: StaffingParams;
  profiles: HourlyProfile[];
  /** The dates planned against the dates asked. */
  coverage: Coverage;
  /** Opening hours the plan used (empty: open 24 hours). */
  hours: PortHours[];
}

/** Staffing plan for a port from the latest forecast run (or `runId`), with the port's staffing_params rows applied. */
export async function loadStaffingPlan(db: Database, options: LoadStaffingOptions): Promise<LoadedStaffingPlan> {
  await assertDailyPort(db, options.port);
  const basis = options.basis ?? 'mean';
  const runId = await forecastRunId(db, options.runId);
  const span = await forecastSpan(db, {
    runId, port: options.port,
    ...(options.direction ? { direction: options.direction } : {}),
    ...(options.category ? { category: options.category } : {}),
    ...(options.model ? { model: options.model } : {}),
  });
  if (!span) throw new CrossingsError(msg.noForecastsFor(options.port, options.from, options.to, runId));
  const coverage = coverRange(options.port, options.from, options.to, span, runId, options.partial);
  const forecasts = await loadForecastDays(db, { ...options, from: coverage.from, to: coverage.to, runId });
  const directions = options.direction ? [options.direction] : ['arrival', 'departure'];
  const profiles = await loadProfiles(db, { ports: [options.port], directions, ...(options.profileTable ? { table: options.profileTable } : {}) });
  const holidays = await loadHolidayDates(db);
  const stored = await loadStaffingOverrides(db, options.port);
  const hours = await loadPortHours(db, [options.port]);
  const given = withStaffingDefaults(options.params);
  // Stored per-port rows refine the defaults; parameters given with the request win over both.
  const params: StaffingParams = { ...given, overrides: [...stored, ...given.overrides] };
  const plan = staffingPlan({ forecasts, profiles, holidays, hours }, params, { basis });
  return { runId, basis, params, profiles, coverage, hours, ...plan };
}

/** Refuses a port whose counts are all monthly: its forecast values are months, not days to staff. */
export async function assertDailyPort(db: Database, port: string): Promise<void> {
  // exists() stops at the first row found instead of counting every row of the port.
  const rows = await all(
    db,
    `select exists (select 1 from crossings where port_id = $port) as any,
       exists (select 1 from crossings where port_id = $port and freq <> 'month') as daily`,
    { port },
  );
  if (rows[0]!['any'] && !rows[0]!['daily']) throw new CrossingsError(msg.monthlyPort(port));
}

/** The staffing_params rows of a port as overrides; direction '*', 'both' or empty means both directions. */
export async function loadStaffingOverrides(db: Database, port?: string): Promise<ChannelOverride[]> {
  const rows = await all(
    db,
    `select port_id, direction, channel, service_seconds, share, target_wait_minutes, target_share, shrinkage
       from staffing_params ${port ? 'where port_id = $port' : ''} order by port_id, direction, channel`,
    port ? { port } : undefined,
  );
  return rows.map((r) => {
    const direction = String(r['direction'] ?? '');
    const channel = String(r['channel']);
    if (!CHANNELS.includes(channel as Channel)) throw new CrossingsError(msg.unknownChannel(channel, CHANNELS));
    return {
      port_id: String(r['port_id']),
      ...(direction === '' || direction === '*' || direction === 'both' ? {} : { direction }),
      channel: channel as Channel,
      params: {
        serviceSeconds: Number(r['service_seconds']),
        share: Number(r['share']),
        targetWaitMinutes: Number(r['target_wait_minutes']),
        targetShare: Number(r['target_share']),
        shrinkage: Number(r['shrinkage']),
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// helpers

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isInt(v: unknown): v is number {
  return isNum(v) && Number.isInteger(v);
}

function parseClock(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(String(text));
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The staffing parameters an API caller or the dashboard can set, as flat query names. */
export interface StaffingQueryParams {
  slot_minutes?: 30 | 60;
  target_wait_minutes?: number;
  target_share?: number;
  share_egate?: number;
  share_counter?: number;
  share_priority?: number;
  shrinkage?: number;
}

/** JSON schema properties of StaffingQueryParams, for routes that take them. */
export const STAFFING_QUERY_SCHEMA = {
  slot_minutes: { type: 'integer', enum: [30, 60], description: 'Slot length; default 30.' },
  target_wait_minutes: { type: 'number', exclusiveMinimum: 0, maximum: 1440, description: 'Service target: wait at most this many minutes (all channels).' },
  target_share: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Service target: share of travellers within the wait, e.g. 0.95.' },
  share_egate: { type: 'number', minimum: 0, maximum: 1, description: 'Share of travellers using e-gates (the three shares add up to 1).' },
  share_counter: { type: 'number', minimum: 0, maximum: 1, description: 'Share using manual counters.' },
  share_priority: { type: 'number', minimum: 0, maximum: 1, description: 'Share using the priority lane.' },
  shrinkage: { type: 'number', minimum: 0, exclusiveMaximum: 1, description: 'Share of officers\' time off position, e.g. 0.3.' },
} as const;

/**
 * Turns flat query parameters into StaffingParamsInput: the target and shrinkage apply to every channel,
 * the shares to their channel. Parameters not given keep their defaults.
 */
export function staffingParamsFromQuery(q: StaffingQueryParams): StaffingParamsInput {
  const channels: Partial<Record<Channel, Partial<ChannelParams>>> = {};
  const shares: Record<Channel, number | undefined> = { egate: q.share_egate, counter: q.share_counter, priority: q.share_priority };
  for (const c of CHANNELS) {
    const p: Partial<ChannelParams> = {};
    if (q.target_wait_minutes !== undefined) p.targetWaitMinutes = q.target_wait_minutes;
    if (q.target_share !== undefined) p.targetShare = q.target_share;
    if (q.shrinkage !== undefined) p.shrinkage = q.shrinkage;
    if (shares[c] !== undefined) p.share = shares[c];
    if (Object.keys(p).length) channels[c] = p;
  }
  return { ...(q.slot_minutes ? { slotMinutes: q.slot_minutes } : {}), ...(Object.keys(channels).length ? { channels } : {}) };
}

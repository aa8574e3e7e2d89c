/**
 * The staffing plan: daily forecast × intraday profile → arrivals per slot, split by channel,
 * positions per channel from Erlang C (or Erlang A with patience), officers after shrinkage,
 * rolled up to shifts. Plain data in, plain rows out; the DB loader at the end is thin.
 */
import type { Database } from '../../store/db.js';
import { all } from '../../store/db.js';
import { CrossingsError } from '../../messages.js';
import type { Basis, ForecastDay } from '../peaks.js';
import { BASES, forecastRunId, loadForecastDays } from '../peaks.js';
import type { HourlyProfile, ProfileTable } from '../profiles.js';
import { loadHolidayDates, loadProfiles, profileSlots } from '../profiles.js';
import { erlangAMetrics, offeredLoad, requiredAgents } from './erlang.js';
import { staffingMessages as msg } from '../../messages.js';
import { addDays } from '../../isoDays.js';
import { coverRange, forecastSpan, type Coverage } from './coverage.js';
import { loadPortHours, maskShares, openFractions, type PortHours } from './hours.js';
import { allotCapacity, loadPortCapacity, type CapacityRow } from './capacity.js';
import {
  BUNDLED_TARGET_OVERRIDES, DEFAULT_GROUP_TARGETS, GROUPS, groupTargetsFor, loadResidentShares, loadTargetOverrides, queueTarget, targetProblem,
  type GroupTarget, type GroupTargetOverride, type TravellerGroup,
} from './targets.js';
import type { QueueLoad, QueueMetrics } from './erlang.js';

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
  /** Installed gates or counters in the direction (the port's capacity): never more are opened. Null: no limit known. */
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
  /** Each traveller group's own target (the pledge); a channel's target applies where it is stricter. */
  groupTargets: Record<TravellerGroup, GroupTarget>;
  /** Group targets that differ at particular ports (the Airport's visitors, the staffing_targets table). */
  targetOverrides: GroupTargetOverride[];
  /** Residents' share of travellers where neither the forecast nor the history splits them: an even split, as an estimate. */
  residentShare: number;
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
  groupTargets: {
    residents: { targetWaitMinutes: DEFAULT_GROUP_TARGETS.residents.targetWaitMinutes, targetShare: DEFAULT_GROUP_TARGETS.residents.targetShare },
    visitors: { targetWaitMinutes: DEFAULT_GROUP_TARGETS.visitors.targetWaitMinutes, targetShare: DEFAULT_GROUP_TARGETS.visitors.targetShare },
  },
  targetOverrides: [...BUNDLED_TARGET_OVERRIDES],
  residentShare: 0.5,
};

/** Parameters as a user may give them: any part, the rest from the defaults. */
export interface StaffingParamsInput {
  slotMinutes?: 30 | 60;
  channels?: Partial<Record<Channel, Partial<ChannelParams>>>;
  egateBankSize?: number;
  officersPerEgateBank?: number;
  shifts?: Shift[];
  overrides?: ChannelOverride[];
  groupTargets?: Partial<Record<TravellerGroup, Partial<GroupTarget>>>;
  targetOverrides?: GroupTargetOverride[];
  residentShare?: number;
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
    groupTargets: {
      residents: { ...base.groupTargets.residents, ...input.groupTargets?.residents },
      visitors: { ...base.groupTargets.visitors, ...input.groupTargets?.visitors },
    },
    targetOverrides: input.targetOverrides ?? base.targetOverrides,
    residentShare: input.residentShare ?? base.residentShare,
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
  for (const g of GROUPS) {
    const problem = targetProblem(params.groupTargets?.[g] ?? {});
    if (problem) problems.push(msg.paramOutOfRange(`groupTargets.${g}`, params.groupTargets?.[g] ?? null, problem));
  }
  (params.targetOverrides ?? []).forEach((o, i) => {
    const problem = GROUPS.includes(o.group) ? targetProblem(o.target) : `group "${String(o.group)}"`;
    if (problem) problems.push(msg.paramOutOfRange(`targetOverrides[${i}] (${o.port_id} ${String(o.group)})`, o.target, problem));
  });
  check('residentShare', params.residentShare, isNum(params.residentShare) && params.residentShare >= 0 && params.residentShare <= 1, 'a share between 0 and 1');
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
  /** Residents' share of travellers by residentShareKey, of a day or of any day; params.residentShare where neither is given. */
  residentShares?: ReadonlyMap<string, number>;
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
  /** Residents and visitors queue in their own lines, each sized for its own target. */
  group: TravellerGroup;
  target_wait_minutes: number;
  target_share: number;
  /**
   * One line serves both groups at the stricter target, as it needs fewer positions than two (a quiet slot): the first
   * group's row holds its positions, and both rows what it achieves.
   */
  shared_line: boolean;
  /** The port is open in (part of) this slot; a closed slot has no travellers and no positions. */
  open: boolean;
  /** The daily forecast used (mean or hi80). */
  forecast: number;
  basis: Basis;
  arrivals: number;
  erlangs: number;
  /** Positions (gates or counters) the target needs, after the minimum. */
  positions_needed: number;
  /** Installed positions of the channel in this direction, shared by both groups' lines; null when unknown. */
  capacity: number | null;
  /** Open positions: the need, or this line's part of the capacity when the need exceeds it. */
  positions: number;
  /** Positions needed and not installed. */
  shortfall: number;
  /** Share served within the target wait, mean wait and the rest, at the positions opened. */
  service_level: number;
  occupancy: number;
  /** Infinity when the queue is unstable (null in JSON). */
  mean_wait_seconds: number;
  prob_abandon: number;
  /** Fewer positions than the load in erlangs, nobody leaving: the queue grows all slot, and no wait can be given. */
  unstable: boolean;
  /** Officers on position, and rostered after shrinkage. */
  officers: number;
  officers_rostered: number;
  shrinkage: number;
  /** More positions needed than installed: shortfall above 0. */
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
  group: TravellerGroup;
  target_wait_minutes: number;
  target_share: number;
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
  /** In the channel's busiest slot of the shift (as positions_peak): positions needed, and how many of them are not installed. */
  positions_needed_peak: number;
  capacity: number | null;
  shortfall_peak: number;
  /** The worst slot of the shift at the positions opened: lowest share served within target, longest mean wait (Infinity, null in JSON: unstable). */
  service_level_min: number;
  mean_wait_max_seconds: number;
  /** The busiest a slot's positions were: a line can meet its target yet run hotter than officers can keep up. */
  occupancy_max: number;
  unstable: boolean;
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
  // Each line's target, per port and direction and channel: GROUPS order, then the shared line's.
  const targetsByScope = new Map<string, Record<Channel, GroupTarget[]>>();
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
    const residentShare = input.residentShares?.get(residentShareKey(day.port_id, day.direction, day.date)) ??
      input.residentShares?.get(residentShareKey(day.port_id, day.direction)) ?? params.residentShare;
    let lineTargets = targetsByScope.get(scope);
    if (!lineTargets) {
      const groupTargets = groupTargetsFor(params.groupTargets, params.targetOverrides, day.port_id);
      const ch = channels;
      lineTargets = { egate: [], counter: [], priority: [] };
      // Each group's line, then a line shared by both: the stricter of every target.
      const strictest = GROUPS.map((g) => groupTargets[g]).reduce((a, b) => queueTarget(a, b));
      for (const c of CHANNELS) lineTargets[c] = [...GROUPS.map((g) => queueTarget(groupTargets[g], ch[c])), queueTarget(strictest, ch[c])];
      targetsByScope.set(scope, lineTargets);
    }
    const strict = strictest(lineTargets);
    // The day's travellers spread over its open slots only: closed slots get none, the others scale up.
    const openShare = openFractions(hoursOf.get(day.port_id), day.date, params.slotMinutes);
    maskShares(shares, openShare).forEach((share, slot) => {
      const arrivals = forecast * share;
      const byChannel = splitByChannel(arrivals, channels);
      const sh = slotShift[slot];
      if (!sh) return;
      const open = (openShare[slot] ?? 0) > 0;
      const quiet = open ? quietCounter(byChannel, channels, strict, intervalSeconds) : undefined;
      for (const channel of CHANNELS) {
        const cp = channels[channel];
        const targetsOf = lineTargets[channel];
        const own = GROUPS.map((group, g) => sizeQueue(byChannel[channel] * groupShare(group, residentShare), cp, targetsOf[g]!, intervalSeconds, open));
        // One line for both groups, held to the stricter target, where that needs fewer positions, or where the hall
        // has too few for separate lines (one queue keeps every installed position busy).
        const separate = own.reduce((n, q) => n + q.needed, 0);
        const tight = cp.maxPositions !== null && separate > cp.maxPositions;
        const pooled = !quiet && own.every((q) => q.needed > 0) && (tight || fewestPositions(own, cp) < separate)
          ? sizeQueue(byChannel[channel], cp, targetsOf[GROUPS.length]!, intervalSeconds, open) : undefined;
        const lines = quiet
          ? [channel === 'counter' ? quiet : { ...quiet, needed: cp.minPositions }]
          : pooled && (pooled.needed < separate || tight) ? [pooled] : own;
        // The lines share the channel's installed positions: where they need more, each gets its part.
        const opened = allotCapacity(lines.map((q) => q.needed), lines.map((q) => q.metrics.erlangs), cp.maxPositions);
        const achieved = lines.map((q, i) => (opened[i] === q.needed ? q.metrics : erlangAMetrics(opened[i] ?? 0, q.load, q.waitSeconds)));
        own.forEach((q, i) => {
          // A shared line's positions are on the first group's row, so rows still add up to the channel.
          const l = lines.length === 1 ? 0 : i;
          const mine = lines.length === 1 ? i === 0 : true;
          const line = lines[l]!;
          const m = achieved[l]!;
          const positions = mine ? opened[l] ?? 0 : 0;
          const needed = mine ? line.needed : 0;
          const officers = officersOnPosition(channel, positions, params);
          out.push({
            port_id: day.port_id, direction: day.direction, date: day.date, day_type: dayType, slot, start: sh.start,
            shift: sh.name, shift_date: sh.previousDay ? previousDate : day.date, channel, group: GROUPS[i] ?? 'visitors',
            target_wait_minutes: line.target.targetWaitMinutes, target_share: line.target.targetShare, shared_line: lines.length === 1, open, forecast, basis,
            arrivals: q.load.arrivals, erlangs: offeredLoad(q.load), positions_needed: needed, capacity: cp.maxPositions, positions, shortfall: needed - positions,
            service_level: m.serviceLevel, occupancy: m.occupancy,
            mean_wait_seconds: m.meanWaitSeconds, prob_abandon: m.probAbandon, unstable: m.meanWaitSeconds === Infinity,
            officers, officers_rostered: withShrinkage(officers, cp.shrinkage), shrinkage: cp.shrinkage,
            over_capacity: needed > positions, unreachable: line.unreachable,
          });
        });
      }
    });
  }
  return out;
}

/**
 * In a slot so quiet that one counter clears every traveller of every channel within the strictest target, that
 * counter is the whole hall: a port seeing a few travellers an hour staffs one position, not one per channel and
 * group. The counter's line, with the slot's whole load at the travellers' mean handling time; undefined otherwise.
 */
function quietCounter(byChannel: Record<Channel, number>, channels: Record<Channel, ChannelParams>, target: GroupTarget, intervalSeconds: number): SizedQueue | undefined {
  const arrivals = CHANNELS.reduce((n, c) => n + byChannel[c], 0);
  const counter = channels.counter;
  if (arrivals <= 0 || counter.maxPositions === 0) return undefined;
  const work = CHANNELS.reduce((n, c) => n + byChannel[c] * channels[c].serviceSeconds, 0);
  // More work than one counter may carry: not quiet, whatever the target (most slots of a busy port end here).
  if (work / intervalSeconds > counter.maxOccupancy) return undefined;
  const q = sizeQueue(arrivals, { ...counter, serviceSeconds: work / arrivals }, target, intervalSeconds, true);
  return q.needed <= 1 && !q.unreachable ? q : undefined;
}

/**
 * The fewest positions a line carrying these loads can have under Erlang C: above the load, within the occupancy cap.
 * With abandonment it may need a little less, so a shared line is then tried only where clearly cheaper.
 */
function fewestPositions(lines: readonly SizedQueue[], cp: ChannelParams): number {
  const a = lines.reduce((n, q) => n + offeredLoad(q.load), 0);
  return Math.max(Math.floor(a) + 1, Math.ceil(a / cp.maxOccupancy - 1e-9), cp.minPositions);
}

/** The strictest of every line's target at a port and direction: the shortest wait and the highest share. */
function strictest(lineTargets: Record<Channel, GroupTarget[]>): GroupTarget {
  return CHANNELS.flatMap((c) => lineTargets[c]).reduce((a, b) => queueTarget(a, b));
}

/** The key of PlanInput.residentShares: a port and direction, and a date for that day alone. */
export function residentShareKey(port: string, direction: string, date?: string): string {
  return date === undefined ? `${port}\u0000${direction}` : `${port}\u0000${direction}\u0000${date}`;
}

/** Share of a channel's travellers in a group's line. */
export function groupShare(group: TravellerGroup, residentShare: number): number {
  return group === 'residents' ? residentShare : 1 - residentShare;
}

/** One line's load, its target and the positions that meet it (none when closed, at least the minimum when open). */
interface SizedQueue {
  load: QueueLoad;
  target: GroupTarget;
  waitSeconds: number;
  needed: number;
  metrics: QueueMetrics;
  unreachable: boolean;
}

function sizeQueue(arrivals: number, cp: ChannelParams, target: GroupTarget, intervalSeconds: number, open: boolean): SizedQueue {
  const load: QueueLoad = {
    arrivals, intervalSeconds, serviceSeconds: cp.serviceSeconds,
    ...(cp.patienceMinutes === null ? {} : { patienceSeconds: cp.patienceMinutes * 60 }),
  };
  const waitSeconds = target.targetWaitMinutes * 60;
  const need = requiredAgents(load, { waitSeconds, share: target.targetShare }, cp.maxOccupancy);
  // A closed slot opens nothing, whatever the minimum; an open one keeps at least the minimum.
  const needed = open ? Math.max(cp.minPositions, need.positions) : 0;
  // A minimum above the need serves better than the need: report what the open positions achieve.
  const metrics = needed === need.positions ? need : erlangAMetrics(needed, load, waitSeconds);
  return { load, target, waitSeconds, needed, metrics, unreachable: need.unreachable === true };
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
    const c = CHANNELS.indexOf(first.channel);
    const block = slots.slice(i, i + G);
    block.forEach((s, k) => {
      let g = entry.rows[c * G + k];
      if (!g) {
        g = {
          port_id: s.port_id, direction: s.direction, shift_date: s.shift_date, shift: s.shift, channel: s.channel, group: s.group,
          target_wait_minutes: s.target_wait_minutes, target_share: s.target_share, slots: 0, complete: false,
          arrivals: 0, positions_peak: 0, positions_mean: 0, officers_peak: 0, officers_rostered_peak: 0, officers_rostered: 0, officer_hours: 0, shrinkage: s.shrinkage,
          positions_needed_peak: 0, capacity: s.capacity, shortfall_peak: 0, service_level_min: 1, mean_wait_max_seconds: 0, occupancy_max: 0, unstable: false, over_capacity: false,
        };
        entry.rows[c * G + k] = g;
        all.push(g);
      }
      g.slots += 1;
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
  const order = new Map(params.shifts.map((s, i) => [s.name, i]));
  return all
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
  /** Installed positions the plan was capped at, with their sources (empty: no limit known). */
  capacity: CapacityRow[];
  /** The target of each traveller group at this port, with its source. */
  targets: Record<TravellerGroup, GroupTarget & { source: string }>;
  /** Where residents' share came from: the forecast's resident series, recent history, or an even split as an estimate. */
  residentShareSource: 'forecast' | 'history' | 'estimate';
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
  const capacity = await loadPortCapacity(db, options.port);
  const storedTargets = await loadTargetOverrides(db, options.port);
  const given = withStaffingDefaults(options.params);
  const portTargets = [...given.targetOverrides, ...storedTargets];
  const requested = requestedTargets(options.port, options.params, groupTargetsFor(given.groupTargets, portTargets, options.port));
  // Stored per-port rows refine the defaults; parameters given with the request win over both.
  const params: StaffingParams = {
    ...given,
    overrides: [...capacityOverrides(capacity), ...stored, ...given.overrides],
    targetOverrides: [...portTargets, ...requested],
  };
  const shares = await loadResidentShares(db, { runId, port: options.port, from: coverage.from, to: coverage.to });
  const residentShares = new Map([...shares].map(([k, v]) => {
    const [direction, date] = k.split('|');
    return [residentShareKey(options.port, direction ?? '', date), v] as const;
  }));
  const plan = staffingPlan({ forecasts, profiles, holidays, hours, residentShares }, params, { basis });
  const targets = targetSources(options.port, params, [...portTargets, ...requested]);
  const residentShareSource = [...shares.keys()].some((k) => k.includes('|')) ? 'forecast' : shares.size > 0 ? 'history' : 'estimate';
  return { runId, basis, params, profiles, coverage, hours, capacity, targets, residentShareSource, ...plan };
}

/** Each installed capacity as the channel's maxPositions in its direction. */
export function capacityOverrides(rows: readonly CapacityRow[]): ChannelOverride[] {
  return rows.map((r) => ({ port_id: r.port_id, direction: r.direction, channel: r.channel, params: { maxPositions: r.positions } }));
}

/** Group targets a request sets, on top of the port's own (a request giving only the wait keeps the port's share). */
function requestedTargets(port: string, input: StaffingParamsInput | undefined, current: Record<TravellerGroup, GroupTarget>): GroupTargetOverride[] {
  return GROUPS.flatMap((group) => {
    const t = input?.groupTargets?.[group];
    return t ? [{ port_id: port, group, target: { ...current[group], ...t }, source: 'request' }] : [];
  });
}

/** The target each group's lines are sized for at a port, and where it comes from. */
function targetSources(port: string, params: StaffingParams, overrides: readonly GroupTargetOverride[]): Record<TravellerGroup, GroupTarget & { source: string }> {
  const effective = groupTargetsFor(params.groupTargets, overrides, port);
  const out = {} as Record<TravellerGroup, GroupTarget & { source: string }>;
  for (const g of GROUPS) {
    const o = [...overrides].reverse().find((x) => x.port_id === port && x.group === g);
    out[g] = { ...effective[g], source: o?.source || DEFAULT_GROUP_TARGETS[g].source };
  }
  return out;
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
  resident_wait_minutes?: number;
  resident_share?: number;
  visitor_wait_minutes?: number;
  visitor_share?: number;
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
  resident_wait_minutes: { type: 'number', minimum: 0, maximum: 1440, description: 'Residents\' target wait; default the port\'s (the pledge: 15 minutes).' },
  resident_share: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Share of residents within their wait; default the port\'s (0.98).' },
  visitor_wait_minutes: { type: 'number', minimum: 0, maximum: 1440, description: 'Visitors\' target wait; default the port\'s (30 minutes, 15 at the Airport).' },
  visitor_share: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Share of visitors within their wait; default the port\'s (0.95).' },
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
  // The single target of old requests applies to both groups too, so it still means "this target for all".
  const groupTargets: Partial<Record<TravellerGroup, Partial<GroupTarget>>> = {};
  const given: Record<TravellerGroup, [number | undefined, number | undefined]> = {
    residents: [q.resident_wait_minutes ?? q.target_wait_minutes, q.resident_share ?? q.target_share],
    visitors: [q.visitor_wait_minutes ?? q.target_wait_minutes, q.visitor_share ?? q.target_share],
  };
  for (const g of GROUPS) {
    const [wait, share] = given[g];
    const t: Partial<GroupTarget> = {};
    if (wait !== undefined) t.targetWaitMinutes = wait;
    if (share !== undefined) t.targetShare = share;
    if (Object.keys(t).length) groupTargets[g] = t;
  }
  return {
    ...(q.slot_minutes ? { slotMinutes: q.slot_minutes } : {}), ...(Object.keys(channels).length ? { channels } : {}),
    ...(Object.keys(groupTargets).length ? { groupTargets } : {}),
  };
}

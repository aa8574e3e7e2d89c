/**
 * The staffing plan: daily forecast × intraday profile → arrivals per slot, split by channel,
 * positions per channel from Erlang C (or Erlang A with patience), officers after shrinkage,
 * rolled up to shifts (roster.ts). Plain data in, plain rows out; load.ts reads the inputs from the database.
 */
import { CrossingsError } from '../../messages.js';
import type { Basis, ForecastDay } from '../forecastDays.js';
import { BASES } from '../forecastDays.js';
import type { HourlyProfile } from '../profiles.js';
import { profileSlots } from '../profiles.js';
import { erlangAMetrics, offeredLoad, requiredAgents } from './erlang.js';
import { staffingMessages as msg } from '../../messages.js';
import { addDays } from '../../isoDays.js';
import { maskShares, openFractions, type PortHours } from './hours.js';
import { allotCapacity } from './capacity.js';
import { GROUPS, groupTargetsFor, queueTarget, type GroupTarget, type TravellerGroup } from './targets.js';
import type { QueueLoad, QueueMetrics } from './erlang.js';
import { assertStaffingParams, CHANNELS, channelParamsFor, clock, DEFAULT_STAFFING_PARAMS, type Channel, type ChannelParams, type StaffingParams } from './params.js';
import { apportionRostered, officersPerShift, rollUpShifts, slotShifts, withShrinkage } from './roster.js';

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
  /** The shift's times: first start and last end HH:MM ("24:00" at midnight), and "06:30–15:00" with a split shift's parts joined by " + ". */
  shift_start: string;
  shift_end: string;
  shift_times: string;
  channel: Channel;
  group: TravellerGroup;
  target_wait_minutes: number;
  target_share: number;
  /** Slots of the shift inside the planned dates; fewer than the shift has at the edges of the range. */
  slots: number;
  /** Of those, the slots where both groups queue in one line (its positions are on the residents' row). */
  shared_slots: number;
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
  shift_start: string;
  shift_end: string;
  shift_times: string;
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
      const open = (openShare[slot] ?? 0) > 0;
      if (!sh) {
        // Hours outside the template are hours the port is closed; travellers there would go unstaffed.
        if (open) throw new CrossingsError(msg.openWithoutShift(day.port_id, day.date, clock(slot * params.slotMinutes)));
        return;
      }
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

/**
 * Staffing parameters: how each channel works and what it must achieve, the shifts, the defaults from
 * published figures, and the checks that name every parameter out of range.
 */
import { CrossingsError } from '../../messages.js';
import { staffingMessages as msg } from '../../messages.js';
import {
  BUNDLED_TARGET_OVERRIDES, DEFAULT_GROUP_TARGETS, GROUPS, targetProblem,
  type GroupTarget, type GroupTargetOverride, type TravellerGroup,
} from './targets.js';

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

/**
 * A shift: name, start HH:MM and length in hours; a shift crossing midnight belongs to the day it starts. Two
 * entries with one name are the two parts of a split shift (shifts.ts has the templates of each port).
 */
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

/**
 * Why the shifts are not a template: each on slot boundaries, none overlapping another; undefined when fine.
 * Hours no shift covers are allowed (a port closed then): a plan refuses an open slot outside every shift.
 * A name given twice is a split shift (e.g. a peak shift 07:00–11:00 and 17:00–21:00).
 */
function shiftsProblem(shifts: readonly Shift[], slotMinutes: number): string | undefined {
  if (!Array.isArray(shifts) || shifts.length === 0) return 'there are no shifts';
  const cover = new Array<number>(1440 / slotMinutes).fill(0);
  for (const s of shifts) {
    const start = parseClock(s.start);
    if (start === undefined) return `shift "${s.name}" starts at "${s.start}", expected HH:MM`;
    if (start % slotMinutes !== 0) return `shift "${s.name}" starts at ${s.start}, not on a ${slotMinutes}-minute slot boundary`;
    if (!(isNum(s.hours) && s.hours > 0 && s.hours <= 24 && (s.hours * 60) % slotMinutes === 0)) return `shift "${s.name}" lasts ${s.hours} hours, expected whole ${slotMinutes}-minute slots, at most 24 hours`;
    for (let m = 0; m < s.hours * 60; m += slotMinutes) {
      const slot = ((start + m) % 1440) / slotMinutes;
      cover[slot] = (cover[slot] ?? 0) + 1;
    }
  }
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
// helpers

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isInt(v: unknown): v is number {
  return isNum(v) && Number.isInteger(v);
}

/** Minutes from midnight of an HH:MM clock time before 24:00; undefined when malformed. */
export function parseClock(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(String(text));
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/** HH:MM of minutes from midnight. Example: 390 → "06:30". */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

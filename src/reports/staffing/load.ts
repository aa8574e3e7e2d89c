/**
 * Loading a staffing plan from the database: the forecast run, profiles, holidays, opening hours, installed
 * capacity, stored per-port parameters and targets, then the pure plan (plan.ts) over them.
 */
import { portNames, requireForecastRun } from '../../store/lookups.js';
import type { Database } from '../../store/db.js';
import { all } from '../../store/db.js';
import { CrossingsError } from '../../messages.js';
import { staffingMessages as msg } from '../../messages.js';
import type { Basis } from '../forecastDays.js';
import { assertDailyPort, loadForecastDays, whyNoForecast } from '../forecastDays.js';
import type { HourlyProfile, ProfileTable } from '../profiles.js';
import { loadHolidayDates, loadProfiles } from '../profiles.js';
import { coverRange, forecastSpan, type Coverage } from './coverage.js';
import { loadPortHours, type PortHours } from './hours.js';
import { loadPortCapacity, type CapacityRow } from './capacity.js';
import {
  DEFAULT_GROUP_TARGETS, GROUPS, groupTargetsFor, loadResidentShares, loadTargetOverrides,
  type GroupTarget, type GroupTargetOverride, type TravellerGroup,
} from './targets.js';
import { CHANNELS, withStaffingDefaults, type Channel, type ChannelOverride, type StaffingParams, type StaffingParamsInput } from './params.js';
import { residentShareKey, staffingPlan, type StaffingPlan } from './plan.js';
import { loadShiftTemplate, shiftTimes, type ShiftTimes } from './shifts.js';

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
  /** The shifts the plan rostered, with their times, and where they come from: the request, the port's stored template or its default. */
  shiftTemplate: { source: string; shifts: ShiftTimes[] };
}

/** Staffing plan for a port from the latest forecast run (or `runId`), with the port's staffing_params rows applied. */
export async function loadStaffingPlan(db: Database, options: LoadStaffingOptions): Promise<LoadedStaffingPlan> {
  await assertDailyPort(db, options.port, msg.monthlyPort);
  const basis = options.basis ?? 'mean';
  const runId = await requireForecastRun(db, options.runId);
  const span = await forecastSpan(db, {
    runId, port: options.port,
    ...(options.direction ? { direction: options.direction } : {}),
    ...(options.category ? { category: options.category } : {}),
    ...(options.model ? { model: options.model } : {}),
  });
  if (!span) throw new CrossingsError(await whyNoForecast(db, { ...options, runId }), 'not_found');
  const coverage = coverRange((await portNames(db, options.port)).name, options.from, options.to, span, runId, options.partial);
  const forecasts = await loadForecastDays(db, { ...options, from: coverage.from, to: coverage.to, runId });
  const directions = options.direction ? [options.direction] : ['arrival', 'departure'];
  const profiles = await loadProfiles(db, { ports: [options.port], directions, ...(options.profileTable ? { table: options.profileTable } : {}) });
  const holidays = await loadHolidayDates(db);
  const stored = await loadStaffingOverrides(db, options.port);
  const hours = await loadPortHours(db, [options.port]);
  const capacity = await loadPortCapacity(db, options.port);
  const storedTargets = await loadTargetOverrides(db, options.port);
  const given = withStaffingDefaults(options.params);
  const template = options.params?.shifts
    ? { shifts: given.shifts, source: 'request' }
    : await loadShiftTemplate(db, options.port, hours[0]?.usual, given.slotMinutes);
  const portTargets = [...given.targetOverrides, ...storedTargets];
  const requested = requestedTargets(options.port, options.params, groupTargetsFor(given.groupTargets, portTargets, options.port));
  // Stored per-port rows refine the defaults; parameters given with the request win over both.
  const params: StaffingParams = {
    ...given,
    shifts: template.shifts,
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
  const shiftTemplate = { source: template.source, shifts: shiftTimes(template.shifts) };
  return { runId, basis, params, profiles, coverage, hours, capacity, targets, residentShareSource, shiftTemplate, ...plan };
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

/**
 * The staffing query parameters of the API: their JSON schema and their translation into staffing parameters.
 */
import { CHANNELS, type Channel, type ChannelParams, type StaffingParamsInput } from '../../reports/staffing/params.js';
import { GROUPS, type GroupTarget, type TravellerGroup } from '../../reports/staffing/targets.js';

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

/** The `partial` query flag of staffing plans and reports. */
export const partialParam = {
  type: 'boolean',
  description: 'When the range goes beyond the forecast: plan the covered part and say so (coverage), instead of refusing with 422.',
} as const;

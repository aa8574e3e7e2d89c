/**
 * Service targets by traveller group: Hong Kong residents and visitors queue in their own lines and the
 * Immigration Department pledges a different wait to each. Bundled in default-targets.json with their source,
 * refined per port by the staffing_targets table, the way opening hours are.
 */
import type { Database } from '../../store/db.js';
import { all, hasTable, run, transaction } from '../../store/db.js';
import { CrossingsError, staffingMessages as msg } from '../../messages.js';
import bundled from './default-targets.json' with { type: 'json' };

export type TravellerGroup = 'residents' | 'visitors';
export const GROUPS: readonly TravellerGroup[] = ['residents', 'visitors'];

/** What a group's queue must achieve: at least `targetShare` wait no more than `targetWaitMinutes`. */
export interface GroupTarget {
  targetWaitMinutes: number;
  targetShare: number;
}

/** A group's target at one port, with where it comes from. */
export interface SourcedTarget extends GroupTarget {
  source: string;
}

/** A target that differs at one port (from the bundle, the table or a request). */
export interface GroupTargetOverride {
  port_id: string;
  group: TravellerGroup;
  target: GroupTarget;
  source?: string;
}

interface Bundle {
  all: Record<TravellerGroup, SourcedTarget>;
  ports: Record<string, Partial<Record<TravellerGroup, SourcedTarget>>>;
}
const bundle = bundled as unknown as Bundle;

/** The pledge that applies at every port unless a port says otherwise. */
export const DEFAULT_GROUP_TARGETS: Readonly<Record<TravellerGroup, SourcedTarget>> = bundle.all;

/** The bundled per-port targets (the Airport's visitors), as overrides. */
export const BUNDLED_TARGET_OVERRIDES: readonly GroupTargetOverride[] = Object.entries(bundle.ports).flatMap(([port_id, groups]) =>
  GROUPS.flatMap((group) => {
    const t = groups[group];
    return t ? [{ port_id, group, target: { targetWaitMinutes: t.targetWaitMinutes, targetShare: t.targetShare }, source: t.source }] : [];
  }));

/** Why a group target is not usable, or undefined when it is. */
export function targetProblem(t: Partial<GroupTarget>): string | undefined {
  const wait = t.targetWaitMinutes;
  const share = t.targetShare;
  if (typeof wait !== 'number' || !Number.isFinite(wait) || wait < 0) return `wait ${JSON.stringify(wait ?? null)}: expected minutes, 0 or more`;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) return `share ${JSON.stringify(share ?? null)}: expected a share above 0 and below 1, e.g. 0.98`;
  return undefined;
}

/**
 * The target one queue is sized for: its group's, or the channel's own where that is stricter (the priority
 * lane promises a shorter wait than the pledge). Example: residents 15 min/98% at a counter of 30 min/95% → 15/98%.
 */
export function queueTarget(group: GroupTarget, channel: GroupTarget): GroupTarget {
  return { targetWaitMinutes: Math.min(group.targetWaitMinutes, channel.targetWaitMinutes), targetShare: Math.max(group.targetShare, channel.targetShare) };
}

/** The targets at one port: the defaults, then overrides of that port in order (later ones win). */
export function groupTargetsFor(defaults: Record<TravellerGroup, GroupTarget>, overrides: readonly GroupTargetOverride[], port: string): Record<TravellerGroup, GroupTarget> {
  const out = { residents: { ...defaults.residents }, visitors: { ...defaults.visitors } };
  for (const o of overrides) if (o.port_id === port) out[o.group] = { ...o.target };
  return out;
}

/** One stored target row. */
export interface TargetRow {
  port_id: string;
  group: TravellerGroup;
  targetWaitMinutes: number;
  targetShare: number;
  source: string;
}

/** The staffing_targets rows of a port as overrides (empty on a file made before the table existed). */
export async function loadTargetOverrides(db: Database, port: string): Promise<GroupTargetOverride[]> {
  if (!(await hasTable(db, 'staffing_targets'))) return [];
  const rows = await all(db, `select traveller_group, target_wait_minutes, target_share, source from staffing_targets where port_id = $port order by traveller_group`, { port });
  return rows.map((r) => ({
    port_id: port, group: checkGroup(String(r['traveller_group'])),
    target: { targetWaitMinutes: Number(r['target_wait_minutes']), targetShare: Number(r['target_share']) }, source: String(r['source'] ?? ''),
  }));
}

/** Checks and stores target rows in one transaction, replacing rows of the same port and group. */
export async function setGroupTargets(db: Database, rows: readonly TargetRow[]): Promise<number> {
  for (const r of rows) {
    checkGroup(r.group);
    const problem = targetProblem(r);
    if (problem) throw new CrossingsError(msg.badTarget(`${r.port_id} ${r.group}`, problem));
  }
  await transaction(db, async () => {
    for (const r of rows) {
      await run(db, `delete from staffing_targets where port_id = $port and traveller_group = $group`, { port: r.port_id, group: r.group });
      await run(db, `insert into staffing_targets values ($port, $group, $wait, $share, $source)`,
        { port: r.port_id, group: r.group, wait: r.targetWaitMinutes, share: r.targetShare, source: r.source });
    }
  });
  return rows.length;
}

/** The targets a port's plans use, with the source of each. */
export async function listGroupTargets(db: Database, port: string): Promise<(TargetRow & { stored: boolean })[]> {
  const stored = await loadTargetOverrides(db, port);
  return GROUPS.map((group) => {
    const s = stored.find((o) => o.group === group);
    const b = BUNDLED_TARGET_OVERRIDES.find((o) => o.port_id === port && o.group === group);
    const t = s ?? b;
    const d = DEFAULT_GROUP_TARGETS[group];
    return t
      ? { port_id: port, group, ...t.target, source: t.source || 'staffing_targets', stored: s !== undefined }
      : { port_id: port, group, targetWaitMinutes: d.targetWaitMinutes, targetShare: d.targetShare, source: d.source, stored: false };
  });
}

/** A traveller group name, or a message listing the known ones. */
export function checkGroup(group: string): TravellerGroup {
  if (!GROUPS.includes(group as TravellerGroup)) throw new CrossingsError(msg.unknownGroup(group, GROUPS));
  return group as TravellerGroup;
}

/**
 * Residents' share of each day's travellers per direction, from the forecast run's hk_residents and total
 * series (keys `direction|date`), and from the last 8 weeks of history (keys `direction`) for days the run
 * has no split for. Empty for a port whose source does not count residents apart.
 */
export async function loadResidentShares(db: Database, options: { runId: number; port: string; from: string; to: string }): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const forecast = await all(
    db,
    `select direction, strftime(date, '%Y-%m-%d') as date,
            sum(mean) filter (where category = 'hk_residents') as residents, sum(mean) filter (where category = 'total') as total
       from forecasts where run_id = $run and port_id = $port and date between cast($from as date) and cast($to as date)
        and category in ('hk_residents', 'total')
      group by all having residents is not null and total > 0`,
    { run: options.runId, port: options.port, from: options.from, to: options.to },
  );
  for (const r of forecast) out.set(`${r['direction']}|${r['date']}`, clampShare(Number(r['residents']) / Number(r['total'])));
  const history = await all(
    db,
    `with last as (select max(date) as d from crossings where port_id = $port and category = 'hk_residents')
     select direction, cast(sum(count) filter (where category = 'hk_residents') as double) as residents,
            cast(sum(count) filter (where category = 'total') as double) as total
       from crossings, last where port_id = $port and date > last.d - interval 56 day and category in ('hk_residents', 'total')
      group by direction having total > 0`,
    { port: options.port },
  );
  for (const r of history) out.set(String(r['direction']), clampShare(Number(r['residents']) / Number(r['total'])));
  return out;
}

function clampShare(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

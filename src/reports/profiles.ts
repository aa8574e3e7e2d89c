/**
 * Intraday profiles: the share of a day's crossings in each hour, per port and direction, learned
 * from hourly counts where a port has them, otherwise the editable defaults per port kind in
 * staffing/default-profiles.json. Holidays may have a profile of their own.
 */
import type { Database } from '../store/db.js';
import { all } from '../store/db.js';
import { CrossingsError } from '../messages.js';
import { staffingMessages as msg } from '../messages.js';
import defaultTable from './staffing/default-profiles.json' with { type: 'json' };
import { daysBetween } from '../isoDays.js';

export type DayType = 'normal' | 'holiday';
export type SlotMinutes = 30 | 60;
export type Direction = 'arrival' | 'departure';

/** Relative hourly weights by port kind → direction (or 'any') → day type, as in default-profiles.json. */
export type ProfileTable = Record<string, Record<string, Partial<Record<DayType, readonly number[]>>>>;

/** One resolved profile: 24 hourly shares summing to 1, and where they came from. */
export interface HourlyProfile {
  port_id: string;
  direction: string;
  day_type: DayType;
  shares: number[];
  source: 'learned' | 'learned-normal' | 'default';
  /** Days of hourly data behind a learned profile. */
  days: number;
}

/** An hourly count as stored in `crossings` (freq 'hour'). */
export interface HourlyCount {
  port_id: string;
  direction: string;
  date: string;
  hour: number;
  count: number;
}

/** The default table shipped with the code (edit default-profiles.json to change it). */
export const DEFAULT_PROFILE_TABLE: ProfileTable = withoutAbout(defaultTable as unknown as Record<string, unknown>);

/** Port kinds with a default profile. */
export const PORT_KINDS = ['land', 'rail', 'bridge', 'sea', 'air'] as const;

/** Turns non-negative weights into shares summing to 1. Example: [1, 3] → [0.25, 0.75]. */
export function normaliseShares(weights: readonly number[], where = 'given'): number[] {
  if (weights.length !== 24) throw new CrossingsError(msg.badProfile(where, `it has ${weights.length} values`));
  let sum = 0;
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new CrossingsError(msg.badProfile(where, `weight ${w} is not a non-negative number`));
    sum += w;
  }
  if (sum <= 0) throw new CrossingsError(msg.badProfile(where, 'the weights add up to 0'));
  return weights.map((w) => w / sum);
}

/** The default hourly shares for a port kind, direction and day type (holiday falls back to normal, direction to 'any'). */
export function defaultProfile(kind: string, direction: string, dayType: DayType, table: ProfileTable = DEFAULT_PROFILE_TABLE, port = kind): number[] {
  const byDirection = table[kind];
  if (!byDirection) throw new CrossingsError(msg.unknownPortKind(port, kind, Object.keys(table)));
  const byDay = byDirection[direction] ?? byDirection['any'];
  const weights = byDay?.[dayType] ?? byDay?.normal;
  if (!byDay || !weights) throw new CrossingsError(msg.badProfile(`${kind}/${direction}`, 'there is no normal-day profile'));
  return normaliseShares(weights, `${kind}/${direction}/${byDay[dayType] ? dayType : 'normal'}`);
}

/**
 * Learns hourly shares per port, direction and day type from hourly counts: the hours' totals over
 * all qualifying days divided by the grand total, so busy days weigh more (they matter most for
 * staffing). Series with fewer than `minDays` days with traffic are left out (defaults fill in).
 */
export function learnProfiles(rows: readonly HourlyCount[], holidays: ReadonlySet<string>, minDays = 7): HourlyProfile[] {
  const groups = new Map<string, { port_id: string; direction: string; day_type: DayType; hours: number[]; days: Set<string> }>();
  for (const r of rows) {
    if (!(r.hour >= 0 && r.hour <= 23) || !(r.count > 0)) continue;
    const dayType: DayType = holidays.has(r.date) ? 'holiday' : 'normal';
    const key = `${r.port_id}\u0000${r.direction}\u0000${dayType}`;
    let g = groups.get(key);
    if (!g) {
      g = { port_id: r.port_id, direction: r.direction, day_type: dayType, hours: new Array<number>(24).fill(0), days: new Set() };
      groups.set(key, g);
    }
    g.hours[r.hour] = (g.hours[r.hour] ?? 0) + r.count;
    g.days.add(r.date);
  }
  const out: HourlyProfile[] = [];
  for (const g of groups.values()) {
    if (g.days.size < minDays) continue;
    out.push({ port_id: g.port_id, direction: g.direction, day_type: g.day_type, shares: normaliseShares(g.hours), source: 'learned', days: g.days.size });
  }
  return out.sort(byKey);
}

/** A port and its kind, as in the `ports` table. */
export interface PortKind {
  port_id: string;
  kind: string;
}

/**
 * One profile per port × direction × day type. Order of preference: learned for that day type;
 * for holidays, the port's own learned normal-day profile (closer to the port than a generic shape);
 * then the default for the port's kind.
 */
export function resolveProfiles(
  ports: readonly PortKind[],
  directions: readonly string[],
  learned: readonly HourlyProfile[],
  table: ProfileTable = DEFAULT_PROFILE_TABLE,
): HourlyProfile[] {
  const index = new Map(learned.map((p) => [`${p.port_id}\u0000${p.direction}\u0000${p.day_type}`, p]));
  const out: HourlyProfile[] = [];
  for (const port of ports) {
    for (const direction of directions) {
      for (const dayType of ['normal', 'holiday'] as const) {
        const own = index.get(`${port.port_id}\u0000${direction}\u0000${dayType}`);
        const ownNormal = index.get(`${port.port_id}\u0000${direction}\u0000normal`);
        if (own) out.push(own);
        else if (dayType === 'holiday' && ownNormal) out.push({ ...ownNormal, day_type: 'holiday', source: 'learned-normal' });
        else {
          const shares = defaultProfile(port.kind, direction, dayType, table, port.port_id);
          out.push({ port_id: port.port_id, direction, day_type: dayType, shares, source: 'default', days: 0 });
        }
      }
    }
  }
  return out;
}

/** Spreads 24 hourly shares over slots of 60 or 30 minutes (a half-hour gets half its hour). */
export function profileSlots(hourlyShares: readonly number[], slotMinutes: SlotMinutes): number[] {
  if (slotMinutes === 60) return [...hourlyShares];
  if (slotMinutes !== 30) throw new CrossingsError(msg.badSlotMinutes(slotMinutes));
  const out: number[] = [];
  for (const s of hourlyShares) out.push(s / 2, s / 2);
  return out;
}

/** Checks every entry of a profile table, returning one message per problem (empty when fine). */
export function validateProfileTable(table: ProfileTable): string[] {
  const problems: string[] = [];
  for (const [kind, byDirection] of Object.entries(table)) {
    for (const [direction, byDay] of Object.entries(byDirection)) {
      if (!byDay.normal) problems.push(msg.badProfile(`${kind}/${direction}`, 'there is no normal-day profile'));
      for (const [dayType, weights] of Object.entries(byDay)) {
        try {
          normaliseShares(weights ?? [], `${kind}/${direction}/${dayType}`);
        } catch (err) {
          problems.push(err instanceof Error ? err.message : String(err));
        }
      }
    }
  }
  return problems;
}

/** Hourly counts of the `total` category for some ports (all when none given), from `crossings` rows with freq 'hour'. */
export async function loadHourlyCounts(db: Database, options: { ports?: readonly string[]; from?: string; to?: string } = {}): Promise<HourlyCount[]> {
  const where = [`freq = 'hour'`, `hour is not null`, `category = 'total'`];
  const params: Record<string, string> = {};
  if (options.ports && options.ports.length > 0) {
    where.push(`list_contains(string_split($ports, chr(31)), port_id)`);
    params['ports'] = options.ports.join('\u001f');
  }
  if (options.from) {
    where.push(`date >= cast($from as date)`);
    params['from'] = options.from;
  }
  if (options.to) {
    where.push(`date <= cast($to as date)`);
    params['to'] = options.to;
  }
  const rows = await all(
    db,
    `select port_id, direction, date, cast(hour as integer) as hour, cast(sum(count) as double) as count
       from crossings where ${where.join(' and ')}
      group by all order by port_id, direction, date, hour`,
    Object.keys(params).length > 0 ? params : undefined,
  );
  return rows as unknown as HourlyCount[];
}

/** Dates that are a holiday in any of `regions` (HK and CN by default: both move traffic at these ports). */
export async function loadHolidayDates(db: Database, regions: readonly string[] = ['HK', 'CN']): Promise<Set<string>> {
  const rows = await all(
    db,
    `select distinct date from calendar where kind = 'holiday' and list_contains(string_split($regions, ','), region)`,
    { regions: regions.join(',') },
  );
  return new Set(rows.map((r) => String(r['date'])));
}

/** Ports and their kinds (unknown kinds default to 'land', the commonest at these borders). */
export async function loadPortKinds(db: Database, ports?: readonly string[]): Promise<PortKind[]> {
  const rows = await all(db, `select port_id, coalesce(kind, 'land') as kind from ports order by port_id`);
  const wanted = ports ? new Set(ports) : undefined;
  return (rows as unknown as PortKind[]).filter((p) => !wanted || wanted.has(p.port_id));
}

/** Resolved profiles for ports from the database: learned from their last `historyDays` of hourly data, else defaults. */
export async function loadProfiles(
  db: Database,
  options: { ports?: readonly string[]; directions?: readonly string[]; historyDays?: number; minDays?: number; table?: ProfileTable } = {},
): Promise<HourlyProfile[]> {
  const ports = await loadPortKinds(db, options.ports);
  const holidays = await loadHolidayDates(db);
  const hourly = await loadHourlyCounts(db, { ports: ports.map((p) => p.port_id) });
  const recent = lastDays(hourly, options.historyDays ?? 365);
  const learned = learnProfiles(recent, holidays, options.minDays ?? 7);
  return resolveProfiles(ports, options.directions ?? ['arrival', 'departure'], learned, options.table);
}

/** Keeps the rows of each port+direction within `days` of that series' latest date (profiles drift; old habits fade). */
function lastDays(rows: readonly HourlyCount[], days: number): HourlyCount[] {
  const latest = new Map<string, string>();
  for (const r of rows) {
    const key = `${r.port_id}\u0000${r.direction}`;
    const seen = latest.get(key);
    if (!seen || r.date > seen) latest.set(key, r.date);
  }
  return rows.filter((r) => {
    const end = latest.get(`${r.port_id}\u0000${r.direction}`);
    return end !== undefined && daysBetween(r.date, end) < days;
  });
}

function byKey(a: HourlyProfile, b: HourlyProfile): number {
  return a.port_id.localeCompare(b.port_id) || a.direction.localeCompare(b.direction) || a.day_type.localeCompare(b.day_type);
}

function withoutAbout(raw: Record<string, unknown>): ProfileTable {
  const { about: _about, ...rest } = raw;
  return rest as ProfileTable;
}

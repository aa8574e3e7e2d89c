/**
 * Installed positions per control point, direction and channel (counters, e-gates, priority lanes): bundled in
 * default-capacity.json with the source of each figure (or how an estimate was made), refined by the
 * port_capacity table. A plan never opens more positions than these; what it cannot open is its shortfall.
 */
import type { Database } from '../../store/db.js';
import { all, hasTable, run, transaction } from '../../store/db.js';
import { CrossingsError, staffingMessages as msg } from '../../messages.js';
import bundled from './default-capacity.json' with { type: 'json' };

type Channel = 'egate' | 'counter' | 'priority';
const CHANNEL_NAMES: readonly Channel[] = ['egate', 'counter', 'priority'];
const DIRECTIONS = ['arrival', 'departure'] as const;

/** Positions of one channel in one direction of a port, and where the figure comes from. */
export interface CapacityRow {
  port_id: string;
  direction: string;
  channel: Channel;
  positions: number;
  source: string;
  /** True when no count was published and the figure is an estimate (the source says how it was made). */
  estimate: boolean;
}

interface BundledCapacity { direction: string; channel: string; positions: number; source: string; estimate?: boolean }

/** The capacity shipped with the code (edit default-capacity.json to change it), checked once. */
export const DEFAULT_CAPACITY: readonly CapacityRow[] = Object.entries((bundled as unknown as { ports: Record<string, BundledCapacity[]> }).ports)
  .flatMap(([port_id, rows]) => rows.flatMap((r) => expand({ port_id, direction: r.direction, channel: r.channel as Channel, positions: r.positions, source: r.source, estimate: r.estimate === true })))
  .map((r) => checkCapacity(r, 'default-capacity.json'));

/** A row for both directions ('both', '*' or empty) as one row per direction. */
function expand(row: CapacityRow): CapacityRow[] {
  return row.direction === 'both' || row.direction === '*' || row.direction === '' ? DIRECTIONS.map((direction) => ({ ...row, direction })) : [row];
}

/** Throws a message naming `where` when a row's channel, direction or positions are wrong; returns the row. */
export function checkCapacity(row: CapacityRow, where = 'capacity'): CapacityRow {
  if (!CHANNEL_NAMES.includes(row.channel)) throw new CrossingsError(msg.unknownChannel(String(row.channel), CHANNEL_NAMES));
  if (!(DIRECTIONS as readonly string[]).includes(row.direction)) throw new CrossingsError(msg.badCapacityRow(where, row.port_id, `direction "${row.direction}": expected arrival, departure or both`));
  if (!Number.isInteger(row.positions) || row.positions < 0) throw new CrossingsError(msg.badCapacityRow(where, row.port_id, `positions ${JSON.stringify(row.positions)}: expected a whole number, 0 or more`));
  return row;
}

/** The capacity of a port: the bundled rows, replaced by stored port_capacity rows of the same direction and channel. */
export async function loadPortCapacity(db: Database, port: string): Promise<CapacityRow[]> {
  const byKey = new Map<string, CapacityRow>();
  for (const r of DEFAULT_CAPACITY) if (r.port_id === port) byKey.set(`${r.direction}|${r.channel}`, r);
  const rows = !(await hasTable(db, 'port_capacity')) ? [] : await all(db, `select direction, channel, positions::int as positions, source from port_capacity where port_id = $port order by direction, channel`, { port });
  for (const r of rows) {
    const row = checkCapacity({ port_id: port, direction: String(r['direction']), channel: String(r['channel']) as Channel, positions: Number(r['positions']), source: String(r['source'] ?? '') || 'port_capacity', estimate: false }, 'port_capacity');
    byKey.set(`${row.direction}|${row.channel}`, row);
  }
  return [...byKey.values()].sort((a, b) => a.direction.localeCompare(b.direction) || CHANNEL_NAMES.indexOf(a.channel) - CHANNEL_NAMES.indexOf(b.channel));
}

/** Checks rows and stores them in one transaction, replacing rows of the same port, direction and channel; 'both' stores one per direction. */
export async function setPortCapacity(db: Database, rows: readonly CapacityRow[]): Promise<CapacityRow[]> {
  const expanded = rows.flatMap(expand).map((r) => checkCapacity(r));
  await transaction(db, async () => {
    for (const r of expanded) {
      await run(db, `delete from port_capacity where port_id = $port and direction = $direction and channel = $channel`, { port: r.port_id, direction: r.direction, channel: r.channel });
      await run(db, `insert into port_capacity values ($port, $direction, $channel, $positions, $source)`,
        { port: r.port_id, direction: r.direction, channel: r.channel, positions: r.positions, source: r.source });
    }
  });
  return expanded;
}

/**
 * Splits a channel's installed positions between the lines that need more than there are. Each line first gets
 * enough to keep its queue stable (one above its load in erlangs, or its need if less) when all of them fit, so
 * no small line is left to grow without end while a big one meets its target; the rest goes in proportion to
 * load, never beyond a line's need, rounded by largest remainder. When even that does not fit, all in proportion.
 * Example: needs 12 and 3, loads 10 and 1.2, capacity 13 → 11 and 2; capacity null (unknown) → the needs.
 */
export function allotCapacity(needs: readonly number[], loads: readonly number[], capacity: number | null): number[] {
  const total = needs.reduce((a, b) => a + b, 0);
  if (capacity === null || total <= capacity) return [...needs];
  const stable = needs.map((n, i) => Math.min(n, Math.floor(loads[i] ?? 0) + 1));
  const floor = stable.reduce((a, b) => a + b, 0);
  if (floor > capacity) return shareByLoad(needs, loads, capacity);
  const extra = shareByLoad(needs.map((n, i) => n - (stable[i] ?? 0)), loads, capacity - floor);
  return stable.map((s, i) => s + (extra[i] ?? 0));
}

/** `capacity` positions in proportion to load, none beyond its need (what one does not need goes to the others). */
function shareByLoad(needs: readonly number[], loads: readonly number[], capacity: number): number[] {
  const weight = (i: number) => Math.max(loads[i] ?? 0, 1e-12);
  const exact = needs.map(() => 0);
  let open = needs.map((_, i) => i);
  let left = capacity;
  // Water-filling: a line whose part exceeds its need gets its need, and the rest is shared again.
  while (open.length > 0) {
    const load = open.reduce((s, i) => s + weight(i), 0);
    const capped = open.filter((i) => (left * weight(i)) / load >= (needs[i] ?? 0));
    if (capped.length === 0) {
      for (const i of open) exact[i] = (left * weight(i)) / load;
      break;
    }
    for (const i of capped) {
      exact[i] = needs[i] ?? 0;
      left -= needs[i] ?? 0;
    }
    open = open.filter((i) => !capped.includes(i));
  }
  const out = exact.map((e) => Math.floor(e + 1e-9));
  let spare = capacity - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - (out[i] ?? 0) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (spare <= 0) break;
    if ((out[i] ?? 0) < (needs[i] ?? 0)) {
      out[i] = (out[i] ?? 0) + 1;
      spare -= 1;
    }
  }
  return out;
}

/**
 * Capacity from CSV text with a header: port (or port_id), direction (arrival, departure or both), channel,
 * positions, and optionally source. Ports are resolved by `resolvePort`; a bad line is refused with its number.
 */
export async function parseCapacityCsv(text: string, resolvePort: (name: string) => Promise<string>, file = 'capacity CSV'): Promise<CapacityRow[]> {
  const { parse } = await import('csv-parse/sync');
  const records = parse(text.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const out: CapacityRow[] = [];
  for (const [i, r] of records.entries()) {
    const line = i + 2;
    const name = r['port_id'] ?? r['port'];
    if (!name || !r['channel'] || r['positions'] === undefined || r['positions'] === '') throw new CrossingsError(msg.badCapacityLine(file, line, 'it needs port, channel and positions'));
    const port = await resolvePort(name);
    try {
      const row: CapacityRow = { port_id: port, direction: r['direction'] || 'both', channel: r['channel'] as Channel, positions: Number(r['positions']), source: r['source'] || file, estimate: false };
      out.push(...expand(row).map((x) => checkCapacity(x, `${file} line ${line}`)));
    } catch (err) {
      throw new CrossingsError(msg.badCapacityLine(file, line, err instanceof Error ? err.message : String(err)));
    }
  }
  return out;
}

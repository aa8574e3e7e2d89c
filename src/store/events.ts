/**
 * Events known in advance (ship calls with their capacity, large events, bookings): the `events` table. A row with a
 * port belongs to that port; one without applies to every port of its region, or to every port when it has no region.
 */
import { all, hasTable, run, transaction, type Database } from './db.js';

/** One stored event. */
export interface EventRow {
  date: string;
  port_id: string | null;
  region: string | null;
  name: string;
  kind: string;
  /** Size of the event (a ship's capacity, an audience); null when not known. */
  volume: number | null;
  source: string;
}

/** An event as a regressor of one port's series: its day number (days since 1970-01-01), kind and volume. */
export interface PortEvent {
  day: number;
  kind: string;
  volume: number | null;
}

/** Which events an event belongs with when replaced or cleared: its port, or the region-wide ones of its region. */
export interface EventScope {
  port_id: string | null;
  /** Only for region-wide events (port_id null); null there: every port. */
  region: string | null;
}

/** The scope of a stored row. */
export const scopeOf = (r: Pick<EventRow, 'port_id' | 'region'>): EventScope => (r.port_id ? { port_id: r.port_id, region: null } : { port_id: null, region: r.region });

/** How a scope is written in messages and listings: the port id, `region HK`, or `all ports`. */
export const scopeLabel = (s: EventScope): string => (s.port_id ? s.port_id : s.region ? `region ${s.region}` : 'all ports');

/** SQL condition (parameters $port, $region) matching the rows of one scope. */
const SCOPE_SQL = `(($port is not null and port_id = $port) or ($port is null and port_id is null and region is not distinct from $region))`;

const scopeParams = (s: EventScope) => ({ port: s.port_id, region: s.port_id ? null : s.region });

/**
 * Stores `rows` in one transaction, each scope's rows replacing the events of that scope from its first to its last
 * date in `rows` (an updated schedule drops cancelled calls; the same file twice changes nothing). Returns how many
 * stored events were replaced.
 */
export async function replaceEvents(db: Database, rows: readonly EventRow[]): Promise<{ replaced: number }> {
  const spans = new Map<string, { scope: EventScope; from: string; to: string }>();
  for (const r of rows) {
    const scope = scopeOf(r);
    const key = scopeLabel(scope);
    const span = spans.get(key);
    if (!span) spans.set(key, { scope, from: r.date, to: r.date });
    else if (r.date < span.from) span.from = r.date;
    else if (r.date > span.to) span.to = r.date;
  }
  return transaction(db, async () => {
    let replaced = 0;
    for (const { scope, from, to } of spans.values()) replaced += await deleteEvents(db, scope, from, to);
    await appendEvents(db, rows);
    return { replaced };
  });
}

/** Removes the events of a scope (all of them when `scope` is undefined), optionally only those from..to; returns how many. */
export async function deleteEvents(db: Database, scope?: EventScope, from?: string, to?: string): Promise<number> {
  const where = `${scope ? SCOPE_SQL : 'true'} and ($from is null or date >= $from::date) and ($to is null or date <= $to::date)`;
  const params = { ...(scope ? scopeParams(scope) : {}), from: from ?? null, to: to ?? null };
  const [counted] = await all(db, `select count(*)::int as n from events where ${where}`, params);
  await run(db, `delete from events where ${where}`, params);
  return Number(counted?.['n'] ?? 0);
}

async function appendEvents(db: Database, rows: readonly EventRow[]): Promise<void> {
  const appender = await db.conn.createAppender('events');
  const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
  for (const r of rows) {
    for (const v of [r.date, r.port_id, r.region, r.name, r.kind]) text(v);
    if (r.volume === null) appender.appendNull();
    else appender.appendDouble(r.volume);
    appender.appendVarchar(r.source);
    appender.endRow();
  }
  appender.closeSync();
}

/** The stored events by date, those that apply to `port_id` (its own and its region's) when given. */
export async function listEvents(db: Database, options: { port_id?: string; from?: string; to?: string } = {}): Promise<EventRow[]> {
  const rows = await all(
    db,
    `select strftime(e.date, '%Y-%m-%d') as date, e.port_id, e.region, e.name, e.kind, e.volume, e.source
       from events e
      where ($from is null or e.date >= $from::date) and ($to is null or e.date <= $to::date)
        and ($port is null or e.port_id = $port
             or (e.port_id is null and (e.region is null or e.region = (select region from ports where port_id = $port))))
      order by e.date, e.port_id nulls first, e.region nulls first, e.name`,
    { port: options.port_id ?? null, from: options.from ?? null, to: options.to ?? null },
  );
  return rows as unknown as EventRow[];
}

/** Every port's events as regressors (region-wide events on each port they apply to), ordered by day. */
export async function loadPortEvents(db: Database): Promise<Map<string, PortEvent[]>> {
  const out = new Map<string, PortEvent[]>();
  // A read-only database made before events existed has no such table, and so no events.
  if (!(await hasTable(db, 'events'))) return out;
  const rows = await all(
    db,
    `select p.port_id, (e.date - DATE '1970-01-01')::int as day, e.kind, e.volume
       from events e join ports p on e.port_id = p.port_id or (e.port_id is null and (e.region is null or e.region = p.region))
      order by p.port_id, day, e.kind, e.name`,
  );
  for (const r of rows) {
    const port = String(r['port_id']);
    const list = out.get(port) ?? [];
    if (list.length === 0) out.set(port, list);
    list.push({ day: Number(r['day']), kind: String(r['kind']), volume: r['volume'] === null ? null : Number(r['volume']) });
  }
  return out;
}

/** The scope of the region-wide events of `region`, spelt as the ports have it (hk finds HK). */
export async function regionScope(db: Database, region: string): Promise<EventScope> {
  const wanted = region.toLowerCase();
  return { port_id: null, region: (await portRegions(db)).find((r) => r.toLowerCase() === wanted) ?? region };
}

/** The regions the ports are in (what a region-wide event may name). */
export async function portRegions(db: Database): Promise<string[]> {
  return (await all(db, `select distinct region from ports where region is not null order by 1`)).map((r) => String(r['region']));
}

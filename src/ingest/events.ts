/**
 * Importing events known in advance (ship calls, large events, bookings) from a user's CSV or the admin API. The list
 * is checked whole before anything is stored: one bad row refuses it, naming the row and the problem.
 */
import { basename } from 'node:path';
import { readCsvRecords } from '../csv.js';
import { isCalendarDate } from '../isoDays.js';
import { CrossingsError, messages, NAME_LIMIT } from '../messages.js';
import type { Database } from '../store/db.js';
import { portRegions, replaceEvents, scopeLabel, scopeOf, type EventRow } from '../store/events.js';
import { loadPortNames, matchPort, type PortNames } from '../store/lookups.js';

/** One event as given: a port in any spelling, or none for a region-wide event (its region, or every port). */
export interface EventInput {
  date: string;
  port?: string | null;
  region?: string | null;
  name: string;
  kind: string;
  volume?: string | number | null;
}

/** What an import stored. */
export interface EventsImported {
  events: number;
  scopes: string[];
  replaced: number;
}

const NAME = /^[^\x00-\x1f\x7f-\x9f=+\-@][^\x00-\x1f\x7f-\x9f]*$/u;
const KIND = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_VOLUME = 10_000_000;

const okName = (s: string) => s.length <= NAME_LIMIT && NAME.test(s);
const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/** The volume of an event, null when not given; undefined when it is not a number in range. */
function parseVolume(v: EventInput['volume']): number | null | undefined {
  if (blank(v)) return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) && n > 0 && n <= MAX_VOLUME ? n : undefined;
}

/** The date of an event, or undefined when it is not a calendar date of 1990–2100. */
function parseDate(v: string): string | undefined {
  const d = v.trim();
  return isCalendarDate(d) && d >= '1990-01-01' && d <= '2100-12-31' ? d : undefined;
}

/**
 * Checks every item and resolves its port (any name or alias) or region; `at(i)` names item i in messages. Pure over
 * the ports' names and regions; throws the first problem.
 */
export function checkEvents(items: readonly EventInput[], at: (i: number) => string, ports: readonly PortNames[], regions: readonly string[], source: string): EventRow[] {
  if (items.length === 0) throw new CrossingsError(messages.eventsEmpty(), 'invalid');
  const seen = new Map<string, number>();
  return items.map((item, i): EventRow => {
    const where = at(i);
    const date = parseDate(String(item.date ?? ''));
    if (!date) throw new CrossingsError(messages.eventBadDate(where, String(item.date ?? '')), 'invalid');
    const name = String(item.name ?? '').trim();
    if (!okName(name)) throw new CrossingsError(messages.eventBadName(where, 'name', name, NAME_LIMIT), 'invalid');
    const kind = String(item.kind ?? '').trim();
    if (!KIND.test(kind)) throw new CrossingsError(messages.eventBadKind(where, kind), 'invalid');
    const volume = parseVolume(item.volume);
    if (volume === undefined) throw new CrossingsError(messages.eventBadVolume(where, String(item.volume)), 'invalid');
    const row: EventRow = { date, ...resolveScope(item, where, ports, regions), name, kind, volume, source };
    const key = `${scopeLabel(scopeOf(row))}|${date}|${name}`;
    const first = seen.get(key);
    if (first !== undefined) throw new CrossingsError(messages.eventRepeated(where, at(first), date, name), 'invalid');
    seen.set(key, i);
    return row;
  });
}

/** The port an item names, or its region for a region-wide event (null region: every port). */
function resolveScope(item: EventInput, where: string, ports: readonly PortNames[], regions: readonly string[]): Pick<EventRow, 'port_id' | 'region'> {
  // A row naming no known port or region makes the list invalid (422 like any bad row), not a missing resource.
  if (!blank(item.port)) {
    const text = String(item.port).trim();
    const found = matchPort(ports, text);
    if (found.port_id === undefined) throw new CrossingsError(messages.eventUnknownPort(where, text, found.suggestions), 'invalid');
    return { port_id: found.port_id, region: null };
  }
  if (blank(item.region)) return { port_id: null, region: null };
  const text = String(item.region).trim();
  const region = regions.find((r) => r.toLowerCase() === text.toLowerCase());
  if (!region) throw new CrossingsError(messages.eventUnknownRegion(where, text, regions), 'invalid');
  return { port_id: null, region };
}

/** Checks and stores a list of events in one transaction (see replaceEvents for what it replaces). */
export async function storeEvents(db: Database, items: readonly EventInput[], at: (i: number) => string, source: string): Promise<EventsImported> {
  const [ports, regions] = await Promise.all([loadPortNames(db), portRegions(db)]);
  const rows = checkEvents(items, at, ports, regions, source);
  const { replaced } = await replaceEvents(db, rows);
  return { events: rows.length, scopes: [...new Set(rows.map((r) => scopeLabel(scopeOf(r))))], replaced };
}

/**
 * Imports a CSV with columns date, port, name, kind[, volume][, region] (port empty: a region-wide event). Each port's
 * events on the dates the file spans are replaced by the file's, so importing it again changes nothing.
 */
export async function importEvents(db: Database, file: string): Promise<EventsImported> {
  const records = readCsvRecords(file, ['date', 'port', 'name', 'kind'], messages.eventsMissingColumns);
  const items = records.map((r): EventInput => ({ date: r['date'] ?? '', port: r['port'], region: r['region'], name: r['name'] ?? '', kind: r['kind'] ?? '', volume: r['volume'] }));
  return storeEvents(db, items, (i) => `${file}, line ${i + 2}`, basename(file));
}

/**
 * Finding a port from what a person types: its id, English name, Simplified or Traditional Chinese name, or a
 * source's alias, ignoring case, spaces and punctuation ("Lowu", "lo-wu", 罗湖 and 羅湖 all find hk-lo-wu).
 * When nothing matches, the nearest names by edit distance are the suggestions. Runs are found here too:
 * every lookup that finds nothing throws a not-found CrossingsError.
 */
import { all, type Database } from './db.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { distance as editDistance } from 'fastest-levenshtein';
import { CrossingsError, messages } from '../messages.js';

/** A port with the names it can be found by. */
export interface PortNames {
  port_id: string;
  name: string;
  names: string[];
}

/** What a lookup found: the port, or up to three suggestions (id and English name). */
export type PortLookup = { port_id: string } | { port_id?: undefined; suggestions: { port_id: string; name: string }[] };

/** Lower case with spaces, hyphens, dots, apostrophes and brackets taken out. */
export const normaliseName = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/[\s\-_.'’()（）]/g, '');

/** Every port and every name it answers to. */
export async function loadPortNames(db: Database | DuckDBConnection): Promise<PortNames[]> {
  const rows = await all(
    db,
    `select p.port_id, p.name, list_distinct(list_filter([p.port_id, p.name, p.name_zh, p.name_zh_hant] || coalesce(list(a.alias), []), x -> x is not null)) as names
       from ports p left join port_aliases a using (port_id)
      group by p.port_id, p.name, p.name_zh, p.name_zh_hant order by p.port_id`,
  );
  return rows.map((r) => ({ port_id: String(r['port_id']), name: String(r['name']), names: (r['names'] as string[]).map(String) }));
}

/** The port `text` names, or the nearest ones as suggestions (pure, over loadPortNames' rows). */
export function matchPort(ports: readonly PortNames[], text: string): PortLookup {
  const wanted = normaliseName(text);
  const hits = ports.filter((p) => p.names.some((n) => normaliseName(n) === wanted));
  if (hits.length === 1) return { port_id: hits[0]!.port_id };
  const scored = ports
    .map((p) => ({ port: p, distance: Math.min(...p.names.map((n) => editDistance(normaliseName(n), wanted))) }))
    .filter((s) => s.distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.port.port_id.localeCompare(b.port.port_id));
  return { suggestions: scored.slice(0, 3).map((s) => ({ port_id: s.port.port_id, name: s.port.name })) };
}

/** Looks `text` up in the database's ports (see matchPort). */
export async function lookupPort(db: Database | DuckDBConnection, text: string): Promise<PortLookup> {
  return matchPort(await loadPortNames(db), text);
}

/** The port `nameOrId` names (see matchPort), or undefined when none or several match. */
export async function findPort(db: Database | DuckDBConnection, nameOrId: string): Promise<string | undefined> {
  return (await lookupPort(db, nameOrId)).port_id;
}

/** The port_id `nameOrId` names; a not-found error with the nearest names otherwise. */
export async function requirePort(db: Database | DuckDBConnection, nameOrId: string): Promise<string> {
  const found = await lookupPort(db, nameOrId);
  if (found.port_id !== undefined) return found.port_id;
  throw new CrossingsError(messages.unknownPort(nameOrId, found.suggestions), 'not_found');
}

/** A port's names in each language (the id stands in for a port that is not in the table). */
export async function portNames(db: Database, portId: string): Promise<{ name: string; name_zh: string | null; name_zh_hant: string | null }> {
  const rows = await all(db, 'select name, name_zh, name_zh_hant from ports where port_id = $id', { id: portId });
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { name: String(rows[0]?.['name'] ?? portId), name_zh: text(rows[0]?.['name_zh']), name_zh_hant: text(rows[0]?.['name_zh_hant']) };
}

/** The English names of `portIds`, by id (an id not in the table is left out). */
export async function portNameMap(db: Database, portIds: readonly string[]): Promise<Record<string, string>> {
  if (portIds.length === 0) return {};
  const rows = await all(db, 'select port_id, name from ports where list_contains(string_split($ids, chr(31)), port_id)', { ids: [...new Set(portIds)].join('\u001f') });
  return Object.fromEntries(rows.map((r) => [String(r['port_id']), String(r['name'])]));
}

/** The run asked for if `table` holds rows of it, else the table's latest run; a not-found error when there is none. */
async function requireRun(db: Database, table: 'forecasts' | 'backtests', run: number | undefined, unknown: (run: number) => string, none: () => string): Promise<number> {
  if (run !== undefined) {
    const rows = await all(db, `select 1 from ${table} where run_id = $run limit 1`, { run });
    if (rows.length === 0) throw new CrossingsError(unknown(run), 'not_found');
    return run;
  }
  const latest = (await all(db, `select max(run_id)::int as run from ${table}`))[0]?.['run'];
  if (latest === null || latest === undefined) throw new CrossingsError(none(), 'not_found');
  return Number(latest);
}

/** The given forecast run if it has forecasts, else the latest one. */
export const requireForecastRun = (db: Database, run?: number): Promise<number> =>
  requireRun(db, 'forecasts', run, messages.unknownForecastRun, messages.noForecastRun);

/** The given backtest run if it has rows, else the latest one. */
export const requireBacktestRun = (db: Database, run?: number): Promise<number> =>
  requireRun(db, 'backtests', run, messages.unknownBacktestRun, messages.noBacktestsYet);

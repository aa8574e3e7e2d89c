/**
 * Opening hours of control points: the usual hours of each port and dated exceptions (holiday nights),
 * bundled in default-hours.json with their sources and refined by the port_hours table. A staffing plan
 * spreads each day's travellers over the open slots only, and opens no position in a closed slot.
 */
import type { Database } from '../../store/db.js';
import { all, hasTable, run, transaction } from '../../store/db.js';
import { CrossingsError, staffingMessages as msg } from '../../messages.js';
import { addDays } from '../../isoDays.js';
import bundled from './default-hours.json' with { type: 'json' };

/** Hours of one port on one kind of day: HH:MM; `closes` at or before `opens` means the next day, 24:00 is midnight. */
export interface HoursRule {
  opens: string;
  closes: string;
  /** Where the hours come from (a page, a press release, "crossings hours set"). */
  source: string;
  note?: string;
}

/** A port's usual hours and its dated exceptions (YYYY-MM-DD → hours that day). */
export interface PortHours {
  port_id: string;
  usual: HoursRule;
  exceptions: Map<string, HoursRule>;
}

/** Open 24 hours, for ports with no known hours. */
export const ALWAYS_OPEN: Omit<HoursRule, 'source'> = { opens: '00:00', closes: '24:00' };

interface BundledPort { opens: string; closes: string; sources: string[]; note?: string }
interface BundledException { port_id: string; date?: string; from?: string; to?: string; opens: string; closes: string; source: string }

/** The hours shipped with the code (edit default-hours.json to change them), checked once. */
export const DEFAULT_HOURS: ReadonlyMap<string, PortHours> = fromBundle(bundled as unknown as { ports: Record<string, BundledPort>; exceptions: BundledException[] });

function fromBundle(raw: { ports: Record<string, BundledPort>; exceptions: BundledException[] }): Map<string, PortHours> {
  const out = new Map<string, PortHours>();
  for (const [port_id, p] of Object.entries(raw.ports)) {
    const rule: HoursRule = { opens: p.opens, closes: p.closes, source: p.sources.join('; ') || 'unknown', ...(p.note ? { note: p.note } : {}) };
    checkRule(`default-hours.json ${port_id}`, rule);
    out.set(port_id, { port_id, usual: rule, exceptions: new Map() });
  }
  for (const e of raw.exceptions) {
    const hours = out.get(e.port_id) ?? { port_id: e.port_id, usual: { ...ALWAYS_OPEN, source: 'unknown' }, exceptions: new Map() };
    const rule: HoursRule = { opens: e.opens, closes: e.closes, source: e.source };
    checkRule(`default-hours.json ${e.port_id} ${e.date ?? `${e.from}..${e.to}`}`, rule);
    for (const date of dateSpan(e.date ?? e.from ?? '', e.date ?? e.to ?? '')) hours.exceptions.set(date, rule);
    out.set(e.port_id, hours);
  }
  return out;
}

/** Minutes from midnight of an HH:MM opening or closing time (24:00 allowed); undefined when malformed. */
export function clockMinutes(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(String(text));
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && minutes <= 1440 ? minutes : undefined;
}

/** Throws a message naming `where` when a rule's times are not HH:MM. */
export function checkRule(where: string, rule: Pick<HoursRule, 'opens' | 'closes'>): void {
  const o = clockMinutes(rule.opens);
  const c = clockMinutes(rule.closes);
  if (o === undefined || o === 1440 || c === undefined) throw new CrossingsError(msg.badHours(where, rule.opens, rule.closes));
}

/**
 * The open interval of a rule in minutes from that day's midnight; the end passes 1440 when it closes the
 * next day. Examples: 06:30–24:00 → [390, 1440]; 06:30–02:00 → [390, 1560]; 00:00–24:00 and 00:00–00:00 → [0, 1440].
 */
export function openInterval(rule: Pick<HoursRule, 'opens' | 'closes'>): [number, number] {
  const o = clockMinutes(rule.opens) ?? 0;
  const c = clockMinutes(rule.closes) ?? 1440;
  return c > o ? [o, c] : [o, c + 1440];
}

/** The hours that apply to a port on a date: its exception that day, else its usual hours. */
export function rulesOn(hours: PortHours, date: string): HoursRule {
  return hours.exceptions.get(date) ?? hours.usual;
}

/**
 * Share of each slot of `date` that is open (0 closed, 1 open, between for a slot the hours cut), from that
 * day's hours and what the day before runs past midnight. Example: 06:30–24:00, 60-minute slots → 0 for
 * 00:00–05:00, 0.5 for 06:00, 1 from 07:00.
 */
export function openFractions(hours: PortHours | undefined, date: string, slotMinutes: number): number[] {
  const slots = 1440 / slotMinutes;
  if (!hours) return new Array<number>(slots).fill(1);
  const [o, c] = openInterval(rulesOn(hours, date));
  const [, pc] = openInterval(rulesOn(hours, addDays(date, -1)));
  const spans: [number, number][] = [[o, Math.min(c, 1440)]];
  if (pc > 1440) spans.push([0, pc - 1440]);
  const out: number[] = [];
  for (let s = 0; s < slots; s++) {
    const a = s * slotMinutes;
    const b = a + slotMinutes;
    let open = 0;
    for (const [x, y] of spans) open += Math.max(0, Math.min(b, y) - Math.max(a, x));
    out.push(Math.min(1, open / slotMinutes));
  }
  return out;
}

/**
 * Slot shares of a day restricted to the open slots and scaled back to sum 1, so the day's volume is spread
 * over the open hours only. A profile with no weight in the open hours is spread evenly over them; a day with
 * no open slot gets all zeros (no traffic, no staff).
 */
export function maskShares(shares: readonly number[], open: readonly number[]): number[] {
  const masked = shares.map((s, i) => s * (open[i] ?? 0));
  const sum = masked.reduce((a, b) => a + b, 0);
  if (sum > 0) return masked.map((s) => s / sum);
  const openSum = open.reduce((a, b) => a + b, 0);
  return openSum > 0 ? open.map((f) => f / openSum) : open.map(() => 0);
}


/** Stored hours: the port_hours rows of some ports (date null: usual hours; a date: that day's exception). */
export async function loadPortHours(db: Database, ports: readonly string[]): Promise<PortHours[]> {
  const rows = !(await hasTable(db, 'port_hours')) ? [] : await all(
    db,
    `select port_id, strftime(date, '%Y-%m-%d') as date, opens, closes, source from port_hours
      where list_contains(string_split($ports, chr(31)), port_id) order by port_id, date nulls first`,
    { ports: ports.join('\u001f') },
  );
  const out = new Map<string, PortHours>();
  for (const id of ports) {
    const d = DEFAULT_HOURS.get(id);
    if (d) out.set(id, { port_id: id, usual: d.usual, exceptions: new Map(d.exceptions) });
  }
  for (const r of rows) {
    const id = String(r['port_id']);
    const rule: HoursRule = { opens: String(r['opens']), closes: String(r['closes']), source: String(r['source'] ?? '') || 'port_hours' };
    checkRule(`port_hours ${id} ${r['date'] ?? 'usual'}`, rule);
    const hours = out.get(id) ?? { port_id: id, usual: { ...ALWAYS_OPEN, source: 'unknown' }, exceptions: new Map<string, HoursRule>() };
    if (r['date'] === null || r['date'] === undefined) hours.usual = rule;
    else hours.exceptions.set(String(r['date']), rule);
    out.set(id, hours);
  }
  return [...out.values()];
}

/** "06:30–24:00" or "24 h". */
export function hoursText(rule: Pick<HoursRule, 'opens' | 'closes'>): string {
  const [o, c] = openInterval(rule);
  return o === 0 && c === 1440 ? '24 h' : `${rule.opens}–${rule.closes}${c > 1440 ? ' (next day)' : ''}`;
}

function dateSpan(from: string, to: string): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || from > to) throw new CrossingsError(msg.badHours(`exception ${from}..${to}`, from, to));
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** One stored hours row: `date` null for the port's usual hours, or the day of an exception. */
export interface HoursRow {
  port_id: string;
  date: string | null;
  opens: string;
  closes: string;
  source: string;
}

/** Checks rows (times, dates) and stores them in one transaction, replacing rows of the same port and date. */
export async function setPortHours(db: Database, rows: readonly HoursRow[]): Promise<number> {
  for (const r of rows) {
    checkRule(`${r.port_id} ${r.date ?? 'usual'}`, r);
    if (r.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(r.date)) throw new CrossingsError(msg.badHoursDate(r.port_id, r.date));
  }
  await transaction(db, async () => {
    for (const r of rows) {
      await run(db, `delete from port_hours where port_id = $port and date is not distinct from cast($date as date)`, { port: r.port_id, date: r.date });
      await run(db, `insert into port_hours values ($port, cast($date as date), $opens, $closes, $source)`, { port: r.port_id, date: r.date, opens: r.opens, closes: r.closes, source: r.source });
    }
  });
  return rows.length;
}

/** Rows for a date range (one per day), or the usual hours when neither end is given. */
export function hoursRows(port_id: string, rule: Omit<HoursRow, 'port_id' | 'date'>, from?: string, to?: string): HoursRow[] {
  if (!from && !to) return [{ port_id, date: null, ...rule }];
  return dateSpan(from ?? to ?? '', to ?? from ?? '').map((date) => ({ port_id, date, ...rule }));
}

/**
 * Hours from CSV text with a header: port (or port_id), opens, closes, and optionally date or from/to
 * (empty: usual hours) and source. Ports are resolved by `resolvePort` (id, name or alias); a bad line
 * is refused with its number, and nothing is stored.
 */
export async function parseHoursCsv(text: string, resolvePort: (name: string) => Promise<string>, file = 'hours CSV'): Promise<HoursRow[]> {
  const { parse } = await import('csv-parse/sync');
  const records = parse(text.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const out: HoursRow[] = [];
  for (const [i, r] of records.entries()) {
    const line = i + 2;
    const name = r['port_id'] ?? r['port'];
    if (!name || !r['opens'] || !r['closes']) throw new CrossingsError(msg.badHoursLine(file, line, 'it needs port, opens and closes'));
    const port = await resolvePort(name);
    try {
      const rule = { opens: r['opens'], closes: r['closes'], source: r['source'] || file };
      checkRule(`${port} line ${line}`, rule);
      const date = r['date'] || undefined;
      out.push(...hoursRows(port, rule, date ?? (r['from'] || undefined), date ?? (r['to'] || undefined)));
    } catch (err) {
      throw new CrossingsError(msg.badHoursLine(file, line, err instanceof Error ? err.message : String(err)));
    }
  }
  return out;
}

/** The hours a port keeps: usual and exceptions from `from` on, with where each comes from. */
export async function listPortHours(db: Database, port: string, from?: string): Promise<{ date: string | null; hours: string; source: string }[]> {
  const [h] = await loadPortHours(db, [port]);
  if (!h) return [{ date: null, hours: '24 h', source: 'none known: open 24 hours' }];
  return [
    { date: null, hours: hoursText(h.usual), source: h.usual.note ? `${h.usual.source} (${h.usual.note})` : h.usual.source },
    ...[...h.exceptions].filter(([d]) => !from || d >= from).sort(([a], [b]) => a.localeCompare(b)).map(([date, r]) => ({ date, hours: hoursText(r), source: r.source })),
  ];
}

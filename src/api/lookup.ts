import type { FastifyInstance } from 'fastify';
import { all } from '../db.js';
import { messages } from '../messages.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The port_id for an id, display name or alias; a 404 that lists the known ports otherwise. */
export async function resolvePort(app: FastifyInstance, nameOrId: string): Promise<string> {
  const rows = await all(
    app.readDb,
    `select port_id from ports where port_id = $n or lower(name) = lower($n)
     union select port_id from port_aliases where lower(alias) = lower($n)`,
    { n: nameOrId },
  );
  if (rows.length === 1) return String(rows[0]!['port_id']);
  const known = await all(app.readDb, 'select port_id from ports order by port_id');
  throw app.httpErrors.notFound(messages.unknownPort(nameOrId, known.map((r) => String(r['port_id']))));
}

/** Checks an optional YYYY-MM-DD query value; a 400 naming the parameter otherwise. */
export function checkDate(app: FastifyInstance, name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw app.httpErrors.badRequest(messages.badQueryDate(name, value));
  }
  return value;
}

/** Checks both ends of a date range and their order. */
export function checkRange(app: FastifyInstance, from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  const f = checkDate(app, 'from', from);
  const t = checkDate(app, 'to', to);
  if (f && t && f > t) throw app.httpErrors.badRequest(messages.fromAfterTo(f, t));
  return { ...(f ? { from: f } : {}), ...(t ? { to: t } : {}) };
}

/** True when the client asked for CSV (format=csv or an Accept header preferring text/csv). */
export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  return (accept ?? '').split(',')[0]?.trim().startsWith('text/csv') ?? false;
}

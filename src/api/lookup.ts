import type { FastifyInstance } from 'fastify';
import { all } from '../store/db.js';
import { messages } from '../messages.js';
import { daysBetween } from '../isoDays.js';
import { lookupPort } from '../store/lookups.js';
import { forecastDateRange } from '../reports/forecastDays.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Dates outside these years are no border data or forecast any route can answer for (and overflow date maths). */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/** The port_id for an id, a name in any of its languages or an alias; a 404 with the nearest names otherwise. */
export async function resolvePort(app: FastifyInstance, nameOrId: string): Promise<string> {
  const found = await lookupPort(app.readDb, nameOrId);
  if (found.port_id !== undefined) return found.port_id;
  throw app.httpErrors.notFound(messages.unknownPort(nameOrId, found.suggestions));
}

/** Checks an optional YYYY-MM-DD query value; a 400 naming the parameter otherwise. */
export function checkDate(app: FastifyInstance, name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw app.httpErrors.badRequest(messages.badQueryDate(name, value));
  }
  const year = Number(value.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) throw app.httpErrors.badRequest(messages.queryDateOutOfRange(name, value, FIRST_YEAR, LAST_YEAR));
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

/** The latest forecast run (the largest run id that has forecasts); a 404 saying how to make one if none. */
export async function latestForecastRun(app: FastifyInstance): Promise<number> {
  const run = await app.responseCache.memo('latest-forecast-run', async () => {
    const rows = await all(app.readDb, 'select max(run_id)::int as run from forecasts');
    const found = rows[0]?.['run'];
    if (found === null || found === undefined) throw app.httpErrors.notFound(messages.noForecastRunYet());
    return Number(found);
  });
  return run;
}

/** The given forecast run if it has forecasts (404 otherwise), else the latest one. */
export async function forecastRun(app: FastifyInstance, run: number | undefined): Promise<number> {
  if (run === undefined) return latestForecastRun(app);
  const rows = await all(app.readDb, 'select 1 from forecasts where run_id = $run limit 1', { run });
  if (rows.length === 0) throw app.httpErrors.notFound(messages.unknownForecastRunId(run));
  return run;
}

/** The given backtest run if it has rows (404 otherwise), else the latest one. */
export async function backtestRun(app: FastifyInstance, run: number | undefined): Promise<number> {
  if (run !== undefined) {
    const rows = await all(app.readDb, 'select 1 from backtests where run_id = $run limit 1', { run });
    if (rows.length === 0) throw app.httpErrors.notFound(messages.unknownBacktestRun(run));
    return run;
  }
  return app.responseCache.memo('latest-backtest-run', async () => {
    const rows = await all(app.readDb, 'select max(run_id)::int as run from backtests');
    const r = rows[0]?.['run'];
    if (r === null || r === undefined) throw app.httpErrors.notFound(messages.noBacktestsYet());
    return Number(r);
  });
}

/** A port's names, for chart titles. */
export async function portNames(app: FastifyInstance, portId: string): Promise<{ name: string; name_zh: string | null; name_zh_hant: string | null }> {
  const rows = await all(app.readDb, 'select name, name_zh, name_zh_hant from ports where port_id = $id', { id: portId });
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { name: String(rows[0]?.['name'] ?? portId), name_zh: text(rows[0]?.['name_zh']), name_zh_hant: text(rows[0]?.['name_zh_hant']) };
}


/** Refuses a range longer than `max` days. */
export function checkRangeLength(app: FastifyInstance, from: string, to: string, max: number): void {
  const days = daysBetween(from, to) + 1;
  if (days > max) throw app.httpErrors.badRequest(messages.rangeTooLong(days, max));
}

/** The first and last forecast day of a run (for one port and category), or a 404 when there is none. */
export async function runRange(app: FastifyInstance, run: number, options: { port?: string | null; category?: string }): Promise<{ first: string; last: string }> {
  const range = await forecastDateRange(app.readDb, run, options);
  if (!range) throw app.httpErrors.notFound(messages.noForecastsForQuery(run, options.port ?? 'any port', options.category ?? 'total'));
  return range;
}

import type { FastifyInstance } from 'fastify';
import { messages } from '../messages.js';
import { daysBetween } from '../isoDays.js';
import { portNames as storePortNames, requireBacktestRun, requireForecastRun, requirePort } from '../store/lookups.js';
import { requireForecastDateRange } from '../reports/forecastDays.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Dates outside these years are no border data or forecast any route can answer for (and overflow date maths). */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/** The port_id for an id, a name in any of its languages or an alias (a 404 with the nearest names otherwise). */
export const resolvePort = (app: FastifyInstance, nameOrId: string): Promise<string> => requirePort(app.readDb, nameOrId);

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

/** The given forecast run if it has forecasts, else the latest one (memoised until the next write). */
export async function forecastRun(app: FastifyInstance, run: number | undefined): Promise<number> {
  return run === undefined ? app.responseCache.memo('latest-forecast-run', () => requireForecastRun(app.readDb)) : requireForecastRun(app.readDb, run);
}

/** The given backtest run if it has rows, else the latest one (memoised until the next write). */
export async function backtestRun(app: FastifyInstance, run: number | undefined): Promise<number> {
  return run === undefined ? app.responseCache.memo('latest-backtest-run', () => requireBacktestRun(app.readDb)) : requireBacktestRun(app.readDb, run);
}

/** A port's names, for chart titles. */
export const portNames = (app: FastifyInstance, portId: string) => storePortNames(app.readDb, portId);

/** Refuses a range longer than `max` days. */
export function checkRangeLength(app: FastifyInstance, from: string, to: string, max: number): void {
  const days = daysBetween(from, to) + 1;
  if (days > max) throw app.httpErrors.badRequest(messages.rangeTooLong(days, max));
}

/** The first and last forecast day of a run (for one port and category), or a 404 when there is none. */
export const runRange = (app: FastifyInstance, run: number, options: { port?: string | null; category?: string }): Promise<{ first: string; last: string }> =>
  requireForecastDateRange(app.readDb, run, options);

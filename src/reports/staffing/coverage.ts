/**
 * Exact coverage: a plan or report covers the dates asked, or is refused with where the forecast
 * ends and how to extend it; with `partial` it covers the overlap and says so. Never a silent cut.
 */
import type { Database } from '../../store/db.js';
import { all } from '../../store/db.js';
import { CrossingsError, staffingMessages as msg } from '../../messages.js';
import { daysBetween } from '../../isoDays.js';

/** What a plan covers against what was asked. */
export interface Coverage {
  requested_from: string;
  requested_to: string;
  /** The dates planned: the request, or its overlap with the forecast when partial. */
  from: string;
  to: string;
  /** Days every planned series of the run has forecasts for. */
  forecast_from: string;
  forecast_to: string;
  partial: boolean;
  /** Says what a partial plan covers; null when the plan is the whole request. */
  note: string | null;
}

/**
 * The days every series of a port (one direction, or all) has forecasts for in a run: the latest first day
 * and the earliest last day, since a plan of both directions is only whole where both are forecast.
 * Undefined when the run has nothing for the port.
 */
export async function forecastSpan(
  db: Database,
  options: { runId: number; port?: string; direction?: string; category?: string; model?: string },
): Promise<{ first: string; last: string } | undefined> {
  const rows = await all(
    db,
    `select strftime(max(first), '%Y-%m-%d') as first, strftime(min(last), '%Y-%m-%d') as last from (
       select direction, min(date) as first, max(date) as last from forecasts
        where run_id = $run and ($port is null or port_id = $port) and category = $category
          and ($direction is null or direction = $direction) and ($model is null or model = $model)
        group by direction)`,
    { run: options.runId, port: options.port ?? null, category: options.category ?? 'total', direction: options.direction ?? null, model: options.model ?? null },
  );
  const first = rows[0]?.['first'];
  const last = rows[0]?.['last'];
  return typeof first === 'string' && typeof last === 'string' ? { first, last } : undefined;
}

/**
 * The dates to plan for a request: the request itself when the forecast covers it; its overlap when
 * `partial` (with a note saying so); otherwise a message naming the forecast's end and the horizon that
 * reaches `to`. Example: asked 02-20..03-10, forecast 01-01..02-25 → refused with "--horizon 69".
 */
export function coverRange(
  port: string, from: string, to: string, span: { first: string; last: string }, runId: number, partial = false,
): Coverage {
  const { first, last } = span;
  const base = { requested_from: from, requested_to: to, forecast_from: first, forecast_to: last };
  if (from >= first && to <= last) return { ...base, from, to, partial: false, note: null };
  const coveredFrom = from > first ? from : first;
  const coveredTo = to < last ? to : last;
  if (!partial || coveredFrom > coveredTo) {
    throw new CrossingsError(msg.rangeBeyondForecast(port, from, to, first, last, runId, daysBetween(first, to) + 1));
  }
  return { ...base, from: coveredFrom, to: coveredTo, partial: true, note: msg.partialCoverage(coveredFrom, coveredTo, from, to, first, last) };
}

/**
 * How a series' forecast errors persist from day to day within one forecast: what a period's interval of a directly
 * forecast total combines its days with (the outlook), measured on that series' own backtest errors.
 */
import type { SeriesErrors } from '../auto.js';

/** The lags a run stores, as the bundled correlations of the outlook (src/reports/outlook-correlation.json). */
export const MAX_LAGS = [2, 6, 13, 27] as const;

/**
 * Correlation of errors between days of one backtest window at most `maxLag` days apart, from their signs:
 * sin(π/2 · (pairs alike − pairs opposite) / pairs) (Sheppard's relation), uncentred (a level the forecast missed is
 * the persistence sought), clamped to [0, 1]; NaN without such pairs. Example: errors all +5 → 1.
 * Signs, not products: on counts a few holiday or storm days, unlike their neighbours, outweighed the level error
 * every ordinary day shares.
 */
export function daysCorrelation(errors: SeriesErrors, maxLag: number): number {
  let alike = 0;
  let pairs = 0;
  const n = errors.t.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n && errors.w[j] === errors.w[i]; j++) {
      const lag = Math.abs(errors.t[j]! - errors.t[i]!);
      if (lag === 0 || lag > maxLag) continue;
      alike += Math.sign(errors.e[i]!) * Math.sign(errors.e[j]!);
      pairs++;
    }
  }
  if (pairs === 0) return NaN;
  return Math.min(1, Math.max(0, Math.sin((Math.PI / 2) * (alike / pairs))));
}

/** One stored persistence figure: an aggregate series' between-days correlation up to `max_lag` days apart. */
export interface PersistenceRow {
  aggregate_id: string;
  direction: string;
  max_lag: number;
  days: number;
}

/** The between-days correlations of every series with errors, at each of MAX_LAGS (NaN ones left out). */
export function persistenceRows(series: readonly { s: { port_id: string; direction: string }; errors?: SeriesErrors }[]): PersistenceRow[] {
  return series.flatMap(({ s, errors }) =>
    errors ? MAX_LAGS.map((max_lag) => ({ aggregate_id: s.port_id, direction: s.direction, max_lag, days: daysCorrelation(errors, max_lag) })).filter((r) => Number.isFinite(r.days)) : [],
  );
}

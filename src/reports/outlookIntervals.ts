/**
 * Intervals of sums of forecasts (all control points, a period), from the per-day intervals of each
 * series. Adding the series' bounds assumes every error goes the same way on every day (correlation 1),
 * which makes a period's interval far too wide; adding them in quadrature assumes independence and makes
 * it too narrow, since a holiday that draws more travellers than forecast does so at every port and on
 * every day of the block. So each sum takes a correlation measured on past errors (stored backtests).
 */

/** z of the two-sided 80% normal interval: backtest intervals are turned into standard deviations with it. */
const Z80 = 1.2815515655446004;
/** z of the two-sided 95% normal interval. */
const Z95 = 1.959963984540054;

/**
 * Half-width of a sum of terms with half-widths `h` whose errors share pairwise correlation `rho`:
 * the variance of the sum, (1 - rho) Σ h² + rho (Σ h)², for normal errors at the same level.
 * Example: combineHalfWidths([3, 4], 0) → 5; combineHalfWidths([3, 4], 1) → 7.
 */
export function combineHalfWidths(h: readonly number[], rho: number): number {
  let sum = 0;
  let squares = 0;
  for (const x of h) {
    sum += x;
    squares += x * x;
  }
  return Math.sqrt(Math.max(0, (1 - rho) * squares + rho * sum * sum));
}

/**
 * 80% half-width of a sum of several days from its combined 80% and 95% half-widths: at least the normal share of the
 * 95% one. A day's errors have far heavier tails than normal, a sum of days' much less so (they average out), so the
 * days' own 80 / 95 ratio carried over to the sum makes its 80% interval too narrow.
 * Example: sumHalf80(10, 30) → 19.6; sumHalf80(10, 15) → 10.
 */
export function sumHalf80(h80: number, h95: number): number {
  return Math.max(h80, (h95 * Z80) / Z95);
}

/** One past forecast of one series and day with what happened (a backtests row, total category). */
export interface PastError {
  cutoff: string;
  port_id: string;
  direction: string;
  date: string;
  actual: number;
  mean: number;
  lo80: number;
  hi80: number;
}

/** Correlations of errors between series on one day and between days of one series. */
export interface Correlation {
  /** Between series (ports and directions) on the same day. */
  series: number;
  /** Between days of one series, over pairs of days at most `maxLag` apart. */
  days: number;
  /** Days apart the `days` correlation was measured over: a period of n days needs n - 1. */
  maxLag: number;
  /** Pairs of days that measured `series` and `days`. */
  pairs: { series: number; days: number };
  /** Where the figures come from: "backtests run N" or the bundled default's source. */
  source: string;
}

interface Scaled {
  /** Error: actual minus mean. */
  e: number;
  /** Stated standard deviation, from the 80% interval. */
  s: number;
  /** Day number, for the lag between two days. */
  t: number;
}

/**
 * Average pairwise correlation of errors within groups, weighted by the stated standard deviations so the
 * large ports (which dominate a total) dominate it: Σ_{i≠j} e_i e_j / Σ_{i≠j} σ_i σ_j, divided by Σ e² / Σ σ²
 * so intervals that are too wide or too narrow do not pass for correlation. Clamped to [0, 1]; NaN with no pair.
 */
function pairedCorrelation(groups: Iterable<readonly Scaled[]>, near: (a: Scaled, b: Scaled) => boolean): { rho: number; pairs: number } {
  let cross = 0;
  let crossScale = 0;
  let own = 0;
  let ownScale = 0;
  let pairs = 0;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      const a = g[i]!;
      own += a.e * a.e;
      ownScale += a.s * a.s;
      for (let j = i + 1; j < g.length; j++) {
        const b = g[j]!;
        if (!near(a, b)) continue;
        cross += 2 * a.e * b.e;
        crossScale += 2 * a.s * b.s;
        pairs++;
      }
    }
  }
  if (pairs === 0 || crossScale === 0 || own === 0) return { rho: NaN, pairs };
  return { rho: Math.min(1, Math.max(0, cross / crossScale / (own / ownScale))), pairs };
}

/**
 * Measures the between-series and between-days correlations of past errors. Days of one series pair up
 * only when at most `maxLag` apart, since a short holiday block's days move together more than the days
 * of eight weeks do.
 */
export function measureCorrelation(rows: readonly PastError[], maxLag: number, source: string): Correlation {
  const byDay = new Map<string, Scaled[]>();
  const bySeries = new Map<string, Scaled[]>();
  for (const r of rows) {
    const s = (r.hi80 - r.lo80) / (2 * Z80);
    if (!(s > 0) || !Number.isFinite(r.actual)) continue;
    const cell = { e: r.actual - r.mean, s, t: Date.parse(`${r.date}T00:00:00Z`) / 86_400_000 };
    push(byDay, `${r.cutoff}|${r.date}`, cell);
    push(bySeries, `${r.cutoff}|${r.port_id}|${r.direction}`, cell);
  }
  const series = pairedCorrelation(byDay.values(), () => true);
  const days = pairedCorrelation(bySeries.values(), (a, b) => Math.abs(a.t - b.t) <= maxLag);
  return { series: series.rho, days: days.rho, maxLag, pairs: { series: series.pairs, days: days.pairs }, source };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

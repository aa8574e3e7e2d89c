/**
 * Reconciling a run's forecast rows: per country and direction, the ports' categories, the ports' totals and the
 * directly forecast aggregates (all control points, each mode) become one coherent set, whole travellers at the bottom
 * and every upper node their sum, so categories add up to the port and ports to the totals to the unit.
 */
import { closeParts, SPARSE, zeroShare, type SeriesErrors } from '../auto.js';
import { CLOSED_MODEL, round } from '../fitting.js';
import type { ForecastRow } from '../rows.js';
import type { StoredSeries } from '../series.js';
import { aggregateId, hierarchyGroups, TOTAL, type PortMeta } from './aggregates.js';
import { shrinkCovariance } from './covariance.js';
import { buildHierarchy, sumUp, type Hierarchy, type HierarchyPort } from './hierarchy.js';
import { modeOfKind } from './modes.js';
import { bottomUpMatrix, diagonalWeight, identityWeight, minTraceMatrix, applyMatrix, type Method } from './reconcile.js';

/** One series' forecast as the engine made it: its rows and the backtest errors behind them. */
export interface NodeForecast {
  s: StoredSeries;
  rows: ForecastRow[];
  errors?: SeriesErrors;
}

/** What reconciliation did to one direction of one country. */
export interface ReconcileNote {
  country: string;
  direction: string;
  nodes: number;
  bottom: number;
  /** MinT-shrink's shrinkage intensity (NaN for the other methods). */
  lambda: number;
}

export interface ReconcileResult {
  /** The ports' rows, in the order given, reconciled where they belong to a hierarchy. */
  rows: ForecastRow[];
  /** The aggregates' rows, reconciled. */
  aggregates: ForecastRow[];
  notes: ReconcileNote[];
}

/**
 * The default method: the one bench/reconcile.ts keeps (docs/reconciliation.md). Weighing by the error variances alone
 * won on the totals and the port totals; the shrunk full covariance lost on all control points and on the categories.
 */
export const DEFAULT_METHOD: Method = 'wls';

const keyOf = (id: string, direction: string, category: string) => `${id}|${direction}|${category}`;
const isOpen = (f: NodeForecast | undefined): f is NodeForecast => !!f && f.rows.length > 0 && f.rows[0]!.model !== CLOSED_MODEL;

/**
 * Reconciles `ports` (every series of the run) with `aggregates` (from aggregateSeries, forecast the same way) by
 * `method` (default DEFAULT_METHOD); series outside any hierarchy (monthly ones, ports without a country) keep their rows. 'base' changes nothing.
 */
export function reconcileForecasts(ports: readonly NodeForecast[], aggregates: readonly NodeForecast[], meta: ReadonlyMap<string, PortMeta>, method: Method): ReconcileResult {
  if (method === 'base') return { rows: ports.flatMap((p) => p.rows), aggregates: aggregates.flatMap((a) => a.rows), notes: [] };
  const byKey = new Map<string, NodeForecast>();
  for (const f of [...ports, ...aggregates]) byKey.set(keyOf(f.s.port_id, f.s.direction, f.s.category), f);
  const replaced = new Map<string, ForecastRow[]>();
  const notes: ReconcileNote[] = [];
  for (const [country, group] of hierarchyGroups(ports.map((p) => p.s), meta)) {
    for (const direction of [...new Set(group.map((s) => s.direction))].sort()) {
      const totals = group.filter((s) => s.direction === direction && s.category === TOTAL && isOpen(byKey.get(keyOf(s.port_id, direction, TOTAL))));
      const categoriesOf = (port_id: string) =>
        // A closed category stays zero outside the hierarchy: its zero errors would make the weight singular.
        group.filter((s) => s.port_id === port_id && s.direction === direction && s.category !== TOTAL && isOpen(byKey.get(keyOf(s.port_id, direction, s.category))));
      const modeId = (port_id: string) => aggregateId(country, modeOfKind(meta.get(port_id)?.kind));
      // An intermittent port (ship days at a cruise terminal) keeps its own total: reconciled, the totals' smooth
      // forecasts spread its ship days over the week. Its categories split that total; the aggregates hold it fixed.
      const fixed = totals.filter((t) => zeroShare(t.series) > SPARSE);
      const offsets = new Map<string, Map<string, number>>();
      for (const t of fixed) {
        const own = splitTotal(byKey.get(keyOf(t.port_id, direction, TOTAL))!, categoriesOf(t.port_id).map((c) => byKey.get(keyOf(c.port_id, direction, c.category))!));
        for (const [key, rows] of own) replaced.set(key, rows);
        for (const r of own.get(keyOf(t.port_id, direction, TOTAL))!) {
          for (const id of [aggregateId(country, 'all'), modeId(t.port_id)]) {
            const m = offsets.get(id) ?? new Map<string, number>();
            m.set(r.date, (m.get(r.date) ?? 0) + r.mean);
            offsets.set(id, m);
          }
        }
      }
      const hports: HierarchyPort[] = totals.filter((t) => !fixed.includes(t)).map((t) => ({ port_id: t.port_id, mode: modeId(t.port_id), categories: categoriesOf(t.port_id).map((s) => s.category) }));
      if (hports.length === 0) continue;
      const h = buildHierarchy(aggregateId(country, 'all'), hports, TOTAL);
      const nodes = h.nodes.map((node) => byKey.get(keyOf(node.id, direction, node.category)));
      if (!nodes.every(isOpen)) continue;
      const { G, lambda } = reconciler(h, nodes, method);
      const offset = (i: number, date: string) => offsets.get(h.nodes[i]!.id)?.get(date) ?? 0;
      const out = reconcileNodes(h, nodes, G, offset);
      nodes.forEach((f, i) => replaced.set(keyOf(f.s.port_id, direction, f.s.category), out[i]!));
      // A mode whose every port is intermittent is not in the hierarchy: it is their sum.
      for (const [id, byDate] of offsets) {
        const agg = byKey.get(keyOf(id, direction, TOTAL));
        if (agg && !replaced.has(keyOf(id, direction, TOTAL))) replaced.set(keyOf(id, direction, TOTAL), agg.rows.map((r) => withMean(r, byDate.get(r.date) ?? 0)));
      }
      notes.push({ country, direction, nodes: h.nodes.length, bottom: h.m, lambda });
    }
  }
  const pick = (f: NodeForecast) => replaced.get(keyOf(f.s.port_id, f.s.direction, f.s.category)) ?? f.rows;
  return { rows: ports.flatMap(pick), aggregates: aggregates.flatMap(pick), notes };
}

/** G of a method for the hierarchy's nodes, with the shrinkage intensity where MinT-shrink estimated one. */
export function reconciler(h: Hierarchy, nodes: readonly NodeForecast[], method: Exclude<Method, 'base'>): { G: Float64Array; lambda: number } {
  const n = h.nodes.length;
  if (method === 'bottom-up') return { G: bottomUpMatrix(h), lambda: NaN };
  if (method === 'ols') return { G: minTraceMatrix(h, identityWeight(n)), lambda: NaN };
  const { e, T } = errorMatrix(nodes);
  // Without two days of errors there is no covariance to weigh by: OLS is MinT with an uninformed weight.
  if (T < 2) return { G: minTraceMatrix(h, identityWeight(n)), lambda: NaN };
  const cov = shrinkCovariance(e, n, T);
  if (method === 'wls') return { G: minTraceMatrix(h, diagonalWeight(cov.W, n)), lambda: NaN };
  return { G: minTraceMatrix(h, cov.W), lambda: cov.lambda };
}

/**
 * The nodes' backtest errors on the union of their days (n × T, row-major). A node without an error on a day (a stale
 * port, a masked outage) counts 0 there: the matrix stays a Gram matrix, so the covariance stays positive semidefinite.
 */
export function errorMatrix(nodes: readonly NodeForecast[]): { e: Float64Array; T: number } {
  const days = [...new Set(nodes.flatMap((f) => f.errors?.t ?? []))].sort((a, b) => a - b);
  const col = new Map(days.map((d, k) => [d, k]));
  const T = days.length;
  const e = new Float64Array(nodes.length * T);
  nodes.forEach((f, i) => f.errors?.t.forEach((t, k) => (e[i * T + col.get(t)!] = f.errors!.e[k]!)));
  return { e, T };
}

/**
 * The rows of every node after reconciling each day's base means with G: bottom values whole and ≥ 0, the rest their
 * sums. `offset(i, date)`: what node i holds outside the hierarchy that day (the fixed ports), taken off its base
 * forecast before and added back after.
 */
function reconcileNodes(h: Hierarchy, nodes: readonly NodeForecast[], G: Float64Array, offset: (i: number, date: string) => number): ForecastRow[][] {
  const dates = nodes[0]!.rows.map((r) => r.date);
  const byDate = nodes.map((f) => new Map(f.rows.map((r) => [r.date, r])));
  const out: ForecastRow[][] = nodes.map(() => []);
  const yhat = new Float64Array(nodes.length);
  for (const date of dates) {
    byDate.forEach((m, i) => (yhat[i] = (m.get(date)?.mean ?? 0) - offset(i, date)));
    const b = applyMatrix(G, h.m, yhat).map((v) => Math.round(Math.max(0, v)));
    const y = sumUp(h, b);
    byDate.forEach((m, i) => {
      const row = m.get(date);
      if (row) out[i]!.push(withMean(row, y[i]! + offset(i, date)));
    });
  }
  return out;
}

/**
 * A fixed port's rows: its total's own forecast in whole travellers, split over its categories in proportion to their
 * forecasts that day (over the whole horizon where they forecast none that day), largest remainders first, so the
 * categories add up to it to the unit. Keyed like reconcileForecasts' series.
 */
export function splitTotal(total: NodeForecast, categories: readonly NodeForecast[]): Map<string, ForecastRow[]> {
  const out = new Map<string, ForecastRow[]>([[keyOf(total.s.port_id, total.s.direction, TOTAL), []], ...categories.map((c) => [keyOf(c.s.port_id, c.s.direction, c.s.category), []] as [string, ForecastRow[]])]);
  const byDate = categories.map((c) => new Map(c.rows.map((r) => [r.date, r])));
  const horizon = categories.map((c) => c.rows.reduce((s, r) => s + Math.max(0, r.mean), 0));
  for (const row of total.rows) {
    const mean = Math.round(Math.max(0, row.mean));
    out.get(keyOf(total.s.port_id, total.s.direction, TOTAL))!.push(withMean(row, mean));
    if (categories.length === 0) continue;
    const day = byDate.map((m) => Math.max(0, m.get(row.date)?.mean ?? 0));
    const weights = day.some((v) => v > 0) ? day : horizon.some((v) => v > 0) ? horizon : categories.map(() => 1);
    const sum = weights.reduce((a, b) => a + b, 0);
    const exact = weights.map((w) => (mean * w) / sum);
    const whole = exact.map(Math.floor);
    const order = exact.map((_, k) => k).sort((a, b) => exact[b]! - whole[b]! - (exact[a]! - whole[a]!) || a - b);
    for (let k = 0; k < mean - whole.reduce((a, b) => a + b, 0); k++) whole[order[k]!]!++;
    categories.forEach((c, k) => {
      const r = byDate[k]!.get(row.date);
      // A category's interval is its share of the total's: its own, scaled up to the split's mean, would not be.
      if (r) out.get(keyOf(c.s.port_id, c.s.direction, c.s.category))!.push(withMean(r, whole[k]!, shareOf(row, weights[k]! / sum)));
    });
  }
  return out;
}

type Bounds = Pick<ForecastRow, 'lo80' | 'hi80' | 'lo95' | 'hi95'>;

/** A share of a row's interval bounds. */
function shareOf(row: ForecastRow, share: number): Bounds {
  return { lo80: round(row.lo80 * share), hi80: round(row.hi80 * share), lo95: round(row.lo95 * share), hi95: round(row.hi95 * share) };
}

/**
 * A row moved to a reconciled mean: its interval keeps its own shape (the series' own calibrated bounds, narrowed in
 * proportion to a lowered mean, shifted with a raised one), or takes `bounds`; its parts still add up to log1p(mean).
 */
export function withMean(row: ForecastRow, mean: number, bounds?: Bounds): ForecastRow {
  // Distances from the mean shrink with a lowered mean and are kept (shifted) with a raised one: scaling them up
  // too would turn a category forecast at 1 and reconciled to 10 into a 95% bound of ten times its record.
  const k = row.mean >= 1 ? Math.min(1, mean / row.mean) : 1;
  const move = (v: number) => round(Math.max(0, mean + (v - row.mean) * k));
  const b = bounds ?? { lo80: move(row.lo80), hi80: move(row.hi80), lo95: move(row.lo95), hi95: move(row.hi95) };
  const next: ForecastRow = { ...row, mean, lo80: Math.min(mean, b.lo80), hi80: Math.max(mean, b.hi80), lo95: Math.min(mean, b.lo95), hi95: Math.max(mean, b.hi95) };
  if (row.components) {
    // The gap reconciliation leaves between the model's parts and the new mean joins the `limit` part.
    const own = row.components.filter((p) => p.kind !== 'limit');
    next.components = closeParts([own], new Float64Array([mean]))[0]!;
  }
  return next;
}

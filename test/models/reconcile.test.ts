import { describe, expect, it } from 'vitest';
import { aggregateSeries, type PortMeta } from '../../src/models/reconcile/aggregates.js';
import { shrinkCovariance } from '../../src/models/reconcile/covariance.js';
import { daysCorrelation } from '../../src/models/reconcile/persistence.js';
import { reconcileForecasts, type NodeForecast } from '../../src/models/reconcile/forecasts.js';
import { buildHierarchy, sumUp } from '../../src/models/reconcile/hierarchy.js';
import { applyMatrix, bottomUpMatrix, diagonalWeight, identityWeight, minTraceMatrix } from '../../src/models/reconcile/reconcile.js';
import type { ForecastRow } from '../../src/models/rows.js';
import type { StoredSeries } from '../../src/models/series.js';

// total = a + b: one mode holding one port whose categories are a and b (the mode and all are the port).
const tiny = buildHierarchy('all', [{ port_id: 'p', mode: 'm', categories: ['a', 'b'] }]);
// The rows all, mode and port are the same sum; this small case keeps one row of it, as in the textbook.
const threeNode = { nodes: [tiny.nodes[0]!, ...tiny.nodes.slice(3)], m: 2, S: new Float64Array([1, 1, 1, 0, 0, 1]) };
const reconciled = (G: Float64Array, yhat: number[]) => Array.from(sumUp(threeNode, applyMatrix(G, 2, yhat)));

describe('the summing matrix', () => {
  it('has a row per node, top first, ones where a node holds a bottom series', () => {
    const h = buildHierarchy('all', [
      { port_id: 'x', mode: 'land', categories: ['r', 'v'] },
      { port_id: 'y', mode: 'sea', categories: [] },
      { port_id: 'z', mode: 'land', categories: ['r'] },
    ]);
    expect(h.nodes.map((n) => `${n.level}:${n.id}:${n.category}`)).toEqual([
      'all:all:total', 'mode:land:total', 'mode:sea:total', 'port:x:total', 'port:z:total',
      'category:x:r', 'category:x:v', 'category:y:total', 'category:z:r',
    ]);
    expect(h.m).toBe(4);
    const rows = Array.from({ length: h.nodes.length }, (_, i) => Array.from(h.S.subarray(i * h.m, (i + 1) * h.m)));
    expect(rows).toEqual([[1, 1, 1, 1], [1, 1, 0, 1], [0, 0, 1, 0], [1, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
    expect(Array.from(sumUp(h, [1, 2, 3, 4]))).toEqual([10, 7, 3, 3, 4, 1, 2, 3, 4]);
  });
});

describe('reconciliation matrices', () => {
  const yhat = [10, 3, 5];

  it('bottom-up keeps the bottom forecasts and sums them', () => {
    expect(reconciled(bottomUpMatrix(threeNode), yhat)).toEqual([8, 3, 5]);
  });

  it('OLS spreads the incoherence equally over the three nodes', () => {
    const y = reconciled(minTraceMatrix(threeNode, identityWeight(3), 0), yhat);
    [28 / 3, 11 / 3, 17 / 3].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 9));
  });

  it('WLS moves each node in proportion to its error variance', () => {
    const W = new Float64Array([1, 0, 0, 0, 2, 0, 0, 0, 3]);
    const y = reconciled(minTraceMatrix(threeNode, W, 0), yhat);
    // The gap 10 − 8 = 2 split 1 : 2 : 3 (the total gives up a sixth of it).
    [10 - 2 / 6, 3 + 4 / 6, 5 + 6 / 6].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 9));
    expect(Array.from(diagonalWeight(new Float64Array([1, 9, 9, 2]), 2))).toEqual([1, 0, 0, 2]);
  });

  it('MinT with a full covariance gives (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹ ŷ (numpy: 9.2424, 3.3939, 5.8485)', () => {
    const W = new Float64Array([4, 1, 0.5, 1, 2, 0.3, 0.5, 0.3, 3]);
    const y = reconciled(minTraceMatrix(threeNode, W, 0), yhat);
    [9.242424242424244, 3.393939393939394, 5.8484848484848495].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 9));
  });

  it('leaves coherent forecasts as they are', () => {
    const W = new Float64Array([4, 1, 0.5, 1, 2, 0.3, 0.5, 0.3, 3]);
    expect(reconciled(minTraceMatrix(threeNode, W, 0), [8, 3, 5]).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([8, 3, 5]);
  });
});

describe('shrinkage of the error covariance (Schäfer–Strimmer, as hts shrink.estim)', () => {
  it('matches a reference computation', () => {
    const cols = [[1, 2, -1, -2, 1, 0, 3, -1], [2, 1, -1, -1, 0, 1, 2, -2], [0, -1, 1, 2, -1, 1, -2, 0]];
    const { W, lambda } = shrinkCovariance(new Float64Array(cols.flat()), 3, 8);
    expect(lambda).toBeCloseTo(0.1979190510872958, 12);
    const want = [2.625, 1.5039017792113203, -1.4036416605972324, 1.5039017792113203, 2, -0.7018208302986162, -1.4036416605972324, -0.7018208302986162, 1.5];
    want.forEach((v, i) => expect(W[i]).toBeCloseTo(v, 12));
  });

  it('does not shrink errors that move as one, and refuses a matrix of the wrong size', () => {
    // Errors of one size that move together: every product of standardised errors is 1, so the correlation has no sampling variance.
    const e = [1, -1, 1, 1, -1, -1];
    expect(shrinkCovariance(new Float64Array([...e, ...e.map((v) => 2 * v)]), 2, 6).lambda).toBe(0);
    expect(() => shrinkCovariance(new Float64Array(5), 2, 3)).toThrow(RangeError);
  });
});

describe('reconciling forecast rows', () => {
  const meta = new Map<string, PortMeta>([
    ['l1', { port_id: 'l1', kind: 'land', country: 'HK' }],
    ['s1', { port_id: 's1', kind: 'sea', country: 'HK' }],
  ]);
  const stored = (port_id: string, category: string, y: number[]): StoredSeries => ({
    port_id, port: port_id, source: 'src', direction: 'arrival', category, series: { key: `${port_id}|arrival|${category}`, freq: 'day', start: 100, y: new Float64Array(y) },
  });
  const row = (s: StoredSeries, date: string, mean: number): ForecastRow => ({
    port_id: s.port_id, port: s.port, direction: s.direction, category: s.category, date, model: 'm', mean, lo80: 0.8 * mean, hi80: 1.2 * mean, lo95: 0.6 * mean, hi95: 1.4 * mean,
  });
  const ports = [stored('l1', 'total', [10, 12]), stored('l1', 'hk_residents', [6, 7]), stored('l1', 'other', [4, 5]), stored('s1', 'total', [3, NaN])];

  it('sums the ports into all and each mode, a day without data missing only where no port has it', () => {
    const agg = aggregateSeries(ports, meta);
    expect(agg.map((a) => a.port_id)).toEqual(['hk-all', 'hk-land', 'hk-sea']);
    expect(Array.from(agg[0]!.series.y)).toEqual([13, 12]);
    expect(Array.from(agg[2]!.series.y)).toEqual([3, NaN]);
  });

  it('makes categories add up to the port and ports to the modes and all, in whole travellers', () => {
    const dates = ['2026-01-01', '2026-01-02'];
    const base: Record<string, number[]> = { 'l1|total': [100.4, 90], 'l1|hk_residents': [60.2, 50], 'l1|other': [30.7, 45], 's1|total': [20.5, 18] };
    const err = (k: number) => ({ t: [90, 91, 92, 93], e: [1 * k, -2 * k, 3, -1], w: [0, 0, 0, 0] });
    const nodes: NodeForecast[] = ports.map((s, k) => ({ s, rows: dates.map((d, i) => row(s, d, base[`${s.port_id}|${s.category}`]![i]!)), errors: err(k + 1) }));
    const agg = aggregateSeries(ports, meta);
    const aggBase: Record<string, number[]> = { 'hk-all': [125, 110], 'hk-land': [104, 92], 'hk-sea': [21, 17] };
    const aggNodes: NodeForecast[] = agg.map((s, k) => ({ s, rows: dates.map((d, i) => row(s, d, aggBase[s.port_id]![i]!)), errors: err(k + 2) }));
    for (const method of ['bottom-up', 'ols', 'wls', 'mint-shrink'] as const) {
      const r = reconcileForecasts(nodes, aggNodes, meta, method);
      const at = (rows: ForecastRow[], id: string, category: string, date: string) => rows.find((x) => x.port_id === id && x.category === category && x.date === date)!.mean;
      for (const d of dates) {
        const cats = at(r.rows, 'l1', 'hk_residents', d) + at(r.rows, 'l1', 'other', d);
        expect(Number.isInteger(cats)).toBe(true);
        expect(at(r.rows, 'l1', 'total', d)).toBe(cats);
        expect(at(r.aggregates, 'hk-land', 'total', d)).toBe(at(r.rows, 'l1', 'total', d));
        expect(at(r.aggregates, 'hk-sea', 'total', d)).toBe(at(r.rows, 's1', 'total', d));
        expect(at(r.aggregates, 'hk-all', 'total', d)).toBe(at(r.aggregates, 'hk-land', 'total', d) + at(r.aggregates, 'hk-sea', 'total', d));
      }
      for (const x of [...r.rows, ...r.aggregates]) expect(x.lo95 <= x.lo80 && x.lo80 <= x.mean && x.mean <= x.hi80 && x.hi80 <= x.hi95).toBe(true);
      if (method === 'bottom-up') expect(at(r.aggregates, 'hk-all', 'total', dates[0]!)).toBe(60 + 31 + 21);
    }
    // The aggregate keeps its own interval (±20% of its base mean of 125, narrowed only with a lowered mean), not the
    // sum of the ports' bounds.
    const all = reconcileForecasts(nodes, aggNodes, meta, 'mint-shrink').aggregates.find((x) => x.port_id === 'hk-all')!;
    expect(all.hi80).toBeCloseTo(all.mean + 25 * Math.min(1, all.mean / 125), 0);
    expect(reconcileForecasts(nodes, aggNodes, meta, 'base').rows).toEqual(nodes.flatMap((n) => n.rows));
  });

  it('keeps an intermittent port\'s own total, splits it over its categories and holds it fixed in the aggregates', () => {
    const ships = Array.from({ length: 56 }, (_, i) => (i % 7 === 5 ? 3000 : 0));
    const meta2 = new Map([...meta, ['k1', { port_id: 'k1', kind: 'sea', country: 'HK' }]]);
    const steady = (v: number) => Array.from({ length: 56 }, () => v);
    const list = [stored('l1', 'total', steady(100)), stored('l1', 'hk_residents', steady(60)), stored('l1', 'other', steady(40)),
      stored('k1', 'total', ships), stored('k1', 'hk_residents', ships.map((v) => v / 3)), stored('k1', 'other', ships.map((v) => (2 * v) / 3))];
    const dates = ['2026-01-01', '2026-01-02'];
    const base: Record<string, number[]> = { 'l1|total': [110, 95], 'l1|hk_residents': [60, 50], 'l1|other': [40, 40], 'k1|total': [3001, 0], 'k1|hk_residents': [500, 0], 'k1|other': [1500, 0] };
    const err = (k: number) => ({ t: [90, 91, 92, 93], e: [5 * k, -2 * k, 3, -1], w: [0, 0, 0, 0] });
    const nodes: NodeForecast[] = list.map((s, k) => ({ s, rows: dates.map((d, i) => row(s, d, base[`${s.port_id}|${s.category}`]![i]!)), errors: err(k + 1) }));
    const agg = aggregateSeries(list, meta2);
    const aggBase: Record<string, number[]> = { 'hk-all': [2900, 120], 'hk-land': [104, 92], 'hk-sea': [2800, 10] };
    const aggNodes: NodeForecast[] = agg.map((s, k) => ({ s, rows: dates.map((d, i) => row(s, d, aggBase[s.port_id]![i]!)), errors: err(k + 2) }));
    const r = reconcileForecasts(nodes, aggNodes, meta2, 'wls');
    const at = (rows: ForecastRow[], id: string, category: string, d: string) => rows.find((x) => x.port_id === id && x.category === category && x.date === d)!.mean;
    const d0 = dates[0]!;
    expect(at(r.rows, 'k1', 'total', d0)).toBe(3001);
    // Split 1 : 3 as its categories' own forecasts that day, the odd traveller to the larger remainder.
    expect([at(r.rows, 'k1', 'hk_residents', d0), at(r.rows, 'k1', 'other', d0)]).toEqual([750, 2251]);
    expect(at(r.aggregates, 'hk-sea', 'total', d0)).toBe(3001);
    for (const d of dates) expect(at(r.aggregates, 'hk-all', 'total', d)).toBe(at(r.rows, 'k1', 'total', d) + at(r.rows, 'l1', 'total', d));
  });
});

describe('persistence of a total\'s errors between days', () => {
  it('is 1 for a missed level, 0 for errors that alternate, and counts only pairs of one window within the lag', () => {
    const t = [1, 2, 3, 4, 5, 6];
    expect(daysCorrelation({ t, e: [5, 5, 5, 5, 5, 5], w: [0, 0, 0, 1, 1, 1] }, 2)).toBe(1);
    expect(daysCorrelation({ t, e: [5, -5, 5, -5, 5, -5], w: [0, 0, 0, 0, 0, 0] }, 1)).toBe(0);
    // Within 2 days the five opposite pairs a day apart outweigh the four alike two days apart.
    expect(daysCorrelation({ t, e: [5, -5, 5, -5, 5, -5], w: [0, 0, 0, 0, 0, 0] }, 2)).toBeCloseTo(0, 12);
    expect(daysCorrelation({ t: [1, 3, 5], e: [4, 4, -4], w: [0, 0, 0] }, 2)).toBeCloseTo(0, 12);
    // Pairs in different windows are not compared.
    expect(daysCorrelation({ t: [1, 2], e: [3, 3], w: [0, 1] }, 5)).toBeNaN();
    // One storm day against a level missed on every other day: one pair in five, not the whole measure.
    expect(daysCorrelation({ t, e: [2, 2, 2, -50, 2, 2], w: [0, 0, 0, 0, 0, 0] }, 1)).toBeCloseTo(Math.sin(Math.PI / 10), 12);
  });
});

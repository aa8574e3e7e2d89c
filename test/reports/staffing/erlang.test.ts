import { describe, expect, it } from 'vitest';
import {
  averageSpeedOfAnswer, erlangAMetrics, erlangB, erlangC, erlangCMetrics, occupancy, offeredLoad, requiredAgents, serviceLevel,
} from '../../../src/reports/staffing/erlang.js';
import { withShrinkage } from '../../../src/reports/staffing/roster.js';

// The workforce-management worked example: 100 arrivals per 30 minutes, 180 s handling, 20 s target.
const worked = { arrivals: 100, intervalSeconds: 1800, serviceSeconds: 180 };

describe('Erlang C worked example', () => {
  it('has 10 erlangs of load', () => {
    expect(offeredLoad(worked)).toBeCloseTo(10, 12);
  });

  it('matches the published probability of waiting with 11 agents (0.6821)', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
  });

  it('needs 14 agents raw for 80% within 20 s, at service level ≈ 0.888, and 20 with 30% shrinkage', () => {
    expect(serviceLevel(13, worked, 20)).toBeLessThan(0.8);
    const r = requiredAgents(worked, { waitSeconds: 20, share: 0.8 }, 0.85);
    expect(r.positions).toBe(14);
    expect(r.serviceLevel).toBeCloseTo(0.888, 3);
    expect(r.occupancy).toBeCloseTo(10 / 14, 12);
    expect(withShrinkage(r.positions, 0.3)).toBe(20);
  });

  it('gives the average speed of answer and occupancy of 14 agents', () => {
    expect(averageSpeedOfAnswer(14, worked)).toBeCloseTo(7.84, 2);
    expect(occupancy(14, worked)).toBeCloseTo(0.714, 3);
  });

  it('raises positions to respect the occupancy cap', () => {
    expect(requiredAgents(worked, { waitSeconds: 20, share: 0.5 }, 1).positions).toBe(12);
    expect(requiredAgents(worked, { waitSeconds: 20, share: 0.5 }, 0.7).positions).toBe(15); // 10 / 0.7 = 14.3
  });
});

describe('Erlang B against published tables (1% blocking)', () => {
  // Trunks and offered load at 1% grade of service, from the standard Erlang B table.
  it.each([
    [5, 1.36],
    [10, 4.46],
    [20, 12.03],
    [100, 84.06],
  ])('B(%i, %f) ≈ 0.01', (n, a) => {
    expect(Math.abs(erlangB(n, a) - 0.01)).toBeLessThan(2e-4);
  });

  it('has the exact small cases', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 15);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15);
    expect(erlangB(0, 3)).toBe(1);
  });
});

describe('stability at large loads', () => {
  const busy = { arrivals: 20_000, intervalSeconds: 3600, serviceSeconds: 13 }; // 72.2 erlangs

  it('stays finite and monotone in positions for 20,000 arrivals an hour at 13 s', () => {
    let previous = -1;
    for (let n = 73; n <= 200; n++) {
      const sl = serviceLevel(n, busy, 10);
      expect(Number.isFinite(sl)).toBe(true);
      expect(sl).toBeGreaterThanOrEqual(previous);
      previous = sl;
    }
    expect(previous).toBeCloseTo(1, 12);
  });

  it('handles thousands of erlangs and positions without overflow', () => {
    const b = erlangB(5200, 5000);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(1);
    const c = erlangC(5200, 5000);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    const huge = { arrivals: 1_000_000, intervalSeconds: 3600, serviceSeconds: 45 }; // 12,500 erlangs
    const r = requiredAgents(huge, { waitSeconds: 60, share: 0.95 }, 0.95);
    expect(r.positions).toBeGreaterThan(12_500);
    expect(r.positions).toBeLessThan(13_500);
    expect(Number.isFinite(r.meanWaitSeconds)).toBe(true);
  });

  it('keeps Erlang A finite when heavily overloaded or with long patience', () => {
    const overloaded = erlangAMetrics(30, { ...busy, patienceSeconds: 3600 }, 600);
    expect(overloaded.probAbandon).toBeGreaterThan(0.5);
    expect(overloaded.probAbandon).toBeLessThan(1);
    expect(Number.isFinite(overloaded.serviceLevel)).toBe(true);
    const r = requiredAgents({ ...busy, patienceSeconds: 3600 }, { waitSeconds: 1800, share: 0.95 }, 0.9);
    expect(r.positions).toBeGreaterThan(72);
    expect(r.positions).toBeLessThanOrEqual(requiredAgents(busy, { waitSeconds: 1800, share: 0.95 }, 0.9).positions);
  });

  it('returns no positions for no arrivals and a zero service level when overloaded', () => {
    expect(requiredAgents({ ...worked, arrivals: 0 }, { waitSeconds: 20, share: 0.8 }).positions).toBe(0);
    expect(erlangCMetrics(10, worked, 20).serviceLevel).toBe(0);
    expect(erlangCMetrics(10, worked, 20).meanWaitSeconds).toBe(Infinity);
  });
});

describe('Erlang A', () => {
  it('tends to Erlang C as patience grows', () => {
    const c = erlangCMetrics(14, worked, 20);
    const a = erlangAMetrics(14, { ...worked, patienceSeconds: 1e9 }, 20);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
    expect(a.probWait).toBeCloseTo(c.probWait, 6);
    expect(a.probAbandon).toBeLessThan(1e-6);
  });

  it('needs no more positions than Erlang C, and fewer when travellers give up quickly', () => {
    const target = { waitSeconds: 20, share: 0.8 };
    const impatient = requiredAgents({ ...worked, patienceSeconds: 60 }, target);
    expect(impatient.model).toBe('erlang-a');
    expect(impatient.positions).toBeLessThan(14);
    expect(impatient.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const below = erlangAMetrics(impatient.positions - 1, { ...worked, patienceSeconds: 60 }, 20);
    expect(below.serviceLevel).toBeLessThan(0.8);
  });
});

// ---------------------------------------------------------------------------------------------
// A discrete-event simulation of the FCFS M/M/c(+M) queue. Under FCFS a traveller's wait is fixed
// on arrival by those ahead, so tracking when each position next falls free is exact.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function simulate(servers: number, lambda: number, serviceSeconds: number, patienceSeconds: number, waitSeconds: number, customers: number, seed: number) {
  const rand = mulberry32(seed);
  const exp = (mean: number) => -Math.log(1 - rand()) * mean;
  const free = new Array<number>(servers).fill(0);
  const warmUp = Math.floor(customers / 20);
  let t = 0;
  let within = 0;
  let abandoned = 0;
  let counted = 0;
  for (let i = 0; i < customers; i++) {
    t += exp(1 / lambda);
    let k = 0;
    for (let j = 1; j < servers; j++) if ((free[j] ?? 0) < (free[k] ?? 0)) k = j;
    const start = Math.max(t, free[k] ?? 0);
    const wait = start - t; // the virtual wait: what a patient traveller would wait
    const leaves = wait > exp(patienceSeconds);
    if (!leaves) free[k] = start + exp(serviceSeconds);
    if (i < warmUp) continue;
    counted++;
    if (wait <= waitSeconds) within++;
    if (leaves) abandoned++;
  }
  return { serviceLevel: within / counted, probAbandon: abandoned / counted };
}

describe('agreement with a simulated queue', () => {
  it('Erlang C service level matches an M/M/c simulation', () => {
    for (const [n, t] of [[14, 20], [12, 60]] as const) {
      const sim = simulate(n, 100 / 1800, 180, Infinity, t, 400_000, 7 + n);
      expect(Math.abs(sim.serviceLevel - serviceLevel(n, worked, t))).toBeLessThan(0.015);
    }
  });

  it('Erlang A service level and abandonment match an M/M/c+M simulation', () => {
    const load = { ...worked, patienceSeconds: 120 };
    for (const n of [9, 11]) {
      const model = erlangAMetrics(n, load, 20);
      const sim = simulate(n, 100 / 1800, 180, 120, 20, 400_000, 11 + n);
      expect(Math.abs(sim.serviceLevel - model.serviceLevel)).toBeLessThan(0.015);
      expect(Math.abs(sim.probAbandon - model.probAbandon)).toBeLessThan(0.01);
    }
  });
});

/** Deterministic synthetic series for the model tests. */
import type { Series } from '../../src/models/types.js';

/** A small linear congruential generator: tests must not depend on Math.random. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Standard normal draws from a seeded generator (Box–Muller). */
export function normal(seed: number): () => number {
  const u = rng(seed);
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** Daily counts around 10 000 with a weekly pattern and 5% multiplicative noise. */
export function weeklySeries(options: { start: number; n: number; seed: number; level?: number }): Series {
  const z = normal(options.seed);
  const level = options.level ?? 10_000;
  const week = [1, 0.95, 0.95, 1, 1.2, 1.4, 1.1];
  const y = new Float64Array(options.n);
  for (let i = 0; i < options.n; i++) {
    const wd = (((options.start + i + 3) % 7) + 7) % 7;
    y[i] = Math.round(level * week[wd]! * Math.exp(0.05 * z()));
  }
  return { key: 'synthetic', freq: 'day', start: options.start, y };
}

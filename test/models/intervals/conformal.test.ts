import { describe, expect, it } from 'vitest';
import { applyOffsets, conformalOffsets } from '../../../src/models/intervals/conformal.js';
import { addWindow, emptySums, scores } from '../../../src/models/metrics.js';
import { emptyForecast } from '../../../src/models/types.js';
import { normal } from '../synthetic.js';

describe('conformal intervals', () => {
  it('cover about 80% and 95% of new draws from the calibration distribution', () => {
    const z = normal(11);
    const pairs = Array.from({ length: 20 }, () => {
      const mean = new Float64Array(28).fill(1000);
      return { mean, actual: mean.map((m) => m * Math.exp(0.1 * z())) };
    });
    const q = conformalOffsets(pairs)!;
    const sums = emptySums();
    for (let k = 0; k < 200; k++) {
      const f = emptyForecast(28);
      f.mean.fill(1000);
      applyOffsets(f, q, 28);
      addWindow(sums, f.mean.map((m) => m * Math.exp(0.1 * z())), f, 1);
    }
    const s = scores(sums);
    expect(s.cov80).toBeGreaterThan(0.76);
    expect(s.cov80).toBeLessThan(0.84);
    expect(s.cov95).toBeGreaterThan(0.92);
    expect(s.cov95).toBeLessThan(0.98);
  });

  it('use the holiday offsets only on the steps marked as near a holiday', () => {
    const q = Float64Array.from([-0.2, -0.1, 0.1, 0.2]);
    const wide = q.map((v) => 2 * v);
    const f = emptyForecast(4);
    f.mean.fill(100);
    applyOffsets(f, q, 4, 1, { q: wide, at: (i) => i === 2 });
    expect(f.hi80[1]! / 100).toBeCloseTo(Math.expm1(Math.log1p(100) + 0.1) / 100, 6);
    expect(f.hi80[2]! / 100).toBeCloseTo(Math.expm1(Math.log1p(100) + 0.2) / 100, 6);
    expect(f.lo95[2]!).toBeLessThan(f.lo95[1]!);
  });
});

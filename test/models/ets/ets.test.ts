import { describe, expect, it } from 'vitest';
import { autoEts, fitEts } from '../../../src/models/ets/ets.js';
import { normal } from '../synthetic.js';

describe('exponential smoothing', () => {
  // fpp2 §7.1: Saudi Arabian oil production 1996–2013; ses() gives α = 0.83, ℓ0 = 446.6, forecast 542.7.
  const oil = Float64Array.from([
    445.3641, 453.195, 454.4096, 422.3789, 456.0371, 440.3866, 425.1944, 486.2052, 500.4291, 521.2759, 508.9476, 488.8889,
    509.8706, 456.7229, 473.8166, 525.9509, 549.8338, 542.3405,
  ]);
  it('reproduces the textbook simple exponential smoothing of the oil series', () => {
    const fit = fitEts(oil, { trend: 'N', season: 1 });
    expect(fit.alpha).toBeCloseTo(0.834, 2);
    expect(fit.l0).toBeCloseTo(446.6, 0);
    expect(fit.level).toBeCloseTo(542.7, 0);
  });
  it('picks a trend by AICc for a trending series and none for a flat one', () => {
    const z = normal(3);
    const trending = Float64Array.from({ length: 120 }, (_, i) => 100 + 2 * i + z());
    expect(autoEts(trending, 1).spec.trend).not.toBe('N');
    const flat = Float64Array.from({ length: 120 }, () => 100 + z());
    expect(autoEts(flat, 1).spec.trend).toBe('N');
  });
});

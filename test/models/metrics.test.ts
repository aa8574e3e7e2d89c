import { describe, expect, it } from 'vitest';
import { peakHit } from '../../src/models/metrics.js';

describe('metrics', () => {
  it('peak hit@3 counts the overlap of the three highest days', () => {
    expect(peakHit([1, 9, 8, 7, 2], [9, 8, 7, 1, 2], 3)).toBeCloseTo(2 / 3);
    expect(peakHit([1, 2, 3], [1, 2, 3], 3)).toBe(1);
  });
});

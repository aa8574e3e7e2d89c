import { describe, expect, it } from 'vitest';
import { storedSeries } from '../../src/models/series.js';

const lists = { port_id: 'hk-lo-wu', port: 'Lo Wu', source: 'hk-immd', direction: 'arrival', category: 'total', freq: 'day' as const };

describe('storedSeries', () => {
  it('fills the periods missing between the listed ones with NaN', () => {
    const s = storedSeries({ ...lists, ts: [10, 12, 13], counts: [5, 7, 9] })!;
    expect(s.series).toEqual({ key: 'hk-lo-wu|arrival|total', freq: 'day', start: 10, y: Float64Array.from([5, NaN, 7, 9]) });
    expect(s.source).toBe('hk-immd');
  });

  it('gives nothing for a series without periods', () => {
    expect(storedSeries({ ...lists, ts: [], counts: [] })).toBeUndefined();
  });
});

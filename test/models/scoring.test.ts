import { describe, expect, it } from 'vitest';
import { prepareSeries } from '../../src/models/auto.js';
import { head } from '../../src/models/backtest.js';
import { dayOf, monthOf } from '../../src/models/dates.js';
import { addWindow, emptySums, maseScale, scores } from '../../src/models/metrics.js';
import {
  backtestWindowOf, byModel, bySeriesAndModel, scalesFrom, scoreWindows, sliceWindow, windowScale, windowsOf,
} from '../../src/models/scoring.js';
import type { Series } from '../../src/models/types.js';
import type { StoredBacktestRow } from '../../src/store/backtests.js';
import { weeklySeries } from './synthetic.js';

const row = (over: Partial<StoredBacktestRow>): StoredBacktestRow => ({
  port_id: 'p', direction: 'arrival', category: 'total', model: 'auto', cutoff: '2025-03-01',
  actual: 100, mean: 90, lo80: 80, hi80: 110, lo95: 70, hi95: 120, ...over,
});

describe('windowsOf', () => {
  it('groups rows by window in the order windows first appear, nulls as NaN', () => {
    const rows = [
      row({ actual: 10 }), row({ model: 'snaive7', actual: 20 }), row({ actual: null, lo80: null }), row({ cutoff: '2025-03-08', actual: 30 }),
    ];
    const windows = windowsOf(rows, backtestWindowOf);
    expect(windows.map((w) => [w.row.model, w.row.cutoff, Array.from(w.actual)])).toEqual([
      ['auto', '2025-03-01', [10, NaN]], ['snaive7', '2025-03-01', [20]], ['auto', '2025-03-08', [30]],
    ]);
    expect(Array.from(windows[0]!.lo80)).toEqual([80, NaN]);
    expect(Array.from(sliceWindow(windows[0]!, 1, 2).actual)).toEqual([NaN]);
  });
});

describe('windowScale', () => {
  it("is the seasonal MAE of the engine's cleaned training series up to the cutoff", () => {
    const s = weeklySeries({ start: dayOf('2023-01-02'), n: 900, seed: 3 });
    s.y.fill(0, 700, 707); // a week's closure, which the engine masks
    expect(windowScale(s, 800)).toBe(maseScale(prepareSeries(head(s, 800)).series.y, 7));
    expect(windowScale(s, 800)).not.toBeCloseTo(maseScale(s.y.subarray(0, 801), 7), 0);
    s.y.fill(0, 850, 860); // data after the cutoff does not count
    expect(windowScale(s, 800)).toBe(windowScale(head(s, 800), 800));
    expect(windowScale(s, 900)).toBeNaN();
    expect(windowScale(s, -1)).toBeNaN();
  });

  it('uses lag 12 for monthly series', () => {
    const y = Float64Array.from({ length: 60 }, (_, m) => 1000 + 200 * Math.sin((2 * Math.PI * m) / 12) + 3 * m);
    const s: Series = { key: 'us|arrival|trucks', freq: 'month', start: monthOf('2015-01-01'), y };
    expect(windowScale(s, 47)).toBe(maseScale(prepareSeries(head(s, 47)).series.y, 12));
  });

  it('scalesFrom finds each window its series by key and cutoff date, NaN for a series not loaded', () => {
    const s = weeklySeries({ start: dayOf('2024-01-01'), n: 400, seed: 4 });
    const scaleOf = scalesFrom(new Map([['p|arrival|total', s]]));
    const [w, missing] = windowsOf([row({ cutoff: '2024-12-01' }), row({ port_id: 'q' })], backtestWindowOf);
    expect(scaleOf(w!)).toBe(windowScale(s, dayOf('2024-12-01') - s.start));
    expect(scaleOf(missing!)).toBeNaN();
  });
});

describe('scoreWindows', () => {
  it('adds each window to its group once, as addWindow does, and counts the windows', () => {
    const rows = [
      ...[100, 120, 90].map((actual, i) => row({ actual, mean: 100 + i })),
      ...[100, 120, 90].map((actual) => row({ actual, mean: 95, model: 'snaive7' })),
      ...[50, null, 70].map((actual) => row({ actual, mean: 60, port_id: 'q' })),
    ];
    const windows = windowsOf(rows, backtestWindowOf);
    const scale = (w: { row: StoredBacktestRow }) => (w.row.port_id === 'p' ? 10 : 5);
    const groups = scoreWindows(windows, scale, byModel);
    const expected = emptySums();
    for (const w of windows.filter((x) => x.row.model === 'auto')) addWindow(expected, w.actual, w, scale(w));
    expect(groups.map((g) => [g.first.row.model, g.windows])).toEqual([['auto', 2], ['snaive7', 1]]);
    expect(groups[0]!.scores).toEqual(scores(expected));
    expect(groups[0]!.scores.n).toBe(5);
    expect(scoreWindows(windows, scale, bySeriesAndModel).map((g) => g.first.row.port_id)).toEqual(['p', 'p', 'q']);
  });
});

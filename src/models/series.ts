/** A stored series in the engine's typed form, and how it is shaped from the database's lists (loading: src/store/series.ts). */
import type { Freq, Series } from './types.js';

/** A stored series with its identity. */
export interface StoredSeries {
  port_id: string;
  port: string;
  /** The port's data source (hk-immd, us-bts, ...): a series is current when it reaches its source's last period. */
  source: string;
  direction: string;
  category: string;
  series: Series;
}

/** One series as the database lists it: its identity, its periods in order and their counts. */
export interface SeriesLists {
  port_id: string;
  port: string;
  source: string;
  direction: string;
  category: string;
  freq: Freq;
  ts: readonly number[];
  counts: readonly number[];
}

/**
 * The series of sorted periods `ts` and their counts, with NaN for the periods missing between them; undefined when
 * there are none. Example: periods [10, 12], counts [5, 7] → start 10, y [5, NaN, 7].
 */
export function storedSeries(l: SeriesLists): StoredSeries | undefined {
  if (l.ts.length === 0) return undefined;
  const first = l.ts[0]!;
  const y = new Float64Array(l.ts[l.ts.length - 1]! - first + 1).fill(NaN);
  for (let k = 0; k < l.ts.length; k++) y[l.ts[k]! - first] = l.counts[k]!;
  const { port_id, port, source, direction, category, freq } = l;
  return { port_id, port, source, direction, category, series: { key: `${port_id}|${direction}|${category}`, freq, start: first, y } };
}

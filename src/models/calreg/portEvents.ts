/**
 * A port's own events as regressors of the calendar regression: per kind of event (ship, booking, ...) a column that
 * is 1 on the days with one, and a column of log(volume / the kind's median daily volume). The model is on log1p counts,
 * so the second column's coefficient is how the effect grows with the size: 1 when travellers are proportional to a
 * ship's capacity, which one column of volume / median could not express together with the day's own level.
 */
import { sortedQuantile } from '../numeric/linalg.js';
import type { SeriesEvent } from '../types.js';

/** Sparse columns per day, offsets within the events group (ascending within a day). */
export type EventColumns = Map<number, Array<[number, number]>>;

/** The kinds of `events` in a fixed order: each gets two columns. */
export function eventKinds(events: readonly SeriesEvent[]): string[] {
  return [...new Set(events.map((e) => e.kind))].sort();
}

/** A key that is the same exactly when two series' events give the same columns. */
export function eventsKey(events: readonly SeriesEvent[]): string {
  return events.map((e) => `${e.day}:${e.kind}:${e.volume ?? ''}`).join(',');
}

/**
 * The day's total volume of each kind (an event without volume counts as the kind's median event, or 1 when no event of
 * the kind has one), as log ratios to the median over the days with such events.
 */
export function eventColumns(events: readonly SeriesEvent[], kinds: readonly string[]): EventColumns {
  const out: EventColumns = new Map();
  kinds.forEach((kind, k) => {
    const own = events.filter((e) => e.kind === kind);
    const sized = own.flatMap((e) => (e.volume === null ? [] : [e.volume])).sort((a, b) => a - b);
    const typical = sized.length ? sortedQuantile(Float64Array.from(sized), 0.5) : 1;
    const byDay = new Map<number, number>();
    for (const e of own) byDay.set(e.day, (byDay.get(e.day) ?? 0) + (e.volume ?? typical));
    const median = sortedQuantile(Float64Array.from([...byDay.values()].sort((a, b) => a - b)), 0.5);
    for (const [day, total] of byDay) {
      const size = Math.log(total / median);
      const cols: Array<[number, number]> = [[2 * k, 1]];
      if (size !== 0) cols.push([2 * k + 1, size]);
      const list = out.get(day);
      if (list) list.push(...cols);
      else out.set(day, cols);
    }
  });
  return out;
}

/**
 * The aggregate series of a country's daily control points: all of them and each land / sea / air group, per
 * direction, summed from the ports' total series, so the engine can forecast the totals directly.
 */
import type { StoredSeries } from '../series.js';
import type { SeriesEvent } from '../types.js';
import { modeOfKind, type Mode } from './modes.js';

/** What the hierarchy needs of a port: its kind (for the mode) and its country (one hierarchy per country). */
export interface PortMeta {
  port_id: string;
  kind: string | null;
  country: string | null;
}

/** The category of the port totals and aggregates. */
export const TOTAL = 'total';

/**
 * The id of an aggregate series: `hk-all`, `hk-land`, `hk-sea`, `hk-air`. Not in the ports table, so nothing that lists
 * control points lists them; they are stored in their own table (aggregate_forecasts).
 */
export function aggregateId(country: string, what: 'all' | Mode): string {
  return `${country.toLowerCase()}-${what}`;
}

const NAMES: Record<'all' | Mode, string> = { all: 'All control points', land: 'Land', sea: 'Sea', air: 'Air', other: 'Other' };

/** The daily total series of `list` whose port has a country, grouped by country. */
export function hierarchyGroups(list: readonly StoredSeries[], meta: ReadonlyMap<string, PortMeta>): Map<string, StoredSeries[]> {
  const out = new Map<string, StoredSeries[]>();
  for (const s of list) {
    const country = meta.get(s.port_id)?.country;
    if (s.series.freq !== 'day' || !country) continue;
    const group = out.get(country);
    if (group) group.push(s);
    else out.set(country, [s]);
  }
  return out;
}

/**
 * The aggregate series of every country with daily series: per direction, all control points and each mode, the
 * sum of the ports' total series (a day no port reports is missing). Example: HK → hk-all, hk-land, hk-sea, hk-air × 2.
 */
export function aggregateSeries(list: readonly StoredSeries[], meta: ReadonlyMap<string, PortMeta>): StoredSeries[] {
  const out: StoredSeries[] = [];
  for (const [country, group] of hierarchyGroups(list, meta)) {
    const totals = group.filter((s) => s.category === TOTAL);
    for (const direction of [...new Set(totals.map((s) => s.direction))].sort()) {
      const inDirection = totals.filter((s) => s.direction === direction);
      const modes = [...new Set(inDirection.map((s) => modeOfKind(meta.get(s.port_id)?.kind)))];
      for (const what of ['all' as const, ...modes]) {
        const parts = what === 'all' ? inDirection : inDirection.filter((s) => modeOfKind(meta.get(s.port_id)?.kind) === what);
        const id = aggregateId(country, what);
        out.push({
          port_id: id, port: NAMES[what], source: parts[0]!.source, direction, category: TOTAL,
          series: { key: `${id}|${direction}|${TOTAL}`, freq: 'day', ...sumSeries(parts), ...eventsOf(parts) },
        });
      }
    }
  }
  return out;
}

/** The day-by-day sum of series (missing days count as none; a day missing in all of them stays missing). */
function sumSeries(parts: readonly StoredSeries[]): { start: number; y: Float64Array } {
  const start = Math.min(...parts.map((s) => s.series.start));
  const end = Math.max(...parts.map((s) => s.series.start + s.series.y.length));
  const y = new Float64Array(end - start).fill(NaN);
  for (const s of parts) {
    const off = s.series.start - start;
    s.series.y.forEach((v, i) => {
      if (Number.isFinite(v)) y[off + i] = (Number.isFinite(y[off + i]!) ? y[off + i]! : 0) + v;
    });
  }
  return { start, y };
}

/**
 * The events of an aggregate's ports (a ship call at Harbour Control is one for the sea total too), so the directly
 * forecast total rises with its ports and reconciliation does not pull them back down. A region-wide event reaches
 * every port of the region: it is counted once.
 */
function eventsOf(parts: readonly StoredSeries[]): { events?: SeriesEvent[] } {
  const seen = new Map<string, SeriesEvent>();
  for (const s of parts) for (const e of s.series.events ?? []) seen.set(`${e.day}:${e.kind}:${e.volume ?? ''}`, e);
  return seen.size > 0 ? { events: [...seen.values()].sort((a, b) => a.day - b.day || a.kind.localeCompare(b.kind)) } : {};
}

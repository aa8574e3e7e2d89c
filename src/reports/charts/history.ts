/** History chart: a port's daily travellers by direction, with a 7-day mean to show the trend. */
import type { TopLevelSpec } from 'vega-lite';
import {
  type DirectionRow, type Lang, type PortRef,
  baseConfig, dateRange, directionColors, epochDay, labels, portLabel, requireCounts, requireRows,
} from './common.js';

/** Input of `historyChart`. */
export interface HistoryChartInput {
  rows: readonly DirectionRow[];
  port: PortRef;
  lang?: Lang;
}

/** Vega-Lite spec of a port's history, one faint daily line and one 7-day mean line per direction. */
export function historyChart({ rows, port, lang = 'en' }: HistoryChartInput): TopLevelSpec {
  requireRows('history', rows);
  requireCounts('history', rows, ['count']);
  for (const r of rows) epochDay(r.date);
  const t = labels[lang];
  const [from, to] = dateRange(rows);
  // Labels are joined in here rather than mapped in the spec, so the legend needs no expressions.
  const values = rows.map((r) => ({ date: r.date, count: r.count, dir: t.direction[r.direction] }));
  const color = {
    field: 'dir',
    type: 'nominal' as const,
    title: t.directionTitle,
    // The legend shows the trend line, not the faint daily one.
    legend: { symbolOpacity: 1, symbolStrokeWidth: 2.5 },
    scale: { domain: [t.direction.arrival, t.direction.departure], range: [directionColors.arrival, directionColors.departure] },
  };
  const x = { field: 'date', type: 'temporal' as const, scale: { type: 'utc' as const }, title: t.date, axis: { format: t.monthFormat, labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t.historyTitle(portLabel(port, lang)), subtitle: `${t.range(from, to)} · ${t.dailyCount} (${t.thin}), ${t.rolling7} (${t.thick})` },
    width: 760,
    height: 300,
    config: baseConfig(),
    data: { values },
    encoding: { x, color },
    layer: [
      { mark: { type: 'line', strokeWidth: 0.8, opacity: 0.35 }, encoding: { y: { field: 'count', type: 'quantitative', title: t.travellers, axis: { format: ',.0f' } } } },
      {
        transform: [{ window: [{ op: 'mean', field: 'count', as: 'rolling' }], frame: [-6, 0], sort: [{ field: 'date' }], groupby: ['dir'] }],
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { y: { field: 'rolling', type: 'quantitative' } },
      },
    ],
  };
}

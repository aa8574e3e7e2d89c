/** Forecast chart: the mean line with 80% and 95% bands, drawn over the recent actuals. */
import type { TopLevelSpec } from 'vega-lite';
import {
  type ActualRow, type Direction, type ForecastRow, type Lang, type Per, type PortRef,
  baseConfig, dateRange, epochDay, labels, portLabel, requireCounts, requireRows,
} from './common.js';

/** Input of `forecastChart`. */
export interface ForecastChartInput {
  actuals: readonly ActualRow[];
  forecast: readonly ForecastRow[];
  port: PortRef;
  direction: Direction;
  lang?: Lang;
  /** Monthly series: "per month" on the axis and months on the date axis. */
  per?: Per;
}

/** Vega-Lite spec of a forecast with its intervals over recent actuals, e.g. for Lo Wu arrivals. */
export function forecastChart({ actuals, forecast, port, direction, lang = 'en', per = 'day' }: ForecastChartInput): TopLevelSpec {
  requireRows('forecast', forecast);
  requireCounts('forecast', forecast, ['mean', 'lo80', 'hi80', 'lo95', 'hi95']);
  requireCounts('forecast', actuals, ['count']);
  for (const r of [...actuals, ...forecast]) epochDay(r.date);
  const t = labels[lang];
  const [from, to] = dateRange(forecast);
  // One colour scale for all layers gives a single legend that names the bands and lines.
  const domain = [t.actual, t.forecast, t.band80, t.band95];
  const color = { scale: { domain, range: ['#333333', '#1f77b4', '#6baed6', '#c6dbef'] }, legend: { title: null, orient: 'top' as const, direction: 'horizontal' as const } };
  const x = { field: 'date', type: 'temporal' as const, scale: { type: 'utc' as const }, title: per === 'month' ? t.month : t.date, axis: { format: per === 'month' ? t.monthAxisFormat : t.dayFormat } };
  const fc = { values: forecast.map((r) => ({ ...r })) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t.forecastTitle(portLabel(port, lang), t.direction[direction]), subtitle: t.range(from, to) },
    width: 720,
    height: 300,
    config: baseConfig(),
    encoding: { x },
    layer: [
      { data: fc, mark: { type: 'area', opacity: 0.9 }, encoding: { y: { field: 'lo95', type: 'quantitative', title: per === 'month' ? t.travellersMonth : t.travellers, axis: { format: ',.0f' } }, y2: { field: 'hi95' }, color: { ...color, datum: t.band95 } } },
      { data: fc, mark: { type: 'area', opacity: 0.9 }, encoding: { y: { field: 'lo80', type: 'quantitative' }, y2: { field: 'hi80' }, color: { ...color, datum: t.band80 } } },
      { data: fc, mark: { type: 'line', strokeWidth: 2 }, encoding: { y: { field: 'mean', type: 'quantitative' }, color: { ...color, datum: t.forecast } } },
      {
        data: { values: actuals.map((r) => ({ ...r })) },
        mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.2 },
        encoding: { y: { field: 'count', type: 'quantitative' }, color: { ...color, datum: t.actual } },
      },
      // A dashed rule marks where history ends and the forecast starts.
      { data: { values: [{ date: from }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' } },
    ],
  };
}

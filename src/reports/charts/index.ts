/** Chart builders by name (for `GET /api/charts/{name}`), their inputs, and the renderers. */
import type { TopLevelSpec } from 'vega-lite';
import { CrossingsError } from '../../messages.js';
import { calendarHeatmap } from './calendar.js';
import { forecastChart } from './forecast.js';
import { historyChart } from './history.js';
import { chartMessages } from '../../messages.js';
import { overviewHeatmap } from './overview.js';
import { portsCompared } from './ports.js';
import { weekdayProfile } from './weekday.js';

export * from './common.js';
export { calendarHeatmap, calendarCells, type CalendarHeatmapInput } from './calendar.js';
export { forecastChart, type ForecastChartInput } from './forecast.js';
export { historyChart, type HistoryChartInput } from './history.js';
export { overviewHeatmap, type OverviewHeatmapInput, type OverviewRow } from './overview.js';
export { portsCompared, meanDailyByPort, type PortsComparedInput, type PortDayRow } from './ports.js';
export { weekdayProfile, type WeekdayProfileInput } from './weekday.js';
export { compileSpec, renderPng, renderSvg, offlineLoader, estimateTextWidth, type PngOptions } from './render.js';
export { resolveFontFiles, fontFamilies, preferredFamily, defaultCjkFonts } from './fonts.js';
export { chartMessages } from '../../messages.js';

/** Every chart by its API name; each builder takes one input object and returns a Vega-Lite spec. */
export const charts = {
  forecast: forecastChart,
  history: historyChart,
  calendar: calendarHeatmap,
  weekday: weekdayProfile,
  ports: portsCompared,
  overview: overviewHeatmap,
} as const satisfies Record<string, (input: never) => TopLevelSpec>;

/** The name of a chart, e.g. `forecast`. */
export type ChartName = keyof typeof charts;

/** The input object a named chart takes, e.g. `ChartInput<'history'>` is `HistoryChartInput`. */
export type ChartInput<N extends ChartName> = Parameters<(typeof charts)[N]>[0];

/** Whether a string names a chart (for validating a route parameter). */
export function isChartName(name: string): name is ChartName {
  return Object.hasOwn(charts, name);
}

/** Builds the named chart; throws a message listing the known charts if the name is unknown. */
export function buildChart<N extends ChartName>(name: N, input: ChartInput<N>): TopLevelSpec {
  if (!isChartName(name)) throw new CrossingsError(chartMessages.unknownChart(name, Object.keys(charts)), 'not_found');
  return (charts[name] as (i: ChartInput<N>) => TopLevelSpec)(input);
}

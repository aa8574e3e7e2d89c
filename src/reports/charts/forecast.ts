/** Forecast chart: the mean line with 80% and 95% bands, drawn over the recent actuals. */
import type { TopLevelSpec } from 'vega-lite';
import { addDays, daysBetween } from '../../isoDays.js';
import { holidayNameIn } from '../holidayNames.js';
import {
  type ActualRow, type Direction, type ForecastRow, type HolidayRow, type Labels, type Lang, type Per, type PortRef,
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
  /** Holidays in the chart's range, drawn as named bands. */
  holidays?: readonly HolidayRow[];
}

/** Consecutive days of one holiday (same name, any region) as one band, end exclusive. */
export function holidayBands(holidays: readonly HolidayRow[], lang: Lang): { start: string; end: string; name: string; region: string }[] {
  const bands: { start: string; end: string; name: string; region: string }[] = [];
  const sorted = [...holidays].sort((a, b) => a.date.localeCompare(b.date) || a.region.localeCompare(b.region));
  for (const h of sorted) {
    const name = holidayNameIn(h.name, lang);
    // One band per name: New Year's Day in Hong Kong and on the mainland is one band (region '*').
    const same = bands.find((b) => b.name === name && b.start <= h.date && h.date <= b.end);
    if (same) {
      if (same.end === h.date) same.end = addDays(h.date, 1);
      if (same.region !== h.region) same.region = '*';
    } else bands.push({ start: h.date, end: addDays(h.date, 1), name, region: h.region });
  }
  return bands;
}

/** Vega-Lite spec of a forecast with its intervals over recent actuals, e.g. for Lo Wu arrivals. */
export function forecastChart({ actuals, forecast, port, direction, lang = 'en', per = 'day', holidays = [] }: ForecastChartInput): TopLevelSpec {
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
      ...holidayLayers(holidayBands(holidays, lang), t),
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

/** Holiday bands behind the lines, each named at the top; the tooltip gives the holiday, its region and dates. */
function holidayLayers(bands: ReturnType<typeof holidayBands>, t: Labels): never[] {
  if (bands.length === 0) return [];
  // Names of bands that start within a few days of each other go on rows below one another, not on top.
  let previous = '';
  let row = 0;
  const values = bands.map((b) => {
    row = previous && daysBetween(previous, b.start) < 6 ? row + 1 : 0;
    previous = b.start;
    return { ...b, regionName: b.region === '*' ? t.allRegions : (t.region[b.region] ?? b.region), last: addDays(b.end, -1), y: 2 + 12 * row };
  });
  const tooltip = [
    { field: 'name', type: 'nominal' as const, title: t.holiday },
    { field: 'regionName', type: 'nominal' as const, title: t.regionTitle },
    { field: 'start', type: 'temporal' as const, title: t.from, format: t.dateFormat, scale: { type: 'utc' as const } },
    { field: 'last', type: 'temporal' as const, title: t.to, format: t.dateFormat },
  ];
  // Typed loosely: vega-lite exports no name for one layer; compileSpec checks the spec in the tests.
  return [
    {
      data: { values },
      mark: { type: 'rect', opacity: 0.6, color: '#f6ecc9' },
      encoding: { x: { field: 'start', type: 'temporal' }, x2: { field: 'end' }, tooltip },
    },
    {
      data: { values },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 2, fontSize: 10, color: '#6b5200', angle: 0, limit: 120 },
      encoding: { x: { field: 'start', type: 'temporal' }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'name' }, tooltip },
    },
  ] as never[];
}

/** Overview heatmap for the dashboard: ports × days of volume (actuals, then forecasts), peak days outlined, named holiday bands on top. */
import type { TopLevelSpec } from 'vega-lite';
import { addDays } from '../../isoDays.js';
import { holidayNameIn } from '../holidayNames.js';
import {
  type Direction, type HolidayRow, type Lang, type Labels, type Per, baseConfig, dateRange, epochDay, fullDate, labels, portLabel,
  requireCounts, requireRows,
} from './common.js';
import { regionLabel } from './calendar.js';

/** One direction of one port's day: the forecast mean with its 80% interval, or the actual count. */
export interface OverviewDirection {
  direction: Direction;
  mean: number;
  lo80?: number | null;
  hi80?: number | null;
}

/** One day (or month) of one port: both directions' sum, whether it is a peak day, and each direction for the tooltip. */
export interface OverviewRow {
  port: string;
  port_zh?: string | null;
  port_zh_hant?: string | null;
  date: string;
  mean: number;
  peak: boolean;
  /** An observed count, not a forecast (a range reaching back before the last actual). */
  actual?: boolean;
  directions?: readonly OverviewDirection[];
}

/** Input of `overviewHeatmap`. */
export interface OverviewHeatmapInput {
  rows: readonly OverviewRow[];
  holidays?: readonly HolidayRow[];
  lang?: Lang;
  /** Monthly series (US BTS ports): one column per month. */
  per?: Per;
}

/** Rows of holiday names above the ports: more would push the ports down for names a tooltip gives anyway. */
const LABEL_ROWS = 3;
/** Fills of holiday bands by region, as on the port view's range chart: light enough for black names on them. */
const BAND_FILLS: Record<string, string> = { HK: '#f6dcb0', CN: '#f4c7c3', '*': '#e6d3a3', event: '#cfe6c6' };
/** Pixels per day column (the spec's width is one step per day). */
const DAY_PX = 13;

/**
 * Consecutive days of one holiday as one band (end inclusive), in the chart's language, merged over regions; a projected
 * holiday's name says so.
 */
export function overviewBands(holidays: readonly HolidayRow[], lang: Lang): { start: string; end: string; name: string; region: string }[] {
  const t = labels[lang];
  const bands: { start: string; end: string; name: string; region: string }[] = [];
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date) || a.region.localeCompare(b.region))) {
    const name = `${holidayNameIn(h.name, lang)}${h.projected ? t.projectedDates : ''}`;
    const same = bands.find((b) => b.name === name && b.start <= h.date && h.date <= addDays(b.end, 1));
    if (same) {
      if (h.date > same.end) same.end = h.date;
      if (same.region !== h.region) same.region = '*';
    } else bands.push({ start: h.date, end: h.date, name, region: h.region });
  }
  return bands;
}

/** Puts each band's name on the first label row free from its start (names run on past short bands); null past LABEL_ROWS. */
function labelRows(bands: readonly { start: string; name: string }[], lang: Lang): (number | null)[] {
  const ends: number[] = [];
  const charPx = lang === 'en' ? 6 : 11;
  return bands.map((b) => {
    const start = epochDay(b.start);
    let row = ends.findIndex((end) => end < start);
    if (row < 0) row = ends.length;
    if (row >= LABEL_ROWS) return null;
    ends[row] = start + Math.ceil((b.name.length * charPx + 6) / DAY_PX);
    return row;
  });
}

/** "45,012 (80%: 41,300 – 48,900)", or the count alone for an actual. */
function directionText(d: OverviewDirection | undefined, t: Labels): string | undefined {
  if (!d) return undefined;
  const n = (x: number) => Math.round(Math.max(0, x)).toLocaleString('en');
  return typeof d.lo80 === 'number' && typeof d.hi80 === 'number' ? `${n(d.mean)} (${t.interval80}: ${n(d.lo80)} – ${n(d.hi80)})` : n(d.mean);
}

/** Vega-Lite spec of a port × day heatmap of forecast means (actuals where the range reaches back); the busiest port is on top. */
export function overviewHeatmap({ rows, holidays = [], lang = 'en', per = 'day' }: OverviewHeatmapInput): TopLevelSpec {
  requireRows('overview', rows);
  requireCounts('overview', rows, ['mean']);
  const t = labels[lang];
  const monthly = per === 'month';
  const [from, to] = dateRange(rows);
  const bands = overviewBands(holidays.filter((h) => h.date >= from && h.date <= to), lang);
  const namesOn = new Map<string, string[]>();
  for (const b of bands) for (let d = b.start; d <= b.end; d = addDays(d, 1)) namesOn.set(d, [...(namesOn.get(d) ?? []), `${b.name} (${regionLabel(b.region, t)})`]);
  const totals = new Map<string, number>();
  const values = rows.map((r) => {
    epochDay(r.date);
    const label = portLabel({ name: r.port, name_zh: r.port_zh ?? null, name_zh_hant: r.port_zh_hant ?? null }, lang);
    totals.set(label, (totals.get(label) ?? 0) + r.mean);
    const dir = (d: Direction) => directionText(r.directions?.find((x) => x.direction === d), t);
    return {
      label, date: r.date, mean: r.mean, peak: r.peak,
      day: monthly ? fullDate(r.date, lang, 'month') : fullDate(r.date, lang),
      kind: r.actual ? t.actual : t.forecast,
      arrival: dir('arrival'), departure: dir('departure'),
      holiday: namesOn.get(r.date)?.join('; '),
    };
  });
  const order = [...totals].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  const rowsOf = labelRows(bands, lang);
  // The label rows are categories of the same y scale, so the bands line up with the days below; only the first is titled.
  const usedRows = bands.length === 0 ? 0 : Math.max(1, ...rowsOf.map((r) => (r ?? 0) + 1));
  const holidayRows = Array.from({ length: usedRows }, (_, i) => (i === 0 ? t.holidays : '\u200b'.repeat(i)));
  const y = { type: 'nominal' as const, title: null, scale: { domain: [...holidayRows, ...order] }, axis: { labelLimit: 240, domain: false, ticks: false } };
  const timeUnit = monthly ? ('utcyearmonth' as const) : ('utcyearmonthdate' as const);
  // Months are columns of a band scale, each named once under its middle; days are a time scale, a column per day.
  const x = monthly
    ? { field: 'date', type: 'ordinal' as const, timeUnit, title: null, axis: { format: t.monthAxisFormat, labelAngle: -45, labelOverlap: true, grid: false } }
    : { field: 'date', type: 'temporal' as const, timeUnit, title: null, axis: { format: t.dayFormat, labelAngle: -45, labelOverlap: true, grid: false } };
  const columns = monthly ? new Set(rows.map((r) => r.date.slice(0, 7))).size : epochDay(to) - epochDay(from) + 1;
  const anyActual = rows.some((r) => r.actual);
  const anyForecast = rows.some((r) => !r.actual);
  const colourTitle = anyActual ? (monthly ? t.travellersMonth : t.travellers) : t.expected;
  const bandValues = bands.map((b, i) => ({
    // A day's cell spans its midnight to the next (UTC): a band runs from its first day's to the day after its last.
    start: b.start, end: addDays(b.end, 1), name: b.name, region: regionLabel(b.region, t), row: holidayRows[rowsOf[i] ?? 0],
    label: rowsOf[i] === null ? '' : b.name,
    dates: b.start === b.end ? fullDate(b.start, lang) : `${fullDate(b.start, lang)} – ${fullDate(b.end, lang)}`,
  }));
  const regions = [...new Set(bands.map((b) => b.region))];
  const regionDomain = regions.map((r) => regionLabel(r, t));
  const directionTips = [
    { field: 'arrival', type: 'nominal' as const, title: t.direction.arrival },
    ...(rows.some((r) => r.directions?.some((d) => d.direction === 'departure')) ? [{ field: 'departure', type: 'nominal' as const, title: t.direction.departure }] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: monthly
        ? anyActual ? (anyForecast ? t.overviewTitleMonthlyMixed : t.overviewTitleMonthlyActual) : t.overviewTitleMonthly
        : anyActual ? (anyForecast ? t.overviewTitleMixed : t.overviewTitleActual) : t.overviewTitle,
      subtitle: monthly ? t.range(fullDate(from, lang, 'month'), fullDate(to, lang, 'month')) : t.range(fullDate(from, lang), fullDate(to, lang)),
    },
    // Continuous x ignores a width step, so the width is one step per day (or month).
    width: (monthly ? 44 : DAY_PX) * columns,
    height: { step: 22 },
    config: baseConfig(),
    // The cells once, at the top: the heatmap and its peak outlines both draw them (the spec is the first view's largest answer).
    data: { values },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x,
          y: { ...y, field: 'label' },
          color: { field: 'mean', type: 'quantitative', title: colourTitle, scale: { scheme: 'blues', type: 'sqrt', domainMin: 0 }, legend: { format: ',.0f', gradientLength: 160, values: legendValues(values.map((v) => v.mean)) } },
          tooltip: [
            { field: 'label', type: 'nominal', title: t.port },
            { field: 'day', type: 'nominal', title: monthly ? t.month : t.date },
            { field: 'kind', type: 'nominal', title: t.shown },
            ...directionTips,
            { field: 'mean', type: 'quantitative', title: directionTips.length > 1 ? t.bothDirections : t.total, format: ',.0f' },
            ...(bands.length ? [{ field: 'holiday', type: 'nominal' as const, title: t.holiday }] : []),
          ],
        },
      },
      {
        transform: [{ filter: 'datum.peak' }],
        mark: { type: 'rect', filled: false, strokeWidth: 1.5, strokeJoin: 'miter' },
        encoding: { x, y: { ...y, field: 'label' }, stroke: { datum: t.peak, type: 'nominal', title: null, scale: { range: ['#d62728'] }, legend: { symbolType: 'square' } } },
      },
      // Where counts end and the forecast begins, when the range holds both.
      ...(anyActual && anyForecast && !monthly
        ? [{ data: { values: [{ date: rows.filter((r) => !r.actual).reduce((a, r) => (r.date < a ? r.date : a), to) }] }, mark: { type: 'rule' as const, color: '#333333', strokeWidth: 2, strokeDash: [4, 3] }, encoding: { x: { field: 'date', type: 'temporal' as const } } }]
        : []),
      ...(bands.length === 0
        ? []
        : [
            {
              data: { values: bandValues },
              mark: { type: 'rect' as const, opacity: 0.8, height: 16 },
              encoding: {
                x: { field: 'start', type: 'temporal' as const, title: null },
                x2: { field: 'end' },
                y: { ...y, field: 'row' },
                fill: {
                  field: 'region', type: 'nominal' as const, title: t.holidays,
                  scale: { domain: regionDomain, range: regions.map((r) => BAND_FILLS[r] ?? '#dddddd') },
                },
                tooltip: [
                  { field: 'name', type: 'nominal' as const, title: t.holiday },
                  { field: 'region', type: 'nominal' as const, title: t.regionTitle },
                  { field: 'dates', type: 'nominal' as const, title: t.dates },
                ],
              },
            },
            {
              data: { values: bandValues.filter((b) => b.label) },
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 2, fontSize: 10, color: '#3d2a00' },
              encoding: { x: { field: 'start', type: 'temporal' as const, title: null }, y: { ...y, field: 'row' }, text: { field: 'label' } },
            },
          ]),
    ],
  };
}

/** Three round values for the colour legend (0, about half, about the top): a short heatmap's gradient leaves room for few labels. */
function legendValues(means: readonly number[]): number[] {
  const max = Math.max(0, ...means);
  if (max === 0) return [0];
  const round = (x: number) => {
    const unit = 10 ** Math.floor(Math.log10(x));
    return Math.floor(x / unit) * unit;
  };
  return [...new Set([0, round(max / 2), round(max)])];
}

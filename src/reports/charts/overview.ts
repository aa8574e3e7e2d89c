/** Overview heatmap for the dashboard: ports × days of expected volume, peak days outlined, holidays on top. */
import type { TopLevelSpec } from 'vega-lite';
import { type HolidayRow, type Lang, type Per, baseConfig, dateRange, epochDay, labels, portLabel, requireCounts, requireRows } from './common.js';
import { holidaysByDate, regionLabel } from './calendar.js';

/** One forecast day of one port, with whether it is a peak day. */
export interface OverviewRow {
  port: string;
  port_zh?: string | null;
  date: string;
  mean: number;
  peak: boolean;
}

/** Input of `overviewHeatmap`. */
export interface OverviewHeatmapInput {
  rows: readonly OverviewRow[];
  holidays?: readonly HolidayRow[];
  lang?: Lang;
  /** Monthly series (US BTS ports): one column per month. */
  per?: Per;
}

const shapes: Record<string, string> = { HK: 'triangle-down', CN: 'diamond', MO: 'square', '*': 'circle' };

/** Vega-Lite spec of a port × day heatmap of forecast means; the busiest port is on top. */
export function overviewHeatmap({ rows, holidays = [], lang = 'en', per = 'day' }: OverviewHeatmapInput): TopLevelSpec {
  requireRows('overview', rows);
  requireCounts('overview', rows, ['mean']);
  const t = labels[lang];
  const [from, to] = dateRange(rows);
  const totals = new Map<string, number>();
  const values = rows.map((r) => {
    epochDay(r.date);
    const label = portLabel({ name: r.port, name_zh: r.port_zh }, lang);
    totals.set(label, (totals.get(label) ?? 0) + r.mean);
    return { label, date: r.date, mean: r.mean, peak: r.peak };
  });
  const order = [...totals].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  // Holidays get their own top row of the same y scale, so they line up with the days below.
  const byDate = holidaysByDate(holidays.filter((h) => h.date >= from && h.date <= to), t.projectedDates);
  const marks = [...byDate].map(([date, h]) => ({ date, name: h.name, region: regionLabel(h.region, t), code: h.region }));
  const codes = Object.keys(shapes).filter((c) => marks.some((m) => m.code === c));
  const others = [...new Set(marks.filter((m) => !(m.code in shapes)).map((m) => m.region))];
  const y = { type: 'nominal' as const, title: null, scale: { domain: marks.length > 0 ? [t.holidays, ...order] : order }, axis: { labelLimit: 240, domain: false, ticks: false } };
  const monthly = per === 'month';
  const timeUnit = monthly ? ('utcyearmonth' as const) : ('utcyearmonthdate' as const);
  const x = { field: 'date', type: 'temporal' as const, timeUnit, title: null, axis: { format: monthly ? t.monthAxisFormat : t.dayFormat, labelAngle: -45, labelOverlap: true, grid: false } };
  const columns = monthly ? new Set(rows.map((r) => r.date.slice(0, 7))).size : epochDay(to) - epochDay(from) + 1;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: monthly ? t.overviewTitleMonthly : t.overviewTitle, subtitle: t.range(from, to) },
    // Continuous x ignores a width step, so the width is one step per day (or month).
    width: (monthly ? 44 : 13) * columns,
    height: { step: 22 },
    config: baseConfig(),
    layer: [
      {
        data: { values },
        mark: { type: 'rect' },
        encoding: {
          x,
          y: { ...y, field: 'label' },
          color: { field: 'mean', type: 'quantitative', title: t.expected, scale: { scheme: 'blues', type: 'sqrt', domainMin: 0 }, legend: { format: ',.0f', gradientLength: 160 } },
          tooltip: [
            { field: 'label', type: 'nominal', title: t.port },
            { field: 'date', type: 'temporal', timeUnit, title: monthly ? t.month : t.date, format: monthly ? t.monthAxisFormat : t.dateFormat },
            { field: 'mean', type: 'quantitative', title: t.expected, format: ',.0f' },
          ],
        },
      },
      {
        data: { values },
        transform: [{ filter: 'datum.peak' }],
        mark: { type: 'rect', filled: false, strokeWidth: 1.5, strokeJoin: 'miter' },
        encoding: { x, y: { ...y, field: 'label' }, stroke: { datum: t.peak, type: 'nominal', title: null, scale: { range: ['#d62728'] }, legend: { symbolType: 'square' } } },
      },
      ...(marks.length === 0
        ? []
        : [{
            data: { values: marks },
            mark: { type: 'point' as const, filled: true, size: 60, color: '#6a3d9a' },
            encoding: {
              x,
              y: { ...y, datum: t.holidays },
              shape: { field: 'region', type: 'nominal' as const, title: t.holidays, scale: { domain: [...codes.map((c) => regionLabel(c, t)), ...others], range: [...codes.map((c) => shapes[c] ?? 'circle'), ...others.map(() => 'circle')] } },
              tooltip: [{ field: 'name', type: 'nominal' as const, title: t.holiday }, { field: 'date', type: 'nominal' as const, title: t.date }],
            },
          }]),
    ],
  };
}

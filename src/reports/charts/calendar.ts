/** Calendar heatmap: daily volume laid out as months of weeks × weekdays, holidays outlined. */
import type { TopLevelSpec } from 'vega-lite';
import {
  type ActualRow, type Direction, type HolidayRow, type Lang, type Labels, type PortRef, isChinese,
  baseConfig, epochDay, labels, portLabel, regionColors, requireCounts, requireRows, weekdayIndex,
} from './common.js';

/** Input of `calendarHeatmap`. */
export interface CalendarHeatmapInput {
  rows: readonly ActualRow[];
  holidays?: readonly HolidayRow[];
  port: PortRef;
  direction?: Direction;
  lang?: Lang;
  /** Print the day of month in each cell; default only up to 3 months, as every number costs PNG render time. */
  dayNumbers?: boolean;
}

/** One calendar cell: where it sits (month, week row, weekday column) and what it marks. */
export interface CalendarCell {
  date: string;
  count: number;
  month: string;
  week: number;
  weekday: string;
  day: number;
  holiday: string;
  region: string;
}

/**
 * The holidays of each date, names joined, region `*` where several regions share the date; a projected holiday's
 * name says so (`projected`: the label's suffix in the chart's language).
 */
export function holidaysByDate(holidays: readonly HolidayRow[], projected = ''): Map<string, { name: string; region: string }> {
  const out = new Map<string, { name: string; region: string }>();
  for (const h of holidays) {
    const name = h.projected ? `${h.name}${projected}` : h.name;
    const cur = out.get(h.date);
    if (!cur) out.set(h.date, { name, region: h.region });
    else if (!cur.name.split(' / ').includes(name)) out.set(h.date, { name: `${cur.name} / ${name}`, region: cur.region === h.region ? h.region : '*' });
    else if (cur.region !== h.region) cur.region = '*';
  }
  return out;
}

/** Legend label of a holiday region code. */
export function regionLabel(region: string, t: Labels): string {
  return region === '*' ? t.allRegions : (t.region[region] ?? region);
}

/** Places each day in its month grid: the week row counts from the week holding the 1st, Monday first. */
export function calendarCells(rows: readonly ActualRow[], holidays: readonly HolidayRow[], lang: Lang): CalendarCell[] {
  const t = labels[lang];
  const byDate = holidaysByDate(holidays, t.projectedDates);
  return rows.map((r) => {
    epochDay(r.date);
    const day = Number(r.date.slice(8, 10));
    const first = weekdayIndex(`${r.date.slice(0, 8)}01`);
    const h = byDate.get(r.date);
    return {
      date: r.date,
      count: r.count,
      month: monthLabel(r.date, lang),
      week: Math.floor((day - 1 + first) / 7),
      weekday: t.weekdays[weekdayIndex(r.date)] ?? '',
      day,
      holiday: h?.name ?? '',
      region: h ? regionLabel(h.region, t) : '',
    };
  });
}

const monthsEn = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Facet header of a month, e.g. `December 2025` or `2025年12月`. */
export function monthLabel(date: string, lang: Lang): string {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  return isChinese(lang) ? `${y}年${m}月` : `${monthsEn[m - 1]} ${y}`;
}

/** Vega-Lite spec of a calendar heatmap, one small grid per month, holiday days outlined by region. */
export function calendarHeatmap({ rows, holidays = [], port, direction, lang = 'en', dayNumbers }: CalendarHeatmapInput): TopLevelSpec {
  requireRows('calendar', rows);
  requireCounts('calendar', rows, ['count']);
  const t = labels[lang];
  const cells = [...calendarCells(rows, holidays, lang)].sort((a, b) => (a.date < b.date ? -1 : 1));
  const months = [...new Set(cells.map((c) => c.month))];
  const max = Math.max(...cells.map((c) => c.count));
  // Typhoon days near zero would wash the rest out, so the colour scale starts at the 2nd percentile.
  const sorted = cells.map((c) => c.count).sort((a, b) => a - b);
  const low = sorted[Math.floor(sorted.length * 0.02)] ?? 0;
  const min = low;
  const regions = [...new Set(cells.map((c) => c.region).filter((r) => r !== ''))];
  const regionCodes = Object.keys(regionColors);
  const regionDomain = regionCodes.map((c) => regionLabel(c, t)).filter((l) => regions.includes(l));
  const extra = regions.filter((r) => !regionDomain.includes(r));
  const who = direction === undefined ? portLabel(port, lang) : `${portLabel(port, lang)}${isChinese(lang) ? '' : ' '}${isChinese(lang) ? t.direction[direction] : t.direction[direction].toLowerCase()}`;
  const cell = { x: { field: 'weekday', type: 'nominal' as const, sort: [...t.weekdays], title: null, axis: { orient: 'bottom' as const, labelAngle: 0, domain: false, ticks: false, labelFontSize: 9, labelPadding: 2 } }, y: { field: 'week', type: 'ordinal' as const, title: null, axis: null } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t.calendarTitle(who), subtitle: t.range(cells[0]?.date ?? '', cells[cells.length - 1]?.date ?? '') },
    config: { ...baseConfig(), view: { stroke: null, step: 22 } },
    data: { values: cells },
    facet: { field: 'month', type: 'ordinal', sort: months, title: null, header: { labelFontSize: 12, labelFontWeight: 'bold', labelAnchor: 'start', labelPadding: 4 } },
    columns: Math.min(4, months.length),
    spacing: { row: 14, column: 16 },
    spec: {
      encoding: cell,
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: {
            color: { field: 'count', type: 'quantitative', title: t.travellers, scale: { scheme: 'blues', domain: [low, max], clamp: true }, legend: { format: ',.0f', gradientLength: 160 } },
            tooltip: [
              { field: 'date', type: 'nominal', title: t.date },
              { field: 'count', type: 'quantitative', title: t.travellers, format: ',.0f' },
              { field: 'holiday', type: 'nominal', title: t.holiday },
            ],
          },
        },
        {
          transform: [{ filter: "datum.holiday !== ''" }],
          mark: { type: 'rect', filled: false, strokeWidth: 2, strokeJoin: 'miter' },
          encoding: {
            stroke: {
              field: 'region',
              type: 'nominal',
              title: t.holidays,
              scale: { domain: [...regionDomain, ...extra], range: [...regionCodes.filter((c) => regions.includes(regionLabel(c, t))).map((c) => regionColors[c] ?? '#000'), ...extra.map(() => '#000')] },
              legend: { symbolType: 'square', symbolStrokeWidth: 2 },
            },
          },
        },
        // Day numbers help a planner find a date; dark cells get white digits so they stay readable.
        ...(!(dayNumbers ?? months.length <= 3) ? [] : [{
          mark: { type: 'text' as const, fontSize: 8, baseline: 'middle' as const },
          encoding: {
            text: { field: 'day', type: 'quantitative' as const },
            color: { condition: { test: `datum.count > ${Math.round(min + (max - min) * 0.6)}`, value: 'white' }, value: '#333' },
          },
        }]),
      ],
    },
    // Each month gets its own weekday labels, so a reader need not look down to the last row.
    resolve: { scale: { color: 'shared' }, axis: { x: 'independent' } },
  };
}

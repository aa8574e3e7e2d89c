/** Weekday profile: mean travellers per day of week (month of year for monthly series), one bar per direction. */
import type { TopLevelSpec } from 'vega-lite';
import {
  type DirectionRow, type Lang, type Per, type PortRef,
  baseConfig, dateRange, directionColors, labels, portLabel, requireCounts, requireRows, weekdayIndex,
} from './common.js';

/** Input of `weekdayProfile`. */
export interface WeekdayProfileInput {
  rows: readonly DirectionRow[];
  port?: PortRef;
  lang?: Lang;
  /** Monthly series get a month-of-year profile instead (a weekday of first-of-month dates means nothing). */
  per?: Per;
}

/** Vega-Lite spec of mean travellers by weekday (Monday first) and direction. */
export function weekdayProfile({ rows, port, lang = 'en', per = 'day' }: WeekdayProfileInput): TopLevelSpec {
  requireRows('weekday', rows);
  requireCounts('weekday', rows, ['count']);
  const t = labels[lang];
  const [from, to] = dateRange(rows);
  // Weekday is computed here in UTC from the date string, so the server's time zone cannot shift it.
  const monthly = per === 'month';
  const buckets: readonly string[] = monthly ? t.months : t.weekdays;
  const bucketOf = (date: string) => (monthly ? t.months[Number(date.slice(5, 7)) - 1]! : t.weekdays[weekdayIndex(date)]!);
  const values = rows.map((r) => ({ weekday: bucketOf(r.date), dir: t.direction[r.direction], count: r.count }));
  const title = monthly ? t.monthTitle : t.weekdayTitle;
  const bucketTitle = monthly ? t.month : t.weekday;
  const meanTitle = monthly ? t.meanTravellersMonth : t.meanTravellers;
  // Only the directions the port counts: a US port counts arrivals alone, and a legend must not name what is not drawn.
  const present = (['arrival', 'departure'] as const).filter((d) => rows.some((r) => r.direction === d));
  const domain = present.map((d) => t.direction[d]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: port === undefined ? title('').trim() : title(portLabel(port, lang)), subtitle: t.range(from, to) },
    width: 560,
    height: 280,
    config: baseConfig(),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'weekday', type: 'nominal', sort: [...buckets], title: bucketTitle, axis: { labelAngle: 0 } },
      xOffset: { field: 'dir', sort: domain },
      y: { aggregate: 'mean', field: 'count', type: 'quantitative', title: meanTitle, axis: { format: ',.0f' } },
      color: { field: 'dir', type: 'nominal', title: t.directionTitle, scale: { domain, range: present.map((d) => directionColors[d]) } },
      tooltip: [
        { field: 'weekday', type: 'nominal', title: bucketTitle },
        { field: 'dir', type: 'nominal', title: t.directionTitle },
        { aggregate: 'mean', field: 'count', type: 'quantitative', title: meanTitle, format: ',.0f' },
      ],
    },
  };
}

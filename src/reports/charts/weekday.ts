/** Weekday profile: mean travellers per day of week, one bar per direction. */
import type { TopLevelSpec } from 'vega-lite';
import {
  type DirectionRow, type Lang, type PortRef,
  baseConfig, dateRange, directionColors, labels, portLabel, requireCounts, requireRows, weekdayIndex,
} from './common.js';

/** Input of `weekdayProfile`. */
export interface WeekdayProfileInput {
  rows: readonly DirectionRow[];
  port?: PortRef;
  lang?: Lang;
}

/** Vega-Lite spec of mean travellers by weekday (Monday first) and direction. */
export function weekdayProfile({ rows, port, lang = 'en' }: WeekdayProfileInput): TopLevelSpec {
  requireRows('weekday', rows);
  requireCounts('weekday', rows, ['count']);
  const t = labels[lang];
  const [from, to] = dateRange(rows);
  // Weekday is computed here in UTC from the date string, so the server's time zone cannot shift it.
  const values = rows.map((r) => ({ weekday: t.weekdays[weekdayIndex(r.date)], dir: t.direction[r.direction], count: r.count }));
  const domain = [t.direction.arrival, t.direction.departure];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: port === undefined ? t.weekdayTitle('').trim() : t.weekdayTitle(portLabel(port, lang)), subtitle: t.range(from, to) },
    width: 560,
    height: 280,
    config: baseConfig(),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'weekday', type: 'nominal', sort: [...t.weekdays], title: t.weekday, axis: { labelAngle: 0 } },
      xOffset: { field: 'dir', sort: domain },
      y: { aggregate: 'mean', field: 'count', type: 'quantitative', title: t.meanTravellers, axis: { format: ',.0f' } },
      color: { field: 'dir', type: 'nominal', title: t.directionTitle, scale: { domain, range: [directionColors.arrival, directionColors.departure] } },
      tooltip: [
        { field: 'weekday', type: 'nominal', title: t.weekday },
        { field: 'dir', type: 'nominal', title: t.directionTitle },
        { aggregate: 'mean', field: 'count', type: 'quantitative', title: t.meanTravellers, format: ',.0f' },
      ],
    },
  };
}

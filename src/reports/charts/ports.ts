/** Ports compared: mean daily travellers per control point, largest first. */
import type { TopLevelSpec } from 'vega-lite';
import { type Lang, baseConfig, dateRange, epochDay, labels, portLabel, requireCounts, requireRows } from './common.js';

/** One day of one port; rows of both directions of a day add up. */
export interface PortDayRow {
  port: string;
  port_zh?: string | null;
  date: string;
  count: number;
}

/** Input of `portsCompared`. */
export interface PortsComparedInput {
  rows: readonly PortDayRow[];
  lang?: Lang;
}

/** Mean per day of each port over the days the rows cover (a port with no row on a day counts 0 that day). */
export function meanDailyByPort(rows: readonly PortDayRow[], lang: Lang): { port: string; label: string; mean: number }[] {
  const days = new Set(rows.map((r) => r.date)).size;
  const totals = new Map<string, { label: string; sum: number }>();
  for (const r of rows) {
    const cur = totals.get(r.port) ?? { label: portLabel({ name: r.port, name_zh: r.port_zh }, lang), sum: 0 };
    cur.sum += r.count;
    totals.set(r.port, cur);
  }
  return [...totals].map(([port, { label, sum }]) => ({ port, label, mean: sum / days })).sort((a, b) => b.mean - a.mean);
}

/** Vega-Lite spec of horizontal bars, one per port, of mean daily travellers with the value printed. */
export function portsCompared({ rows, lang = 'en' }: PortsComparedInput): TopLevelSpec {
  requireRows('ports', rows);
  requireCounts('ports', rows, ['count']);
  for (const r of rows) epochDay(r.date);
  const t = labels[lang];
  const [from, to] = dateRange(rows);
  const values = meanDailyByPort(rows, lang);
  const y = { field: 'label', type: 'nominal' as const, sort: values.map((v) => v.label), title: null, axis: { labelLimit: 240 } };
  // Room right of the longest bar for its printed value.
  const x = { field: 'mean', type: 'quantitative' as const, title: t.meanTravellers, axis: { format: ',.0f' }, scale: { domainMax: (values[0]?.mean ?? 0) * 1.12 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t.portsTitle, subtitle: t.range(from, to) },
    width: 560,
    height: { step: 24 },
    config: baseConfig(),
    data: { values },
    encoding: { y, x },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' }, encoding: { text: { field: 'mean', type: 'quantitative', format: ',.0f' } } },
    ],
  };
}

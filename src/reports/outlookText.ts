/** The outlook as a text table for the terminal, in one of its three languages (it only renders the computed figures). */
import { textTable } from './text.js';
import type { Estimate, Lang, Outlook } from './outlook.js';
import type { StoredOutlook } from './outlookStore.js';

const LOCALES: Record<Lang, string> = { en: 'en-GB', 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-HK' };

const num = (v: number, lang: Lang) => Math.round(v).toLocaleString(LOCALES[lang]);
const range = (lo: number, hi: number, lang: Lang) => `${num(lo, lang)} – ${num(hi, lang)}`;

/** A day with its weekday: "Sat 14 Feb 2026", "2026年2月14日周六". */
export function dayLabel(iso: string, lang: Lang): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(LOCALES[lang], { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** The outlook's heading: the holiday and its blocks, or the dates. */
export function outlookHeading(o: Outlook, lang: Lang): string {
  const l = o.labels[lang];
  const period = `${dayLabel(o.from, lang)} – ${dayLabel(o.to, lang)}${l.comma}${o.days} ${l.days}`;
  if (!o.holiday) return `${l.titlePeriod}${l.colon}${period}`;
  const blocks = o.holiday.blocks.map((b) => `${b.region} ${b.start}${b.end !== b.start ? ` – ${b.end}` : ''}`).join('; ');
  return `${l.title}${l.colon}${o.holiday.names[lang]} ${o.holiday.year} (${blocks})${l.colon}${period}`;
}

/** The outlook as text: totals by type and direction, peak days, the busiest control points. */
export function formatOutlook(o: Outlook, lang: Lang = 'en'): string {
  const l = o.labels[lang];
  const row = (label: string, e: Estimate, extra = ''): string[] => [label, extra, num(e.mean, lang), range(e.lo80, e.hi80, lang), range(e.lo95, e.hi95, lang)];
  const header = ['', '', l.expected, l.interval80, l.interval95];
  const right = new Set([2, 3, 4]);
  const totals = textTable(header, [
    row(`${l.total}${l.comma}${l.bothDirections}`, o.total),
    ...o.by_mode.map((m) => row(`  ${m.names[lang]}`, m)),
    ...o.by_direction.map((d) => row(d.names[lang], d)),
  ], right);
  const peaks = textTable([l.peakDay, l.date, l.expected, l.interval80, l.interval95], o.peak_days.map((p) => row(p.names[lang], p, dayLabel(p.date, lang))), right);
  const busiest = textTable([l.controlPoint, l.type, l.expected, l.interval80, l.interval95], o.busiest.map((b) => row(b.names[lang], b, l[b.mode])), right);
  const c = o.correlation;
  return [
    outlookHeading(o, lang),
    ...(o.coverage.note ? [o.coverage.note] : []),
    '',
    totals,
    '',
    peaks,
    '',
    l.busiest,
    busiest,
    '',
    `${l.intervalNote}${l.colon}${l.betweenPorts} ${c.series.toFixed(2)}${l.comma}${l.betweenDays} ${c.days.toFixed(2)} (${c.source}; ${l.forecastRun} ${o.run_id}).`,
  ].join('\n');
}

/** Stored outlooks as a table, with their score where the actuals are in. */
export function formatOutlookList(list: readonly StoredOutlook[]): string {
  if (list.length === 0) return 'No stored outlooks yet: crossings outlook --from D --to D (or --holiday NAME --year Y) stores one.';
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  return textTable(
    ['id', 'made', 'run', 'from', 'to', 'holiday', 'total', '80% interval', 'actual', 'error', 'in 80% / 95%'],
    list.map((s) => [
      String(s.outlook_id), s.created_at, String(s.run_id), s.from, s.to, s.holiday ? `${s.holiday} ${s.year}` : '', num(s.total.mean, 'en'), range(s.total.lo80, s.total.hi80, 'en'),
      s.score ? num(s.score.actual, 'en') : 'not yet', s.score ? pct(s.score.error) : '', s.score ? `${s.score.in80 ? 'yes' : 'no'} / ${s.score.in95 ? 'yes' : 'no'}` : '',
    ]),
    new Set([0, 2, 6, 8, 9]),
  );
}

/** The holiday outlook card of the overview: the figures of GET /api/outlook, labelled in the page's language by the API's own labels. */
import { getJson } from '../api.js';
import { h, loading, showError, table } from '../dom.js';
import { currentLang, fullDay, num, t } from '../i18n.js';

/** "1,234 – 5,678": an interval. */
const interval = (lo, hi) => `${num(lo)} – ${num(hi)}`;

/** One figure as a card: label, expected value, its 80% and 95% intervals. */
function figureCard(label, e, l, cls = '') {
  return h('div', { class: `card ${cls}` },
    h('span', { class: 'card-label' }, label),
    h('strong', {}, num(e.mean)),
    h('span', { class: 'card-label' }, `${l.interval80} ${interval(e.lo80, e.hi80)}`),
    h('span', { class: 'card-label' }, `${l.interval95} ${interval(e.lo95, e.hi95)}`));
}

/** The card's heading: the holiday and its dates, or the dates. */
function heading(o, l, lang) {
  const period = `${fullDay(o.from)} – ${fullDay(o.to)}${l.comma}${o.days} ${l.days}`;
  return o.holiday ? `${l.title}${l.colon}${o.holiday.names[lang]} ${o.holiday.year}${l.colon}${period}` : `${l.titlePeriod}${l.colon}${period}`;
}

/** Renders the outlook of `query` ({ from, to } or { holiday, year }) into `el`, with a form to ask for a holiday. */
export async function renderOutlookCard(el, range, query = range) {
  loading(el);
  try {
    const o = await getJson('/api/outlook', query);
    const lang = currentLang();
    const l = o.labels[lang] ?? o.labels.en;
    const holiday = h('input', { id: 'outlook-holiday', type: 'text', value: query.holiday ?? '', placeholder: 'Lunar New Year / 農曆新年', size: 18 });
    const year = h('input', { id: 'outlook-year', type: 'number', value: query.year ?? range.from.slice(0, 4), min: 1990, max: 2100, style: 'width:6em' });
    const form = h('form', { class: 'filters', onsubmit: (e) => {
      e.preventDefault();
      renderOutlookCard(el, range, holiday.value.trim() ? { holiday: holiday.value.trim(), year: year.value } : range);
    } },
    h('div', { class: 'field' }, h('label', { for: 'outlook-holiday' }, t('outlookHoliday')), holiday),
    h('div', { class: 'field' }, h('label', { for: 'outlook-year' }, t('outlookYear')), year),
    h('button', { type: 'submit' }, t('outlookShow')),
    query.holiday ? h('button', { type: 'button', onclick: () => renderOutlookCard(el, range, range) }, t('outlookWeeks')) : null);
    el.removeAttribute('aria-busy');
    el.replaceChildren(...[
      h('h3', {}, heading(o, l, lang)),
      form,
      o.coverage.note ? h('p', { class: 'muted' }, o.coverage.note) : null,
      h('div', { class: 'cards' },
        figureCard(`${l.total}${l.comma}${l.bothDirections}`, o.total, l, 'peak'),
        ...o.by_mode.map((m) => figureCard(m.names[lang], m, l)),
        ...o.by_direction.map((d) => figureCard(d.names[lang], d, l, d.direction))),
      table(l.peakDay, [l.direction, l.date, { text: l.expected, n: true }, { text: l.interval80, n: true }, { text: l.interval95, n: true }],
        o.peak_days.map((p) => [p.names[lang], fullDay(p.date), num(p.mean), interval(p.lo80, p.hi80), interval(p.lo95, p.hi95)])),
      table(l.busiest, [l.controlPoint, l.type, { text: l.expected, n: true }, { text: l.interval80, n: true }, { text: l.interval95, n: true }],
        o.busiest.map((b) => [b.names[lang], l[b.mode], num(b.mean), interval(b.lo80, b.hi80), interval(b.lo95, b.hi95)])),
      h('p', { class: 'muted' }, `${l.intervalNote}${l.colon}${l.betweenPorts} ${o.correlation.series.toFixed(2)}${l.comma}${l.betweenDays} ${o.correlation.days.toFixed(2)}.`),
    ].filter(Boolean));
  } catch (err) {
    showError(el, err, () => renderOutlookCard(el, range, query));
  }
}

/** Overview: every control point of a region over a range (the next 8 weeks by default) — heatmap, totals per direction, peak periods. */
import { getJson } from '../api.js';
import { showChart } from '../charts.js';
import { dataStamp, h, loading, select, showError, table } from '../dom.js';
import { day, fullDay, holidayLabel, month, name, num, pct, portName, regionName, severityPct, t } from '../i18n.js';
import { addressOf, dailyPorts, portById, state } from '../state.js';
import { renderOutlookCard } from './outlook.js';
import { presets, rangePicker } from './range.js';

/** The countries with data, daily ones first (Hong Kong), each with whether it is counted by month. */
function regions() {
  const byCountry = new Map();
  for (const p of state.ports) if (p.freq && p.country) byCountry.set(p.country, (byCountry.get(p.country) ?? true) && p.freq === 'month');
  return [...byCountry].map(([code, monthly]) => ({ code, monthly })).sort((a, b) => Number(a.monthly) - Number(b.monthly) || a.code.localeCompare(b.code));
}

/** The longest range the overview draws, one column per day (the API's limit). */
const MAX_OVERVIEW_DAYS = 92;

/** Renders the overview into `main`: the region's ports over the range the address holds (the next 8 weeks by default). */
export async function renderOverview(main) {
  const all = regions();
  const region = all.find((r) => r.code === state.region) ?? all[0] ?? { code: 'HK', monthly: false };
  state.region = region.code;
  const chart = h('div', { class: 'chart scroll-x', id: 'chart-overview' });
  const totals = h('div', { id: 'totals' });
  const peaks = h('div', { id: 'overview-peaks' });
  const cards = h('div', { class: 'cards', id: 'cards' });
  const outlook = h('section', { id: 'outlook', 'aria-label': 'outlook' });
  const bar = h('div', { id: 'range-bar' });
  const inRegion = state.ports.filter((p) => p.country === region.code);
  main.replaceChildren(
    h('h2', {}, t(region.monthly ? 'overviewTitleMonthly' : 'overviewTitle', regionName(region.code))),
    all.length > 1
      ? h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
          select('region-select', t('region'), all.map((r) => [r.code, regionName(r.code)]), region.code, (code) => {
            // Another region has other presets (months for the US): its range starts from its own default.
            Object.assign(state, { region: code, range: 'next8', rangeFrom: '', rangeTo: '' });
            location.hash = addressOf('overview');
          }))
      : null,
    dataStamp(inRegion),
    bar,
    cards,
    outlook,
    h('section', { 'aria-label': t('overviewTitle', regionName(region.code)) }, chart),
    h('div', { class: 'two' },
      h('section', {}, h('h3', {}, t(region.monthly ? 'totalsTitleMonthly' : 'totalsTitle')), totals),
      region.monthly ? null : h('section', {}, h('h3', {}, t('peakPeriodsAll')), peaks)),
  );
  // The heatmap is what a planner looks at first: the default range is known from the port list, so its query goes
  // to the server at once, beside the presets'; the tables' queries go after it.
  const draw = (range) => showChart(chart, 'overview', { ...range, country: region.code }, { minWidth: 760 }).then((ok) => ok && performance.mark('overview-rendered'));
  const early = state.range === 'next8' && !region.monthly && state.from ? { from: state.from, to: state.to } : null;
  let drawn = early && draw(early);
  let p;
  try {
    p = await presets({ country: region.code });
  } catch (err) {
    showError(chart, err, () => renderOverview(main));
    return;
  }
  // A custom range too long for a column per day (one picked on a monthly port, say) falls back to the default.
  if (state.range === 'custom' && !region.monthly && days(state.rangeFrom, state.rangeTo) > MAX_OVERVIEW_DAYS) state.range = 'next8';
  const range = rangePicker(bar, p, { view: 'overview', maxDays: MAX_OVERVIEW_DAYS });
  if (!drawn) drawn = draw(range);
  else if (range.from !== early.from || range.to !== early.to) drawn = drawn.then(() => draw(range)); // one chart at a time in the box
  const last = p.last_actual;
  const future = range.from > last;
  // The outlook and the peak periods are of forecasts: they stay for a range the latest forecast covers whole.
  const forecastCovers = future && (region.monthly || range.to <= p.next8.to);
  if (region.monthly || !forecastCovers) outlook.remove();
  await chart.specLoaded;
  await Promise.all([drawn, loadTotals(totals, cards, range, region, last),
    region.monthly ? null : range.to <= last ? pastPeaks(peaks) : loadPeaks(peaks, range, state.range === 'next8'),
    region.monthly || !forecastCovers ? null : renderOutlookCard(outlook, range)]);
}

const days = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/** The link to a port's view holding the overview's range, so a planner looking at Easter sees Easter there too. */
const portLink = (id, text) => h('a', { href: addressOf('port', id) }, text);

async function loadTotals(el, cards, range, region, last) {
  loading(el);
  try {
    const rows = await getJson('/api/range/totals', { ...range, country: region.code });
    const byPort = new Map();
    const sum = { arrival: 0, departure: 0 };
    let counted = 0;
    for (const r of rows) {
      const n = r.actual + r.forecast;
      counted += r.actual_periods;
      const p = byPort.get(r.port_id) ?? { arrival: 0, departure: 0 };
      p[r.direction] += n;
      sum[r.direction] += n;
      byPort.set(r.port_id, p);
    }
    const sorted = [...byPort].sort((a, b) => b[1].arrival + b[1].departure - a[1].arrival - a[1].departure);
    el.removeAttribute('aria-busy');
    // Sources that count one way only (US BTS counts inbound crossings) get no empty departures column.
    const dirs = ['arrival', 'departure'].filter((d) => !region.monthly || sum[d] > 0);
    const both = dirs.length === 2;
    const caption = t(region.monthly ? 'totalsTitleMonthly' : 'totalsTitle');
    el.replaceChildren(
      counted > 0 ? h('p', { class: 'muted', id: 'totals-note' }, t(range.to <= last ? 'totalsCounted' : 'totalsMixed', region.monthly ? month(last) : fullDay(last))) : '',
      table(caption,
        [t('controlPoint'), ...dirs.map((d) => ({ text: name(d), n: true })), ...(both ? [{ text: t('total'), n: true }] : [])],
        [
          ...sorted.map(([id, p]) => [
            portLink(id, portName(portById(id) ?? { name: id })),
            ...dirs.map((d) => num(p[d])), ...(both ? [num(p.arrival + p.departure)] : []),
          ]),
          [h('strong', {}, t('total')), ...dirs.map((d) => num(sum[d])), ...(both ? [num(sum.arrival + sum.departure)] : [])],
        ]));
    // The peak count's card may have arrived first: it stays, after the directions.
    cards.replaceChildren(...dirs.map((d) => card(t(d === 'arrival' ? 'arrivals' : 'departures'), num(sum[d]), d)), ...cards.querySelectorAll('#peak-count'));
  } catch (err) {
    showError(el, err, () => loadTotals(el, cards, range, region, last));
  }
}

/** A past range has no forecast peaks to list: the port view scores what was forecast for it. */
function pastPeaks(el) {
  el.replaceChildren(h('p', { class: 'muted', id: 'peaks-past' }, t('peaksPast')));
}

function card(label, value, cls) {
  return h('div', { class: `card ${cls}` }, h('span', { class: 'card-label' }, label), h('strong', {}, value));
}

async function loadPeaks(el, range, next8) {
  loading(el);
  try {
    const res = await getJson('/api/peaks', range);
    const daily = new Set(dailyPorts().map((p) => p.port_id));
    // The API ranks the significant periods by severity; the list keeps its order.
    const significant = res.periods.filter((p) => daily.has(p.port_id));
    const periods = significant.slice(0, 12);
    const weeks = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 604_800_000 + 1 / 7);
    const n = significant.length;
    document.getElementById('cards')?.append(h('div', { class: 'card peak', id: 'peak-count' },
      h('strong', {}, num(n)), ' ', h('span', { class: 'card-label' },
        next8 ? t('peakCount', n, pct(res.significance.min_excess), weeks) : t('peakCountRange', n, pct(res.significance.min_excess), days(range.from, range.to)))));
    el.removeAttribute('aria-busy');
    el.replaceChildren(periods.length === 0 ? h('p', {}, t('noPeaks')) : h('ul', { class: 'peaks' }, periods.map((p) =>
      h('li', {},
        portLink(p.port_id, portName(portById(p.port_id) ?? { name: p.port_id })),
        ` · ${name(p.direction)} · ${day(p.start)}${p.end !== p.start ? ` – ${day(p.end)}` : ''} · `,
        h('strong', {}, num(p.peak_value)), ` (${severityPct(p.severity)})`,
        h('br'),
        h('span', { class: 'muted' }, holidayLabel(p.holiday))))));
  } catch (err) {
    showError(el, err, () => loadPeaks(el, range, next8));
  }
}

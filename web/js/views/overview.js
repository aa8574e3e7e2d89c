/** Overview: every control point over the next 8 weeks — heatmap, totals per direction, coming peak periods. */
import { getJson } from '../api.js';
import { showChart } from '../charts.js';
import { dataStamp, h, loading, select, showError, table } from '../dom.js';
import { day, fullDay, holidayLabel, month, name, num, pct, portName, regionName, severityPct, t } from '../i18n.js';
import { dailyPorts, portById, state } from '../state.js';
import { renderOutlookCard } from './outlook.js';

/** People measures of a monthly (US BTS) port; its other measures count vehicles and containers. */
const TRAVELLERS = new Set(['total', 'personal_vehicle_passengers', 'pedestrians', 'bus_passengers', 'train_passengers']);

/** The countries with data, daily ones first (Hong Kong), each with whether it is counted by month. */
function regions() {
  const byCountry = new Map();
  for (const p of state.ports) if (p.freq && p.country) byCountry.set(p.country, (byCountry.get(p.country) ?? true) && p.freq === 'month');
  return [...byCountry].map(([code, monthly]) => ({ code, monthly })).sort((a, b) => Number(a.monthly) - Number(b.monthly) || a.code.localeCompare(b.code));
}

/** The first and last month of the coming 12 months after a monthly region's latest data. */
function monthRange(country) {
  const last = state.ports.filter((p) => p.country === country).map((p) => p.last_date).filter(Boolean).sort().at(-1);
  const first = new Date(`${last.slice(0, 7)}-01T00:00:00Z`);
  first.setUTCMonth(first.getUTCMonth() + 1);
  const end = new Date(first);
  end.setUTCMonth(end.getUTCMonth() + 11);
  return { from: first.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** Renders the overview into `main`. */
export async function renderOverview(main) {
  const all = regions();
  const region = all.find((r) => r.code === state.region) ?? all[0] ?? { code: 'HK', monthly: false };
  state.region = region.code;
  const chart = h('div', { class: 'chart scroll-x', id: 'chart-overview' });
  const totals = h('div', { id: 'totals' });
  const peaks = h('div', { id: 'overview-peaks' });
  const cards = h('div', { class: 'cards', id: 'cards' });
  const outlook = h('section', { id: 'outlook', 'aria-label': 'outlook' });
  const range = region.monthly ? monthRange(region.code) : { from: state.from, to: state.to };
  main.replaceChildren(
    h('h2', {}, t(region.monthly ? 'overviewTitleMonthly' : 'overviewTitle', regionName(region.code))),
    all.length > 1
      ? h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
          select('region-select', t('region'), all.map((r) => [r.code, regionName(r.code)]), region.code, (code) => { state.region = code; renderOverview(main); }))
      : null,
    dataStamp(state.ports.filter((p) => p.country === region.code)),
    h('p', { class: 'muted' }, region.monthly ? t('nextMonths', month(range.from), month(range.to)) : t('nextWeeks', fullDay(state.from), fullDay(state.to))),
    cards,
    region.monthly ? null : outlook,
    h('section', { 'aria-label': t('overviewTitle') }, chart),
    h('div', { class: 'two' },
      h('section', {}, h('h3', {}, t(region.monthly ? 'totalsTitleMonthly' : 'totalsTitle')), totals),
      region.monthly ? null : h('section', {}, h('h3', {}, t('peakPeriodsAll')), peaks)),
  );
  const inRegion = new Set(state.ports.filter((p) => p.country === region.code).map((p) => p.port_id));
  // The heatmap is what a planner looks at first: its query goes to the server alone, the tables' after it.
  const drawn = showChart(chart, 'overview', { ...range, country: region.code }, { minWidth: 760 }).then((ok) => ok && performance.mark('overview-rendered'));
  await chart.specLoaded;
  await Promise.all([drawn, loadTotals(totals, cards, range, inRegion, region.monthly), region.monthly ? null : loadPeaks(peaks, range),
    region.monthly ? null : renderOutlookCard(outlook, range)]);
}

async function loadTotals(el, cards, range, inRegion, monthly) {
  loading(el);
  try {
    const categories = monthly ? [...TRAVELLERS].filter((c) => c !== 'total') : ['total'];
    const rows = (await Promise.all(categories.map((category) => getJson('/api/forecasts', { ...range, category, levels: 'none' })))).flat();
    const byPort = new Map();
    const sum = { arrival: 0, departure: 0 };
    for (const r of rows) {
      if (!inRegion.has(r.port_id) || r.model === 'closed' || (monthly ? !TRAVELLERS.has(r.category) : r.category !== 'total')) continue;
      // Whole travellers per port and day before adding, as the outlook adds them: both show the same totals.
      const mean = Math.round(r.mean);
      const p = byPort.get(r.port_id) ?? { arrival: 0, departure: 0 };
      p[r.direction] += mean;
      sum[r.direction] += mean;
      byPort.set(r.port_id, p);
    }
    const sorted = [...byPort].sort((a, b) => b[1].arrival + b[1].departure - a[1].arrival - a[1].departure);
    el.removeAttribute('aria-busy');
    // Sources that count one way only (US BTS counts inbound crossings) get no empty departures column.
    const dirs = ['arrival', 'departure'].filter((d) => !monthly || sum[d] > 0);
    const both = dirs.length === 2;
    el.replaceChildren(table(t(monthly ? 'totalsTitleMonthly' : 'totalsTitle'),
      [t('controlPoint'), ...dirs.map((d) => ({ text: name(d), n: true })), ...(both ? [{ text: t('total'), n: true }] : [])],
      [
        ...sorted.map(([id, p]) => [
          h('a', { href: `#/port/${encodeURIComponent(id)}` }, portName(portById(id) ?? { name: id })),
          ...dirs.map((d) => num(p[d])), ...(both ? [num(p.arrival + p.departure)] : []),
        ]),
        [h('strong', {}, t('total')), ...dirs.map((d) => num(sum[d])), ...(both ? [num(sum.arrival + sum.departure)] : [])],
      ]));
    // The peak count's card may have arrived first: it stays, after the directions.
    cards.replaceChildren(...dirs.map((d) => card(t(d === 'arrival' ? 'arrivals' : 'departures'), num(sum[d]), d)), ...cards.querySelectorAll('#peak-count'));
  } catch (err) {
    showError(el, err, () => loadTotals(el, cards, range, inRegion, monthly));
  }
}

function card(label, value, cls) {
  return h('div', { class: `card ${cls}` }, h('span', { class: 'card-label' }, label), h('strong', {}, value));
}

async function loadPeaks(el, range) {
  loading(el);
  try {
    const res = await getJson('/api/peaks', range);
    const daily = new Set(dailyPorts().map((p) => p.port_id));
    // The API ranks the significant periods by severity; the list keeps its order.
    const significant = res.periods.filter((p) => daily.has(p.port_id));
    const periods = significant.slice(0, 12);
    const weeks = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 604_800_000 + 1 / 7);
    document.getElementById('cards')?.append(h('div', { class: 'card peak', id: 'peak-count' },
      h('strong', {}, num(significant.length)), ' ', h('span', { class: 'card-label' }, t('peakCount', significant.length, pct(res.significance.min_excess), weeks))));
    el.removeAttribute('aria-busy');
    el.replaceChildren(periods.length === 0 ? h('p', {}, t('noPeaks')) : h('ul', { class: 'peaks' }, periods.map((p) =>
      h('li', {},
        h('a', { href: `#/port/${encodeURIComponent(p.port_id)}` }, portName(portById(p.port_id) ?? { name: p.port_id })),
        ` · ${name(p.direction)} · ${day(p.start)}${p.end !== p.start ? ` – ${day(p.end)}` : ''} · `,
        h('strong', {}, num(p.peak_value)), ` (${severityPct(p.severity)})`,
        h('br'),
        h('span', { class: 'muted' }, holidayLabel(p.holiday))))));
  } catch (err) {
    showError(el, err, () => loadPeaks(el, range));
  }
}

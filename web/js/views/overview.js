/** Overview: every control point over the next 8 weeks — heatmap, totals per direction, coming peak periods. */
import { getJson } from '../api.js';
import { showChart } from '../charts.js';
import { h, loading, showError, table } from '../dom.js';
import { day, holidayLabel, name, num, portName, t } from '../i18n.js';
import { dailyPorts, portById, state } from '../state.js';

/** Renders the overview into `main`. */
export async function renderOverview(main) {
  const chart = h('div', { class: 'chart scroll-x', id: 'chart-overview' });
  const totals = h('div', { id: 'totals' });
  const peaks = h('div', { id: 'overview-peaks' });
  const cards = h('div', { class: 'cards', id: 'cards' });
  main.replaceChildren(
    h('h2', {}, t('overviewTitle')),
    h('p', { class: 'muted' }, t('nextWeeks', day(state.from), day(state.to))),
    cards,
    h('section', { 'aria-label': t('overviewTitle') }, chart),
    h('div', { class: 'two' },
      h('section', {}, h('h3', {}, t('totalsTitle')), totals),
      h('section', {}, h('h3', {}, t('peakPeriodsAll')), peaks)),
  );
  const range = { from: state.from, to: state.to };
  // The heatmap is what a planner looks at first: its query goes to the server alone, the tables' after it.
  const drawn = showChart(chart, 'overview', range, { minWidth: 760 }).then((ok) => ok && performance.mark('overview-rendered'));
  await chart.specLoaded;
  await Promise.all([drawn, loadTotals(totals, cards, range), loadPeaks(peaks, range)]);
}

async function loadTotals(el, cards, range) {
  loading(el);
  try {
    const rows = await getJson('/api/forecasts', { ...range, levels: 'none' });
    const daily = new Set(dailyPorts().map((p) => p.port_id));
    const byPort = new Map();
    const sum = { arrival: 0, departure: 0 };
    for (const r of rows) {
      if (!daily.has(r.port_id)) continue;
      const p = byPort.get(r.port_id) ?? { arrival: 0, departure: 0 };
      p[r.direction] += r.mean;
      sum[r.direction] += r.mean;
      byPort.set(r.port_id, p);
    }
    const sorted = [...byPort].sort((a, b) => b[1].arrival + b[1].departure - a[1].arrival - a[1].departure);
    el.removeAttribute('aria-busy');
    el.replaceChildren(table(t('totalsTitle'),
      [t('controlPoint'), { text: name('arrival'), n: true }, { text: name('departure'), n: true }, { text: t('total'), n: true }],
      [
        ...sorted.map(([id, p]) => [
          h('a', { href: `#/port/${encodeURIComponent(id)}` }, portName(portById(id) ?? { name: id })),
          num(p.arrival), num(p.departure), num(p.arrival + p.departure),
        ]),
        [h('strong', {}, t('total')), num(sum.arrival), num(sum.departure), num(sum.arrival + sum.departure)],
      ]));
    cards.replaceChildren(
      card(t('arrivals'), num(sum.arrival), 'arrival'),
      card(t('departures'), num(sum.departure), 'departure'),
    );
  } catch (err) {
    showError(el, err, () => loadTotals(el, cards, range));
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
    // Holiday floods first, then the most travellers above the port's threshold: big ports matter most.
    const excess = (p) => p.peak_value - p.threshold;
    const periods = res.periods.filter((p) => daily.has(p.port_id))
      .sort((a, b) => Number(!!b.holiday) - Number(!!a.holiday) || excess(b) - excess(a)).slice(0, 12)
      .sort((a, b) => a.start.localeCompare(b.start));
    document.getElementById('cards')?.append(card(t('peakDays'), num(res.days.filter((d) => daily.has(d.port_id)).length), 'peak'));
    el.removeAttribute('aria-busy');
    el.replaceChildren(periods.length === 0 ? h('p', {}, t('noPeaks')) : h('ul', { class: 'peaks' }, periods.map((p) =>
      h('li', {},
        h('a', { href: `#/port/${encodeURIComponent(p.port_id)}` }, portName(portById(p.port_id) ?? { name: p.port_id })),
        ` · ${name(p.direction)} · ${day(p.start)}${p.end !== p.start ? ` – ${day(p.end)}` : ''} · `,
        h('strong', {}, num(p.peak_value)),
        h('br'),
        h('span', { class: 'muted' }, holidayLabel(p.holiday))))));
  } catch (err) {
    showError(el, err, () => loadPeaks(el, range));
  }
}

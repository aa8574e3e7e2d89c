/** Port view: forecast with 80/95% bands over 12 weeks of actuals, peak periods, weekday profile, past accuracy. */
import { getJson } from '../api.js';
import { drawSpec, showChart } from '../charts.js';
import { dataStamp, forecastNotice, h, loading, select, showError, table } from '../dom.js';
import { isChinese, day, holidayLabel, name, num, pct, portName, severityPct, t } from '../i18n.js';
import { dailyPorts, portById, state } from '../state.js';

/** The port picker shared by the port and staffing views; changing it updates the address. */
export function portPicker(view) {
  // Staffing needs daily or hourly data: ports with only monthly counts (US BTS) are not offered there.
  const ports = view === 'staffing' ? dailyPorts() : state.ports.filter((p) => p.freq);
  const options = ports.map((p) => [p.port_id, portName(p)]);
  return select('port-select', t('portLabel'), options, state.port, (id) => {
    state.port = id;
    location.hash = `#/${view}/${encodeURIComponent(id)}`;
  });
}

/** Renders the port view into `main`. */
export async function renderPort(main) {
  const port = portById(state.port);
  const series = port?.series ?? [];
  const categories = [...new Set(series.map((s) => s.category))];
  // Travellers first: a US port has no total, and its people come by car, on foot or by bus.
  const preferred = ['total', 'personal_vehicle_passengers', 'pedestrians', 'bus_passengers'].find((c) => categories.includes(c));
  if (!categories.includes(state.category)) state.category = preferred ?? categories[0] ?? 'total';
  const monthly = port?.freq === 'month';
  // US BTS counts inbound only: offer the directions the port has.
  const directions = ['arrival', 'departure'].filter((d) => series.length === 0 || series.some((x) => x.direction === d));
  if (!directions.includes(state.direction)) state.direction = directions[0];
  const forecast = h('div', { class: 'chart', id: 'chart-forecast' });
  const peaks = h('div', { id: 'port-peaks' });
  const weekday = h('div', { class: 'chart', id: 'chart-weekday' });
  const accuracy = h('div', { id: 'port-accuracy' });
  const rerender = () => renderPort(main);
  main.replaceChildren(
    h('h2', {}, port ? portName(port) : state.port),
    ...[port && dataStamp([port]), port && forecastNotice(port)].filter(Boolean),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      portPicker('port'),
      select('direction-select', t('direction'), directions.map((d) => [d, name(d)]), state.direction, (d) => { state.direction = d; rerender(); }),
      select('category-select', t('category'), categories.map((c) => [c, name(c)]), state.category, (c) => { state.category = c; rerender(); })),
    h('section', {}, h('h3', {}, t(monthly ? 'forecastTitleMonthly' : 'forecastTitle')), forecast),
    h('section', {}, h('h3', {}, t('peaksTitle')), peaks),
    h('div', { class: 'two' },
      h('section', {}, h('h3', {}, t(monthly ? 'monthProfileTitle' : 'weekdayTitle')), weekday),
      h('section', {}, h('h3', {}, t('accuracyTitle')), accuracy)),
  );
  const q = { port: state.port, direction: state.direction, category: state.category };
  // A port silent for over a year has no forecast: its notice says so, and the forecast and peaks stay out.
  const forecastless = port?.forecast_status === 'not_forecast';
  if (forecastless) {
    forecast.closest('section').remove();
    peaks.closest('section').remove();
  }
  await Promise.all([
    forecastless ? null : showChart(forecast, 'forecast', monthly ? q : { ...q, history_days: 84 }),
    showChart(weekday, 'weekday', { port: state.port, category: state.category }),
    forecastless ? null : loadPeaks(peaks, q),
    loadAccuracy(accuracy, q),
  ]);
}

async function loadPeaks(el, q) {
  loading(el);
  try {
    const res = await getJson('/api/peaks', q);
    el.removeAttribute('aria-busy');
    el.replaceChildren(res.periods.length === 0 ? h('p', {}, t('noPeaks')) : table(t('peaksTitle'),
      [t('from'), t('to'), { text: t('days'), n: true }, t('peakDay'), { text: t('peakValue'), n: true }, { text: t('normal'), n: true }, { text: t('severity'), n: true }, { text: t('cause'), wrap: true }],
      // Most severe first, as the API ranks them.
      res.periods.map((p) => [day(p.start), day(p.end), p.days, day(p.peak_date), num(p.peak_value), p.normal === null ? '–' : num(p.normal), severityPct(p.severity),
        holidayLabel(p.holiday)])));
  } catch (err) {
    showError(el, err, () => loadPeaks(el, q));
  }
}

async function loadAccuracy(el, q) {
  loading(el);
  try {
    const [scores, windows] = await Promise.all([getJson('/api/accuracy', q), getJson('/api/backtests', q)]);
    el.removeAttribute('aria-busy');
    if (scores.length === 0) {
      el.replaceChildren(h('p', {}, t('noAccuracy')));
      return;
    }
    const chart = h('div', { class: 'chart', id: 'chart-accuracy' });
    el.replaceChildren(
      table(t('accuracyTitle'),
        [t('model'), { text: t('windows'), n: true }, { text: t('mase'), n: true }, { text: t('wape'), n: true }, { text: t('cov80'), n: true }, { text: t('cov95'), n: true }],
        scores.map((s) => [s.model, s.windows, fixed(s.mase, 2), fixed(s.wape, 1), pct(s.coverage80), pct(s.coverage95)])),
      chart);
    // The engine's own forecasts ('auto') where stored, else the first model.
    const model = scores.some((s) => s.model === 'auto') ? 'auto' : scores[0].model;
    await drawSpec(chart, accuracySpec(windows.filter((w) => w.model === model)), { label: t('accuracyChart') });
  } catch (err) {
    // No backtest yet is a state to explain, not an error to retry.
    if (err?.status === 404) {
      el.removeAttribute('aria-busy');
      el.replaceChildren(h('p', {}, t('noAccuracy')));
      return;
    }
    showError(el, err, () => loadAccuracy(el, q));
  }
}

const fixed = (x, d) => (x === null || x === undefined ? '–' : x.toFixed(d));

/** Past forecasts (mean and 80% band, one line per cutoff) against the actuals, as Vega-Lite. */
function accuracySpec(rows) {
  const long = rows.flatMap((r) => [
    { date: r.date, cutoff: r.cutoff, what: t('actual'), value: r.actual },
    { date: r.date, cutoff: r.cutoff, what: t('forecastMean'), value: r.mean },
  ]);
  const x = { field: 'date', type: 'temporal', title: null, axis: { format: isChinese() ? '%m-%d' : '%-d %b' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t('accuracyChart'), anchor: 'start', fontSize: 14 },
    width: 520,
    height: 220,
    config: { font: 'system-ui, "Noto Sans CJK SC", sans-serif', view: { stroke: null } },
    layer: [
      { data: { values: rows }, mark: { type: 'area', opacity: 0.35, color: '#6baed6' },
        encoding: { x, y: { field: 'lo80', type: 'quantitative' }, y2: { field: 'hi80' }, detail: { field: 'cutoff' } } },
      { data: { values: long }, mark: { type: 'line', strokeWidth: 1.8 },
        encoding: {
          x, y: { field: 'value', type: 'quantitative', title: null, axis: { format: '~s' } }, detail: { field: 'cutoff' },
          color: { field: 'what', type: 'nominal', title: null, scale: { range: ['#333333', '#1f77b4'] }, legend: { orient: 'top' } },
          strokeDash: { field: 'what', type: 'nominal', legend: null, scale: { range: [[1, 0], [5, 3]] } },
          tooltip: [{ field: 'date', type: 'temporal' }, { field: 'what', type: 'nominal', title: ' ' }, { field: 'value', type: 'quantitative', format: ',.0f' }, { field: 'cutoff', type: 'nominal', title: t('cutoff') }],
        } },
    ],
  };
}

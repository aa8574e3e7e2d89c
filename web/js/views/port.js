/** Port view: forecast with 80/95% bands over 12 weeks of actuals, peak periods, why this forecast, weekday profile, past accuracy. */
import { getJson } from '../api.js';
import { drawSpec, showChart } from '../charts.js';
import { dataStamp, forecastNotice, h, loading, select, showError, table } from '../dom.js';
import { isChinese, day, effectText, holidayLabel, name, num, pct, portName, severityPct, signedPct, t } from '../i18n.js';
import { addressOf, dailyPorts, portById, state } from '../state.js';
import { renderRange } from './range.js';

/** The port picker shared by the port and staffing views; changing it updates the address. */
export function portPicker(view) {
  // Staffing needs daily or hourly data: ports with only monthly counts (US BTS) are not offered there.
  const ports = view === 'staffing' ? dailyPorts() : state.ports.filter((p) => p.freq);
  const options = ports.map((p) => [p.port_id, portName(p)]);
  return select('port-select', t('portLabel'), options, state.port, (id) => {
    state.port = id;
    location.hash = addressOf(view);
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
  // The range view draws its own #chart-forecast inside, with the notes under it (by month for a monthly port).
  const forecast = h('div', { id: 'range-view' });
  const peaks = h('div', { id: 'port-peaks' });
  const components = h('div', { id: 'port-components' });
  const weekday = h('div', { class: 'chart', id: 'chart-weekday' });
  const accuracy = h('div', { id: 'port-accuracy' });
  // Direction and category go into the address: the page redraws from it, and the link can be shared.
  const rerender = () => { location.hash = addressOf('port'); };
  const rangeBar = h('div', { id: 'range-bar' });
  main.replaceChildren(
    h('h2', {}, port ? portName(port) : state.port),
    ...[port && dataStamp([port]), port && forecastNotice(port)].filter(Boolean),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      portPicker('port'),
      select('direction-select', t('direction'), directions.map((d) => [d, name(d)]), state.direction, (d) => { state.direction = d; rerender(); }),
      select('category-select', t('category'), categories.map((c) => [c, name(c)]), state.category, (c) => { state.category = c; rerender(); })),
    h('section', {}, h('h3', {}, t('rangeTitle')), rangeBar, forecast),
    h('section', {}, h('h3', {}, t('peaksTitle')), peaks),
    h('section', {}, h('h3', {}, t('componentsTitle')), components),
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
    components.closest('section').remove();
  }
  // The peaks table and the components chart's peak days come from one answer.
  const peaksRequest = forecastless ? null : getJson('/api/peaks', q);
  peaksRequest?.catch(() => {}); // shown where it is awaited
  await Promise.all([
    forecastless ? null : renderRange(rangeBar, forecast, q),
    showChart(weekday, 'weekday', { port: state.port, category: state.category }),
    forecastless ? null : loadPeaks(peaks, q, peaksRequest),
    forecastless ? null : loadComponents(components, q, peaksRequest, monthly),
    loadAccuracy(accuracy, q),
  ]);
}

async function loadPeaks(el, q, request = getJson('/api/peaks', q)) {
  loading(el);
  try {
    const res = await request;
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

/** Why this forecast: the day's parts from GET /api/forecasts/components, peak days marked with their largest effects. */
async function loadComponents(el, q, peaksRequest, monthly) {
  loading(el);
  try {
    const [report, peaks] = await Promise.all([
      getJson('/api/forecasts/components', { port: q.port, direction: q.direction, category: q.category }),
      peaksRequest.catch(() => ({ periods: [] })), // the peaks table shows that error; the chart can do without marks
    ]);
    el.removeAttribute('aria-busy');
    if (!report.explained) {
      el.replaceChildren(h('p', { id: 'components-none' }, report.reason === 'not_stored' ? t('componentsNotStored') : t('componentsNone', report.model, monthly)));
      return;
    }
    const peakDays = new Set(peaks.periods.flatMap((p) => daysOf(p.start, p.end)));
    // The months the forecast chart shows (two years); every day of a daily forecast.
    if (monthly) report.days = report.days.slice(0, 24);
    const chart = h('div', { class: 'chart scroll-x', id: 'chart-components' });
    // The peak days' largest effects in words too: a tooltip is not there for a keyboard or a screen reader.
    const peakList = report.days.filter((d) => peakDays.has(d.date)).slice(0, 8)
      .map((d) => h('li', {}, h('strong', {}, `${monthly ? d.date.slice(0, 7) : day(d.date)} (${num(d.mean)})`), ' ', largest(d)));
    el.replaceChildren(...[h('p', { class: 'muted' }, t(monthly ? 'componentsNoteMonthly' : 'componentsNote')), chart,
      peakList.length ? h('div', {}, h('h4', {}, t('peakDaysEffects')), h('ul', { id: 'components-peaks' }, peakList)) : null].filter(Boolean));
    await drawSpec(chart, componentsSpec(report, peakDays, monthly), { label: t('componentsChart'), minWidth: 560 });
  } catch (err) {
    showError(el, err, () => loadComponents(el, q, getJson('/api/peaks', q), monthly));
  }
}

/** The dates from start to end (YYYY-MM-DD, inclusive). */
function daysOf(start, end) {
  const out = [];
  for (let d = new Date(`${start}T00:00:00Z`); d.toISOString().slice(0, 10) <= end; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** The largest effects of a day (those of at least half a percent) in words, e.g. ["Lunar New Year eve: +38%", "Day of week: −10%"]. */
const largestList = (d, n = 3) => d.effects.filter((e) => Math.abs(e.effect) >= 0.005).slice(0, n).map(effectText);
const largest = (d) => largestList(d).join(' · ');

/** A day's largest effects as fields top1..top3, and the tooltip rows showing them (one per line, titled once). */
const topFields = (d) => Object.fromEntries(largestList(d).map((text, i) => [`top${i + 1}`, text]));
const topTips = () => [1, 2, 3].map((i) => ({ field: `top${i}`, type: 'nominal', title: i === 1 ? t('largestEffects') : ' '.repeat(i - 1) }));

/**
 * The effects of each day as bars stacked on a log scale (so they add up as the model multiplies them), labelled in
 * percent, with the level and trend and the forecast as lines in travellers; peak days carry a mark whose tooltip
 * names their largest effects.
 */
function componentsSpec(report, peakDays, monthly) {
  const groupName = (g) => t(g === 'weekly' && monthly ? 'group_weekly_month' : monthly && g === 'yearly' ? 'kind_month_of_year' : `group_${g}`);
  // Each group keeps its colour whichever groups a series has.
  const colours = { weekly: '#9ecae1', yearly: '#a1d99b', holidays: '#fd8d3c', other: '#bcbddc' };
  const present = ['weekly', 'yearly', 'holidays', 'other'].filter((g) => report.days.some((d) => d.groups.some((x) => x.group === g)));
  const groups = present.map(groupName);
  const days = report.days.map((d) => ({ date: d.date, mean: d.mean, level: d.level, peak: peakDays.has(d.date), ...topFields(d) }));
  const bars = report.days.flatMap((d) => d.groups.map((g) => ({
    date: d.date, group: groupName(g.group), log: Math.log1p(g.effect), effect: signedPct(g.effect), mean: d.mean, ...topFields(d),
  })));
  // Ticks at round percentages: the bars are on the log scale, where they add up. Small effects get finer ticks.
  const reach = Math.max(...report.days.map((d) => d.groups.reduce((s, g) => s + Math.abs(Math.log1p(g.effect)), 0)), 0);
  const ticks = (reach > 0.25 ? [-0.75, -0.5, -0.25, 0, 0.25, 0.5, 1, 2] : [-0.2, -0.1, -0.05, 0, 0.05, 0.1, 0.2]).map(Math.log1p);
  // Room past the deepest stack each way, reaching the next tick when it is near: no bar ends on the axis's edge unread.
  const stackOf = (d, sign) => d.groups.reduce((sum, g) => sum + (Math.sign(Math.log1p(g.effect)) === sign ? Math.log1p(g.effect) : 0), 0);
  const lowest = Math.min(0, ...report.days.map((d) => stackOf(d, -1)));
  const highest = Math.max(0, ...report.days.map((d) => stackOf(d, 1)));
  const below = ticks.filter((v) => v <= lowest).at(-1);
  const above = ticks.find((v) => v >= highest);
  const domain = [below !== undefined && below >= lowest * 1.3 ? below : lowest * 1.08, above !== undefined && above <= highest * 1.3 ? above : highest * 1.08];
  const x = { field: 'date', type: monthly ? 'ordinal' : 'temporal', timeUnit: monthly ? 'yearmonth' : 'yearmonthdate', title: null,
    axis: { format: monthly ? (isChinese() ? '%Y-%m' : '%b %Y') : isChinese() ? '%m-%d' : '%-d %b', labelAngle: 0 } };
  // Lines and marks at the middle of their day's bar.
  const xMid = { ...x, bandPosition: 0.5 };
  const dateTip = { field: 'date', type: 'temporal', title: t('date'), format: isChinese() ? (monthly ? '%Y年%-m月' : '%Y年%-m月%-d日') : monthly ? '%b %Y' : '%a %-d %b %Y' };
  const travellers = { type: 'quantitative', title: t('levelTrend'), axis: { format: '~s', orient: 'right' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t('componentsChart'), anchor: 'start', fontSize: 14 },
    width: 900,
    height: 260,
    config: { font: 'system-ui, "Noto Sans CJK SC", sans-serif', view: { stroke: null } },
    resolve: { scale: { y: 'independent' } },
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          x,
          y: { field: 'log', type: 'quantitative', stack: 'zero', title: t('effects'), scale: { domain, nice: false, zero: true },
            axis: { values: ticks.filter((v) => v >= domain[0] && v <= domain[1]), labelExpr: "format(exp(datum.value) - 1, '+.0%')", orient: 'left' } },
          color: { field: 'group', type: 'nominal', title: null, sort: groups, scale: { domain: groups, range: present.map((g) => colours[g]) }, legend: { orient: 'top' } },
          order: { field: 'group', sort: 'ascending' },
          tooltip: [dateTip, { field: 'group', type: 'nominal', title: t('part') }, { field: 'effect', type: 'nominal', title: t('effect') },
            { field: 'mean', type: 'quantitative', title: t('forecastMean'), format: ',.0f' }, ...topTips()],
        },
      },
      {
        data: { values: days },
        layer: [
          { mark: { type: 'line', color: '#555555', strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { x: xMid, y: { field: 'level', ...travellers } } },
          { mark: { type: 'line', color: '#1f77b4', strokeWidth: 1.8 }, encoding: { x: xMid, y: { field: 'mean', ...travellers } } },
          {
            transform: [{ filter: 'datum.peak' }],
            mark: { type: 'point', shape: 'triangle-down', filled: true, color: '#d62728', size: 90 },
            encoding: {
              x: xMid, y: { field: 'mean', ...travellers },
              tooltip: [{ ...dateTip, title: t('peakDayMark') }, { field: 'mean', type: 'quantitative', title: t('forecastMean'), format: ',.0f' },
                { field: 'level', type: 'quantitative', title: t('levelTrend'), format: ',.0f' }, ...topTips()],
            },
          },
        ],
      },
    ],
  };
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

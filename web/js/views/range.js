/** The port chart over any range: presets, a custom range, the stored forecast made for the past part and its error, last year, marks. */
import { getJson } from '../api.js';
import { drawSpec } from '../charts.js';
import { h, loading, showError } from '../dom.js';
import { currentLang, festivalName, fullDay, month, name, num, portName, regionName, t } from '../i18n.js';
import { addDays, addressOf, portById, RANGES, state } from '../state.js';

const MAX_DAYS = 1100;
/** Longest custom range of a monthly series, in months (the API's 1,100 days). */
const MAX_MONTHS = 36;
const presetsRequests = new Map();

/** The presets of GET /api/range/presets for a port or a country (asked once per page, place and language). */
export function presets(params) {
  const lang = currentLang();
  const key = JSON.stringify({ ...params, lang });
  if (!presetsRequests.has(key)) {
    const request = getJson('/api/range/presets', { ...params, lang });
    presetsRequests.set(key, request);
    request.catch(() => presetsRequests.delete(key));
  }
  return presetsRequests.get(key);
}

const days = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
const months = (from, to) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
const pct1 = (x) => `${(Math.abs(x) * 100).toLocaleString(currentLang() === 'en' ? 'en' : 'zh', { maximumFractionDigits: 1 })}%`;

/**
 * Draws the range picker (presets, a custom range, and for the port view last year's overlay) into `bar` and returns the
 * range chosen, { from, to }; a choice goes into the address of `view`, from which the page redraws. A monthly series
 * picks months. `maxDays` bounds a custom range of days.
 */
export function rangePicker(bar, p, { view, monthly = p.per === 'month', overlay = false, maxDays = MAX_DAYS }) {
  const go = () => { location.hash = addressOf(view); };
  const ranges = { ...p, custom: state.range === 'custom' ? { from: state.rangeFrom, to: state.rangeTo } : null };
  if (!ranges[state.range]) state.range = RANGES.find((r) => ranges[r]);
  const chosen = ranges[state.range];
  // Month inputs hold YYYY-MM; the state and the API hold the month's first day.
  const asInput = (d) => (monthly ? d.slice(0, 7) : d);
  const fromInput = (v) => (monthly && v ? `${v}-01` : v);
  const from = h('input', { type: monthly ? 'month' : 'date', id: 'range-from', value: asInput(chosen.from) });
  const to = h('input', { type: monthly ? 'month' : 'date', id: 'range-to', value: asInput(chosen.to) });
  const problem = h('p', { class: 'error-inline', id: 'range-problem', role: 'alert', hidden: true });
  const length = (a, b) => (monthly ? months(a, b) : days(a, b));
  const max = monthly ? MAX_MONTHS : maxDays;
  bar.replaceChildren(
    h('div', { class: 'presets', role: 'group', 'aria-label': t('rangeLabel') },
      RANGES.filter((r) => r !== 'custom' && ranges[r]).map((r) => h('button', {
        type: 'button', 'data-range': r, 'aria-pressed': String(state.range === r),
        onclick: () => { state.range = r; go(); },
      }, r === 'holiday' && ranges.holiday?.name ? t('range_holidayNamed', ranges.holiday.name) : t(r === 'last_year' && monthly ? 'range_last_year_months' : `range_${r}`)))),
    h('form', { class: 'filters', id: 'range-form', onsubmit: (e) => {
      e.preventDefault();
      const a = fromInput(from.value), b = fromInput(to.value);
      if (!a || !b || a > b || length(a, b) > max) {
        problem.textContent = t(monthly ? 'rangeBadMonths' : 'rangeBad', max);
        problem.hidden = false;
        return;
      }
      Object.assign(state, { range: 'custom', rangeFrom: a, rangeTo: b });
      go();
    } },
      h('div', { class: 'field' }, h('label', { for: 'range-from' }, t('from')), from),
      h('div', { class: 'field' }, h('label', { for: 'range-to' }, t('to')), to),
      h('button', { type: 'submit', 'aria-pressed': String(state.range === 'custom') }, t('range_custom')),
      overlay ? h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'overlay', checked: state.overlay, onchange: (e) => { state.overlay = e.target.checked; go(); } }), ' ', t(monthly ? 'overlayLabelMonths' : 'overlayLabel')) : null),
    problem,
    h('p', { class: 'muted', id: 'range-showing' }, monthly
      ? t('rangeShowingMonths', month(chosen.from), month(chosen.to), months(chosen.from, chosen.to))
      : t('rangeShowing', fullDay(chosen.from), fullDay(chosen.to), days(chosen.from, chosen.to))));
  return chosen;
}

/** Draws the range picker into `bar` and the chart and its notes into `el`. */
export async function renderRange(bar, el, q) {
  loading(el);
  let p;
  try {
    p = await presets({ port: q.port });
  } catch (err) {
    showError(el, err, () => renderRange(bar, el, q));
    return;
  }
  const chosen = rangePicker(bar, p, { view: 'port', overlay: true });
  try {
    const data = await getJson('/api/range', { ...q, from: chosen.from, to: chosen.to, lang: currentLang() });
    const chart = h('div', { class: 'chart scroll-x', id: 'chart-forecast' });
    el.removeAttribute('aria-busy');
    el.replaceChildren(chart, ...notes(data));
    const spec = rangeSpec(data, chart.clientWidth);
    await drawSpec(chart, spec, { label: `${spec.title.text}, ${spec.title.subtitle}`, minWidth: 560 });
  } catch (err) {
    showError(el, err, () => renderRange(bar, el, q));
  }
}

/** The notes under the chart: the past forecast's error in words, how last year is lined up, what is marked, how to zoom. */
function notes(data) {
  const out = [];
  const past = data.past;
  if (past && past.error.days > 0) {
    const e = past.error;
    const bias = Math.abs(e.bias) < 0.005 ? t('spotOn') : t(e.bias > 0 ? 'tooHigh' : 'tooLow', pct1(e.bias));
    const monthly = data.per === 'month';
    const text = [t('pastError', { made: monthly ? month(past.made) : fullDay(past.made), backtest: past.source === 'backtest', wape: pct1(e.wape), bias, days: e.days, inside: e.inside80, monthly })];
    if (e.worst && e.worst.actual > 0) {
      const off = (e.worst.mean - e.worst.actual) / e.worst.actual;
      text.push(t('pastWorst', monthly ? month(e.worst.date) : fullDay(e.worst.date), num(e.worst.mean), num(e.worst.actual), t(off > 0 ? 'tooHigh' : 'tooLow', pct1(off))));
    }
    out.push(h('p', { id: 'past-error' }, text.join(' ')));
  } else if (data.from <= data.last_actual) out.push(h('p', { class: 'muted', id: 'past-error' }, t(data.per === 'month' ? 'pastNoneMonths' : 'pastNone')));
  if (state.overlay) {
    const ly = data.last_year;
    out.push(h('p', { class: 'muted', id: 'last-year-note' }, ly.festival
      ? t('lastYearAligned', festivalName(ly.festival), fullDay(ly.lastYear), fullDay(ly.date)) : t('lastYearWeekday')));
  }
  const m = data.marks;
  const closed = m.closures.reduce((s, c) => s + days(c.start, c.end), 0);
  if (m.regime_start || closed || m.low_days.length) {
    out.push(h('p', { class: 'muted', id: 'marks-note' }, t('marksLead'), t('marksNote', m.low_days.length, closed, m.regime_start && fullDay(m.regime_start)), '.'));
  }
  out.push(h('p', { class: 'muted' }, t('zoomHint')));
  return out;
}

/** The first day of the month n months after the month of a YYYY-MM-DD date. */
const addMonths = (iso, n) => {
  const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

/** Vega-Lite spec of the range: holiday bands (named), closures, last year, the forecasts, the actuals, marks; zoomable on x. */
export function rangeSpec(data, boxWidth = 900) {
  // A monthly series (a US port) is drawn by month: each count in the middle of its month, tooltips per month.
  const monthly = data.per === 'month';
  const next = (d) => (monthly ? addMonths(d, 1) : addDays(d, 1));
  const mid = (d) => (monthly ? `${d.slice(0, 8)}15T00:00:00Z` : `${d}T12:00:00Z`);
  const dayStart = (d) => `${d}T00:00:00Z`;
  const when = (d) => (monthly ? month(d) : fullDay(d));
  const colours = {
    [t('actual')]: '#222222', [t('forecastMean')]: '#1f77b4', [t('band80')]: '#6baed6', [t('band95')]: '#c6dbef',
    [t('forecastMade')]: '#7b3294', [t('forecastMadeBand')]: '#d9c2e6', [t('lastYear')]: '#999999',
  };
  const present = [...(data.actuals.length ? [t('actual')] : []),
    ...(data.forecast.length ? [t('forecastMean'), t('band80'), t('band95')] : []),
    ...(data.past?.rows.length ? [t('forecastMade'), t('forecastMadeBand')] : []),
    ...(state.overlay && data.last_year.rows.length ? [t('lastYear')] : [])];
  const color = { scale: { domain: present, range: present.map((k) => colours[k]) }, legend: { title: null, orient: 'top', direction: 'horizontal' } };
  const x = { field: 'x', type: 'temporal', scale: { type: 'utc', domain: [dayStart(data.from), dayStart(next(data.to))] }, title: null,
    axis: { format: currentLang() === 'en' ? (monthly ? '%b %Y' : '%-d %b %Y') : monthly ? '%Y-%m' : '%Y-%m-%d', labelOverlap: true,
      // Month ticks for a monthly series (a tick mid-month would name a month twice).
      ...(monthly ? { tickCount: { interval: 'month', step: Math.max(1, Math.ceil(months(data.from, data.to) / 12)) } } : {}) } };
  const at = (rows) => rows.map((r) => ({ ...r, x: mid(r.date) }));
  const regionOf = (r) => (r === '*' ? t('allRegions') : r === 'event' ? t('eventBand') : regionName(r));
  // Holiday names on rows at the top: a name goes on the first row where the one before it has ended (≈ 6 px a letter).
  const span = days(data.from, data.to);
  const perDay = Math.max(1, boxWidth - 90) / span;
  const rowsEnd = [];
  // Events (the Canton Fair, a port's ship calls) are bands too, in their own colour, named on the same rows.
  const bands = [...data.holidays, ...(data.events ?? []).map((e) => ({ ...e, region: 'event' }))].sort((a, b) => a.start.localeCompare(b.start)).map((b) => {
    const start = b.start < data.from ? data.from : b.start;
    let row = rowsEnd.findIndex((end) => end < start);
    if (row < 0) row = rowsEnd.length;
    rowsEnd[row] = addDays(start, Math.ceil((b.name.length * (currentLang() === 'en' ? 6 : 11) + 8) / perDay));
    return { x: dayStart(b.start), x2: dayStart(b.end), lx: dayStart(start), name: b.name, region: regionOf(b.region), y: 2 + 12 * row, show: row < 4 };
  });
  // Headroom above the highest value for the rows of holiday names, so no name sits on a peak.
  const top = Math.max(0, ...data.actuals.map((a) => a.count), ...data.forecast.map((f) => f.hi95 ?? f.mean),
    ...(data.past?.rows ?? []).map((f) => f.hi80 ?? f.mean), ...(state.overlay ? data.last_year.rows.map((r) => r.count) : []));
  const nameRows = bands.length ? Math.max(...bands.filter((b) => b.show).map((b) => (b.y - 2) / 12 + 1), 0) : 0;
  const y = { type: 'quantitative', title: t(monthly ? 'travellersMonth' : 'travellersDay'), axis: { format: '~s' },
    ...(nameRows && top > 0 ? { scale: { domainMax: top * (1 + 0.07 * nameRows) } } : {}) };
  const holidayNames = new Map();
  for (const b of data.holidays) for (let d = b.start; d < b.end; d = addDays(d, 1)) holidayNames.set(d, [...(holidayNames.get(d) ?? []), `${b.name} (${regionOf(b.region)}, ${fullDay(b.start)} – ${fullDay(b.last)})`]);
  const eventNames = new Map();
  for (const b of data.events ?? []) for (let d = b.start; d < b.end; d = addDays(d, 1)) eventNames.set(d, [...(eventNames.get(d) ?? []), `${b.name} (${fullDay(b.start)} – ${fullDay(b.last)})`]);
  const closures = data.marks.closures.map((c) => ({ x: dayStart(c.start), x2: dayStart(addDays(c.end, 1)) }));
  const lowDays = new Set(data.marks.low_days);
  const closedDays = new Set(data.marks.closures.flatMap((c) => Array.from({ length: days(c.start, c.end) }, (_, i) => addDays(c.start, i))));
  const actual = new Map(data.actuals.map((a) => [a.date, a.count]));
  const live = new Map(data.forecast.map((f) => [f.date, f]));
  const past = new Map((data.past?.rows ?? []).map((f) => [f.date, f]));
  const ly = new Map(data.last_year.rows.map((r) => [r.date, r]));
  const interval = (lo, hi) => (lo === null || lo === undefined ? undefined : `${num(lo)} – ${num(hi)}`);
  // One hover strip per day (or month): its tooltip says everything about it, in words, with the full date.
  const periods = [];
  for (let d = data.from; d <= data.to; d = next(d)) periods.push(d);
  const tips = periods.map((d) => {
    const f = live.get(d);
    const pf = past.get(d);
    const l = ly.get(d);
    const note = [d === data.marks.regime_start && t('markBreak'), closedDays.has(d) && t('markClosed'), lowDays.has(d) && t('markLow')].filter(Boolean).join('; ');
    return {
      x: dayStart(d), x2: dayStart(next(d)),
      tip: {
        title: when(d), [t('direction')]: name(data.direction),
        [t('actual')]: actual.has(d) ? num(actual.get(d)) : undefined,
        [t('forecastMean')]: f ? num(f.mean) : undefined, [t('interval80')]: f ? interval(f.lo80, f.hi80) : undefined, [t('interval95')]: f ? interval(f.lo95, f.hi95) : undefined,
        [t('forecastMade')]: pf ? `${num(pf.mean)}${pf.lo80 === null ? '' : ` (${t('interval80')} ${interval(pf.lo80, pf.hi80)})`}` : undefined,
        ...(state.overlay && l ? { [t('lastYearOn', when(l.source_date))]: num(l.count) } : {}),
        [t('holiday')]: holidayNames.get(d)?.join('; '),
        [t('eventBand')]: eventNames.get(d)?.join('; '),
        [t('note')]: note || undefined,
      },
    };
  });
  const layer = [];
  if (bands.length) {
    layer.push({ data: { values: bands }, mark: { type: 'rect', opacity: 0.45 }, encoding: { x: { field: 'x', type: 'temporal' }, x2: { field: 'x2' },
      fill: { field: 'region', type: 'nominal', title: t(data.events?.length ? 'group_holidays' : 'holidays'), scale: bandScale(bands), legend: { orient: 'top' } } } });
  }
  if (closures.length) layer.push({ data: { values: closures }, mark: { type: 'rect', color: '#bbbbbb', opacity: 0.5 }, encoding: { x: { field: 'x', type: 'temporal' }, x2: { field: 'x2' } } });
  if (state.overlay && data.last_year.rows.length) {
    layer.push({ data: { values: at(data.last_year.rows) }, mark: { type: 'line', strokeDash: [3, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'count', ...y }, color: { ...color, datum: t('lastYear') } } });
  }
  if (data.forecast.length) {
    const fc = { values: at(data.forecast) };
    layer.push(
      { data: fc, mark: { type: 'area', opacity: 0.9 }, encoding: { y: { field: 'lo95', ...y }, y2: { field: 'hi95' }, color: { ...color, datum: t('band95') } } },
      { data: fc, mark: { type: 'area', opacity: 0.9 }, encoding: { y: { field: 'lo80', ...y }, y2: { field: 'hi80' }, color: { ...color, datum: t('band80') } } },
      { data: fc, mark: { type: 'line', strokeWidth: 2 }, encoding: { y: { field: 'mean', ...y }, color: { ...color, datum: t('forecastMean') } } });
  }
  if (data.past?.rows.length) {
    const pf = { values: at(data.past.rows.filter((r) => r.lo80 !== null)) };
    layer.push(
      { data: pf, mark: { type: 'area', opacity: 0.6 }, encoding: { y: { field: 'lo80', ...y }, y2: { field: 'hi80' }, color: { ...color, datum: t('forecastMadeBand') } } },
      { data: { values: at(data.past.rows) }, mark: { type: 'line', strokeWidth: 1.8, strokeDash: [6, 3] }, encoding: { y: { field: 'mean', ...y }, color: { ...color, datum: t('forecastMade') } } });
  }
  if (data.actuals.length) {
    layer.push({ data: { values: at(data.actuals) }, mark: { type: 'line', point: { size: periods.length > 120 ? 0 : monthly ? 24 : 14 }, strokeWidth: 1.3 }, encoding: { y: { field: 'count', ...y }, color: { ...color, datum: t('actual') } } });
    const low = at(data.actuals.filter((a) => lowDays.has(a.date)));
    if (low.length) layer.push({ data: { values: low }, mark: { type: 'point', shape: 'triangle-down', filled: true, color: '#e6550d', size: 80, yOffset: -8 }, encoding: { y: { field: 'count', ...y } } });
  }
  if (data.marks.regime_start) layer.push({ data: { values: [{ x: dayStart(data.marks.regime_start) }] }, mark: { type: 'rule', color: '#d62728', strokeWidth: 2 } });
  if (data.last_actual >= data.from && data.last_actual < data.to) layer.push({ data: { values: [{ x: dayStart(next(data.last_actual)) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' } });
  const shown = bands.filter((b) => b.show);
  if (shown.length) {
    layer.push({ data: { values: shown }, mark: { type: 'text', align: 'left', baseline: 'top', dx: 2, fontSize: 10, color: '#6b5200' },
      encoding: { x: { field: 'lx', type: 'temporal' }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'name' } } });
  }
  layer.push({
    data: { values: tips },
    params: [{ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
    mark: { type: 'rect', color: '#000', opacity: 0, tooltip: { signal: 'datum.tip' } },
    encoding: { x: { field: 'x', type: 'temporal' }, x2: { field: 'x2' } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${portName(portById(data.port_id) ?? { name: data.port_id })} · ${t('rangeTitle')}`, subtitle: `${name(data.direction)} · ${name(data.category)} · ${when(data.from)} – ${when(data.to)}`, anchor: 'start', fontSize: 14 },
    width: 900,
    height: 320,
    config: { font: 'system-ui, "Noto Sans CJK SC", sans-serif', view: { stroke: null } },
    encoding: { x },
    layer,
  };
}

/** The band colours of the regions and events present, so the legend names only what the chart shows. */
function bandScale(bands) {
  const all = [[regionName('HK'), '#f6dcb0'], [regionName('CN'), '#f4c7c3'], [t('allRegions'), '#e6d3a3'], [t('eventBand'), '#cfe6c6']];
  const present = all.filter(([name]) => bands.some((b) => b.region === name));
  return { domain: present.map(([name]) => name), range: present.map(([, colour]) => colour) };
}

/** Staffing view: the per-shift plan by channel for a port and dates, parameters adjustable, reports to download. */
import { getFile, getJson } from '../api.js';
import { drawSpec } from '../charts.js';
import { errorText, h, loading, select, showError, table } from '../dom.js';
import { day, name, num, t } from '../i18n.js';
import { addDays, mayAct, state } from '../state.js';
import { portPicker } from './port.js';

const CHANNELS = ['egate', 'counter', 'priority'];

/**
 * The page's parameters and how each reaches GET /api/staffing (query name, value as the API takes it) and
 * where the answer's params echo it back, so the page can tell when the server did not apply one.
 */
const PARAMS = [
  { id: 'target_wait_minutes', label: 'targetWait', min: 1, max: 240, step: 1, from: (p) => p.channels.counter.targetWaitMinutes, toApi: (v) => v, echoed: (p) => [p.channels.egate.targetWaitMinutes, p.channels.counter.targetWaitMinutes] },
  { id: 'target_share', label: 'targetShare', min: 50, max: 99, step: 1, from: (p) => p.channels.counter.targetShare * 100, toApi: (v) => v / 100, echoed: (p) => CHANNELS.map((c) => p.channels[c].targetShare) },
  ...CHANNELS.map((c) => ({ id: `share_${c}`, label: `share${c[0].toUpperCase()}${c.slice(1)}`, min: 0, max: 100, step: 1, share: true, from: (p) => p.channels[c].share * 100, toApi: (v) => v / 100, echoed: (p) => [p.channels[c].share] })),
  { id: 'shrinkage', label: 'shrinkage', min: 0, max: 80, step: 1, from: (p) => p.channels.counter.shrinkage * 100, toApi: (v) => v / 100, echoed: (p) => CHANNELS.map((c) => p.channels[c].shrinkage) },
];

const view = { from: '', to: '', direction: '', basis: 'mean', values: {}, defaults: null };

/** Renders the staffing view into `main`. */
export async function renderStaffing(main) {
  if (!view.from) {
    view.from = state.from;
    view.to = addDays(state.from, 6);
  }
  const plan = h('div', { id: 'plan' });
  const chart = h('div', { class: 'chart', id: 'chart-officers' });
  const paramsNote = h('p', { id: 'params-note', class: 'warn', role: 'status', hidden: true });
  const form = paramsForm(() => loadPlan(plan, chart, paramsNote));
  main.replaceChildren(
    h('h2', {}, t('staffingTitle')),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      portPicker('staffing'),
      dateField('staff-from', t('from'), view.from, (v) => { view.from = v; loadPlan(plan, chart, paramsNote); }),
      dateField('staff-to', t('to'), view.to, (v) => { view.to = v; loadPlan(plan, chart, paramsNote); }),
      select('staff-direction', t('direction'), [['', t('both')], ['arrival', name('arrival')], ['departure', name('departure')]], view.direction,
        (d) => { view.direction = d; loadPlan(plan, chart, paramsNote); }),
      select('staff-basis', t('basis'), [['mean', t('basisMean')], ['hi80', t('basisHi80')]], view.basis,
        (b) => { view.basis = b; loadPlan(plan, chart, paramsNote); })),
    h('div', { class: 'staffing' },
      h('section', { class: 'params' }, h('h3', {}, t('params')), form, paramsNote),
      h('section', { class: 'plan' }, chart, h('div', { class: 'chart', id: 'chart-curve' }), plan)),
    downloads(),
  );
  await loadPlan(plan, chart, paramsNote);
}

function dateField(id, label, value, onchange) {
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('input', { id, type: 'date', value, min: state.from, max: state.to, onchange: (e) => e.target.value && onchange(e.target.value) }));
}

/** The parameter inputs; a change recomputes the plan (the button does the same for keyboard users). */
function paramsForm(recompute) {
  const error = h('p', { class: 'error-inline', role: 'alert', id: 'params-error', hidden: true });
  const inputs = PARAMS.map((p) => h('div', { class: 'field' },
    h('label', { for: `param-${p.id}` }, t(p.label)),
    h('input', { id: `param-${p.id}`, name: p.id, type: 'number', inputmode: 'numeric', min: p.min, max: p.max, step: p.step,
      value: view.values[p.id] ?? (view.defaults ? round(p.from(view.defaults)) : '') })));
  const form = h('form', { id: 'params-form', novalidate: true }, inputs, error,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, t('update')),
      h('button', { type: 'button', onclick: () => { view.values = {}; fill(form); recompute(); } }, t('reset'))));
  const apply = (e) => {
    e?.preventDefault();
    const values = {};
    for (const p of PARAMS) {
      const v = Number(form.elements[p.id].value);
      if (form.elements[p.id].value !== '' && Number.isFinite(v)) values[p.id] = v;
    }
    const sum = CHANNELS.reduce((s, c) => s + (values[`share_${c}`] ?? 0), 0);
    error.hidden = Math.abs(sum - 100) < 0.01;
    error.textContent = error.hidden ? '' : t('sharesSum', round(sum));
    if (!error.hidden) return;
    view.values = values;
    recompute();
  };
  form.addEventListener('submit', apply);
  form.addEventListener('change', apply);
  return form;
}

const round = (x) => Math.round(x * 100) / 100;

/** Puts the server's defaults into inputs the user has not set. */
function fill(form) {
  if (!view.defaults || !form) return;
  for (const p of PARAMS) {
    const input = form.elements[p.id];
    if (view.values[p.id] === undefined) input.value = round(p.from(view.defaults));
  }
}

/** The changed parameters as API query values. */
function paramQuery() {
  const q = {};
  for (const p of PARAMS) {
    const v = view.values[p.id];
    if (v !== undefined && (!view.defaults || Math.abs(v - p.from(view.defaults)) > 1e-9)) q[p.id] = p.toApi(v);
  }
  return q;
}

function planQuery() {
  return { port: state.port, from: view.from, to: view.to, direction: view.direction, basis: view.basis };
}

let seq = 0;

async function loadPlan(el, chart, note) {
  const mine = ++seq; // a slower older answer must not overwrite a newer one
  loading(el);
  const sent = paramQuery();
  try {
    const res = await getJson('/api/staffing', { ...planQuery(), ...sent, slots: true });
    if (mine !== seq) return;
    if (!view.defaults && Object.keys(sent).length === 0) view.defaults = res.params;
    fill(document.getElementById('params-form'));
    const ignored = PARAMS.filter((p) => sent[p.id] !== undefined && p.echoed(res.params).some((v) => Math.abs(v - sent[p.id]) > 1e-9));
    note.hidden = ignored.length === 0;
    note.textContent = note.hidden ? '' : t('notApplied', ignored.map((p) => t(p.label)).join(', '));
    showPlan(el, res);
    await drawSpec(chart, officersSpec(res), { label: t('officersChart') });
    const curve = document.getElementById('chart-curve');
    const busiest = busiestDay(res.slots ?? []);
    if (curve && busiest) await drawSpec(curve, curveSpec(res.slots, busiest), { label: t('curveChart', day(busiest)) });
  } catch (err) {
    if (mine === seq) showError(el, err, () => loadPlan(el, chart, note));
  }
}

/** One row per shift and direction: positions open at the shift's busiest slot per channel, officers rostered. */
function showPlan(el, res) {
  const order = new Map(res.params.shifts.map((s, i) => [s.name, i]));
  const rows = new Map();
  for (const s of res.shifts) {
    const key = `${s.shift_date}\u0000${String(order.get(s.shift) ?? 9)}\u0000${s.direction}`;
    const r = rows.get(key) ?? { date: s.shift_date, shift: s.shift, times: s.shift_times ?? '', direction: s.direction, complete: s.complete, officers: 0, short: {}, waits: [] };
    // Residents' and visitors' lines of a channel: their positions and shortfalls add up.
    r[s.channel] = (r[s.channel] ?? 0) + s.positions_peak;
    r.short[s.channel] = (r.short[s.channel] ?? 0) + s.shortfall_peak;
    if (s.shortfall_peak > 0) r.waits.push(waitText(s));
    r.officers += s.officers_rostered; // the plan's apportioned share: rows add up to the chart's totals
    rows.set(key, r);
  }
  const sorted = [...rows].sort((a, b) => a[0].localeCompare(b[0])).map(([, r]) => r);
  const total = sorted.reduce((s, r) => s + r.officers, 0);
  el.removeAttribute('aria-busy');
  el.dataset.officers = String(total);
  const shortRows = sorted.filter((r) => CHANNELS.some((c) => r.short[c] > 0));
  el.dataset.short = String(shortRows.length);
  const targets = res.targets ? t('targetsLine', ...['residents', 'visitors'].map((g) => [Math.round(res.targets[g].targetShare * 100), res.targets[g].targetWaitMinutes])) : '';
  el.replaceChildren(
    h('p', { id: 'staffing-targets', class: 'muted' }, targets),
    h('p', { id: 'staffing-shortfall', class: shortRows.length ? 'warn' : 'muted', role: 'status' }, shortRows.length ? t('shortSummary', shortRows.length, sorted.length) : t('noShort')),
    table(`${t('staffingTitle')} · ${day(res.from)} – ${day(res.to)}`,
      [t('date'), t('shift'), t('direction'), ...CHANNELS.map((c) => ({ text: t(c), n: true })), { text: t('officers'), n: true }, { text: t('shortfall'), wrap: true }],
      sorted.map((r) => [day(r.date), r.complete ? `${name(r.shift)} ${r.times}` : h('span', { title: t('partial') }, `${name(r.shift)}* ${r.times}`), name(r.direction),
        ...CHANNELS.map((c) => num(r[c])), num(r.officers),
        CHANNELS.some((c) => r.short[c] > 0)
          ? h('span', { class: 'short', title: r.waits.join('\n') }, CHANNELS.filter((c) => r.short[c] > 0).map((c) => `${t(c)} −${num(r.short[c])}`).join(', '))
          : ''])));
}

/** What a short line achieves at capacity, for the cell's tooltip. */
function waitText(s) {
  const group = t(s.group);
  if (s.unstable || s.mean_wait_max_seconds === null) return t('unstable', group, t(s.channel));
  return t('atCapacity', group, t(s.channel), Math.floor(s.service_level_min * 100), s.target_wait_minutes, Math.round(s.mean_wait_max_seconds / 60));
}

/** Officers rostered per shift (both directions, all channels) as a bar chart. */
function officersSpec(res) {
  const values = res.officers.map((o) => ({ when: `${o.shift_date} ${name(o.shift)}`, shift: name(o.shift), times: o.shift_times ?? '', officers: o.officers_rostered, date: o.shift_date }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t('officersChart'), anchor: 'start', fontSize: 14 },
    width: 560,
    height: 200,
    config: { font: 'system-ui, "Noto Sans CJK SC", sans-serif', view: { stroke: null } },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'when', type: 'ordinal', sort: null, title: null, axis: { labelExpr: "substring(datum.value, 5, 10)", labelAngle: -60, labelOverlap: true } },
      y: { field: 'officers', type: 'quantitative', title: t('officers') },
      color: { field: 'shift', type: 'nominal', title: t('shift'), sort: null, scale: { range: ['#f2b447', '#1f77b4', '#3b3b6d'] }, legend: { orient: 'top' } },
      tooltip: [{ field: 'date', title: t('date') }, { field: 'shift', title: t('shift') }, { field: 'times', title: name('shiftTimes') }, { field: 'officers', type: 'quantitative', title: t('officers') }],
    },
  };
}

/** The plan's day with the most positions open over its half-hours. */
function busiestDay(slots) {
  const byDay = new Map();
  for (const s of slots) byDay.set(s.date, (byDay.get(s.date) ?? 0) + s.positions);
  return [...byDay].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** The half-hour requirement curve of one day: positions open per slot over all channels, a line per direction. */
function curveSpec(slots, date) {
  const sums = new Map();
  for (const s of slots.filter((x) => x.date === date)) {
    const key = `${s.start}|${s.direction}`;
    const row = sums.get(key) ?? { start: s.start, direction: name(s.direction), positions: 0, arrivals: 0 };
    row.positions += s.positions;
    row.arrivals += s.arrivals;
    sums.set(key, row);
  }
  const values = [...sums.values()].map((r) => ({ ...r, arrivals: Math.round(r.arrivals) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t('curveChart', day(date)), anchor: 'start', fontSize: 14 },
    width: 560,
    height: 200,
    config: { font: 'system-ui, "Noto Sans CJK SC", sans-serif', view: { stroke: null } },
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', point: false },
    encoding: {
      x: { field: 'start', type: 'ordinal', sort: null, title: t('halfHour'), axis: { labelExpr: "substring(datum.value, 3) == '00' ? datum.value : ''", labelAngle: 0 } },
      y: { field: 'positions', type: 'quantitative', title: t('positionsOpen') },
      color: { field: 'direction', type: 'nominal', title: t('direction'), legend: { orient: 'top' } },
      tooltip: [{ field: 'start', title: t('halfHour') }, { field: 'direction', title: t('direction') }, { field: 'positions', type: 'quantitative', title: t('positionsOpen') }, { field: 'arrivals', type: 'quantitative', title: name('total'), format: ',' }],
    },
  };
}

/** Buttons that fetch a report with the key and save it (manager role; a missing role is explained, the buttons disabled). */
function downloads() {
  const allowed = mayAct('manager');
  const status = h('p', { id: 'download-status', role: 'status', class: allowed ? null : 'muted' }, allowed ? '' : t('downloadsNeedManager', state.access?.role ?? null));
  const button = (report, format) => h('button', {
    type: 'button', 'data-report': report, 'data-format': format, disabled: !allowed, 'aria-describedby': allowed ? null : 'download-status',
    onclick: async (e) => {
      const b = e.currentTarget;
      b.disabled = true;
      status.className = '';
      status.textContent = t('loading');
      try {
        const q = report === 'staffing' ? { ...planQuery(), ...paramQuery(), format } : { port: state.port, from: view.from, to: view.to, direction: view.direction, basis: view.basis, format };
        const file = await getFile(`/api/reports/${report}`, q);
        const a = h('a', { href: URL.createObjectURL(file.blob), download: file.filename, hidden: true });
        document.body.append(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        status.textContent = t('downloaded', file.filename);
      } catch (err) {
        status.className = 'error-inline';
        status.textContent = errorText(err);
      } finally {
        b.disabled = false;
      }
    },
  }, format.toUpperCase());
  return h('section', { class: 'downloads' }, h('h3', {}, t('downloads')),
    h('div', { class: 'download-row' }, h('span', {}, t('staffingReport')), ['xlsx', 'pdf', 'csv'].map((f) => button('staffing', f))),
    h('div', { class: 'download-row' }, h('span', {}, t('peakReport')), ['xlsx', 'pdf', 'csv'].map((f) => button('peaks', f))),
    status);
}

/** Tiny DOM helpers: build elements, show loading and error states. */
import { ApiError } from './api.js';
import { fullDay, month, t } from './i18n.js';

/** Creates an element: h('td', { class: 'n' }, '12'); attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

/** A <select> labelled by `label`, with options [value, text] and one selected. */
export function select(id, label, options, value, onchange) {
  const s = h('select', { id, onchange: (e) => onchange(e.target.value) },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return h('div', { class: 'field' }, h('label', { for: id }, label), s);
}

/** Marks a region as loading (spinner text, aria-busy). */
export function loading(el) {
  el.setAttribute('aria-busy', 'true');
  el.replaceChildren(h('p', { class: 'loading' }, t('loading')));
}

/** The message a user should read for an error: what went wrong and what to do. */
export function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('networkError');
    if (err.status === 401) return `${t(/not valid/.test(err.message) ? 'badKey' : 'needKey')} (${err.message})`;
    if (err.status === 403) {
      const role = /needs the (\w+) role/.exec(err.message)?.[1] ?? 'manager';
      return `${t('needRole', role)} (${err.message})`;
    }
    return `${err.message} (HTTP ${err.status})`;
  }
  return String(err?.message ?? err);
}

/** Shows an error in a region, with a retry button when `retry` is given; never swallowed. */
export function showError(el, err, retry) {
  el.removeAttribute('aria-busy');
  el.replaceChildren(h('div', { class: 'error', role: 'alert' },
    h('p', {}, errorText(err)),
    retry ? h('button', { type: 'button', onclick: retry }, t('retry')) : null));
  document.dispatchEvent(new CustomEvent('api-error', { detail: err }));
}

/** A table with a caption, header cells and rows of cells (numbers right-aligned by class "n"), in a scrolling wrapper. */
export function table(caption, head, rows) {
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col', class: c.n ? 'n' : null }, c.text ?? c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) =>
        i === 0 ? h('th', { scope: 'row' }, c) : h('td', { class: typeof c === 'number' || head[i]?.n ? 'n' : head[i]?.wrap ? 'wrap' : null }, c)))))));
}

/** Why a port's forecast is not an ordinary one (its series stopped, or only zeros lately), or null. */
export function forecastNotice(port) {
  const when = (iso) => (port.freq === 'month' ? month(iso) : fullDay(iso));
  const text = {
    stale: () => t('staleNotice', when(port.last_date), when(port.forecast_from)),
    closed: () => t('closedNotice'),
    not_forecast: () => t('notForecastNotice', when(port.last_date)),
  }[port.forecast_status];
  return text ? h('p', { class: 'notice', id: 'forecast-notice', role: 'note' }, text()) : null;
}

/**
 * "Data up to 31 Dec 2025 (340 days ago)" for the given ports' latest actual; amber when the data is older
 * than one period of its frequency (a day, or a month and a half for monthly counts).
 */
export function dataStamp(ports, today = new Date()) {
  const last = ports.map((p) => p.last_date).filter(Boolean).sort().at(-1);
  if (!last) return null;
  const days = Math.round((Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - Date.parse(`${last}T00:00:00Z`)) / 86_400_000);
  const monthly = ports.every((p) => !p.freq || p.freq === 'month');
  // A monthly count is dated the 1st and published weeks after the month ends.
  const old = days > (monthly ? 75 : 1);
  return h('p', { class: `stamp${old ? ' stale' : ''}`, id: 'data-stamp' }, t('dataUpTo', monthly ? month(last) : fullDay(last), days));
}

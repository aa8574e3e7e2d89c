/** Vega-Lite charts from the API (or built here) drawn with vega-embed, fitted to their container. */
import { getJson } from './api.js';
import { h, loading, showError } from './dom.js';
import { currentLang, t } from './i18n.js';

// Specs carry their data inline; a loader that refuses every URL keeps charts from reaching the network.
const offlineLoader = () => {
  const loader = window.vega.loader();
  loader.load = async (uri) => { throw new Error(`charts load no external data (${uri})`); };
  return loader;
};

/**
 * Fits a spec to a container: the whole chart (axes and legends included) takes the container's width,
 * down to `minWidth` (then the box scrolls sideways, as a heatmap of 56 days needs on a phone).
 */
function fit(spec, box, minWidth) {
  const avail = Math.max(260, box.clientWidth - 20);
  if (typeof spec.width === 'number') {
    spec.width = Math.max(minWidth ?? 0, avail);
    spec.autosize = { type: 'fit-x', contains: 'padding' };
  }
  if (avail < 480) {
    // A phone: shorter charts, long titles cut with an ellipsis, legends in two columns rather than off the edge.
    if (typeof spec.height === 'number') spec.height = Math.round(spec.height * 0.8);
    const config = spec.config ?? {};
    spec.config = { ...config, title: { ...config.title, limit: avail - 24 }, legend: { ...config.legend, columns: 2 } };
  }
  return spec;
}

/** Draws a Vega-Lite spec in `el`; resolves when the SVG is on the page (el gets data-rendered="true"). */
export async function drawSpec(el, spec, options = {}) {
  if (!window.vega || !window.vegaEmbed) throw new Error(t('chartLibMissing'));
  el.setAttribute('aria-busy', 'true');
  const target = h('div', { class: 'vega' });
  el.replaceChildren(target);
  const result = await window.vegaEmbed(target, fit(spec, el, options.minWidth), {
    actions: false,
    renderer: 'svg',
    ast: true, // the AST interpreter: no eval, so the page's CSP can forbid it
    loader: offlineLoader(),
    tooltip: { theme: 'light' },
  });
  el.removeAttribute('aria-busy');
  el.dataset.rendered = 'true';
  if (options.label) target.querySelector('svg')?.setAttribute('aria-label', options.label);
  return result;
}

/** Loads GET /api/charts/{name} with `params` and draws it; loading and error states shown in `el`. */
export async function showChart(el, name, params, options = {}) {
  delete el.dataset.rendered;
  loading(el);
  try {
    const request = getJson(`/api/charts/${name}`, { ...params, lang: currentLang() });
    el.specLoaded = request.catch(() => {}); // lets a view hold its other queries until the chart's answer
    await drawSpec(el, await request, options);
    return true;
  } catch (err) {
    showError(el, err, () => showChart(el, name, params, options));
    return false;
  }
}

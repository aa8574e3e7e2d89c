/** The dashboard's entry: language, API key, routing between the three views. */
import { apiKey, getJson, setApiKey } from './api.js';
import { errorText, h, loading, showError } from './dom.js';
import { currentLang, LANGS, portName, setLang, t } from './i18n.js';
import { addressOf, portById, readAddress, setPorts, state } from './state.js';
import { renderOverview } from './views/overview.js';
import { renderPort } from './views/port.js';
import { renderStaffing } from './views/staffing.js';

const VIEWS = { overview: renderOverview, port: renderPort, staffing: renderStaffing };

// Every view needs the port list: ask for it before the page has even finished loading.
let portsRequest = getJson('/api/ports');
portsRequest.catch(() => {}); // handled where it is awaited
// And what this tab may do (local mode, the key's role), so views explain actions instead of failing them.
let accessRequest = getJson('/api/access');
accessRequest.catch(() => {});

// The module runs as soon as it is loaded (async), so it may run before the deferred vega builds: the
// document is 'interactive' once parsed, before they have run. Wait until they have (DOMContentLoaded comes
// after them), or for the page's load if one failed and DOMContentLoaded has been and gone.
if (document.readyState === 'loading' || (!window.vegaEmbed && document.readyState !== 'complete')) {
  await new Promise((resolve) => {
    document.addEventListener('DOMContentLoaded', resolve, { once: true });
    window.addEventListener('load', resolve, { once: true });
  });
}

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const keyForm = document.getElementById('key-form');
const keyToggle = document.getElementById('key-toggle');

/** "#/port/hk-lo-wu?range=season" → { view: 'port', port: 'hk-lo-wu' }, the rest of the address read into the state. */
function route() {
  const { view, port } = readAddress(location.hash);
  return { view: VIEWS[view] ? view : 'overview', port };
}

let portsLoaded = false;

/** Draws the view the address names (loading the port list first, once). */
async function render() {
  const { view, port } = route();
  if (port) state.port = port;
  for (const a of document.querySelectorAll('nav a')) {
    a.href = addressOf(a.dataset.view);
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  hideNotice();
  if (!state.access) await loadAccess();
  if (!portsLoaded) {
    loading(main);
    try {
      setPorts(await (portsRequest ?? getJson('/api/ports')));
      portsLoaded = true;
      if (port) state.port = port; // the address wins over setPorts' default, even when it names no port
    } catch (err) {
      portsRequest = null; // a retry (after a key is entered) asks again
      showError(main, err, render);
      return;
    }
  }
  main.removeAttribute('aria-busy');
  main.dataset.view = view;
  if (view !== 'overview' && !(await portIsShowable(view))) return;
  await VIEWS[view](main);
}

/**
 * A port view needs a port with data: a name in the address (any language) is looked up, a miss says
 * "not found" with the nearest names, and a port without data says so, instead of a view of errors.
 */
async function portIsShowable(view) {
  if (!portById(state.port)) {
    let found;
    try {
      found = await getJson('/api/ports/lookup', { q: state.port });
    } catch (err) {
      showError(main, err, render);
      return false;
    }
    if (found.port_id) {
      state.port = found.port_id;
      history.replaceState(null, '', addressOf(view));
    } else {
      const links = found.suggestions.map((s) => h('a', { href: `#/${view}/${encodeURIComponent(s.port_id)}` }, portName(portById(s.port_id) ?? s)));
      main.replaceChildren(h('div', { class: 'empty', role: 'status', id: 'port-missing' },
        h('h2', {}, t('portNotFound', state.port)),
        links.length ? h('p', {}, t('didYouMean'), ' ', ...links.flatMap((a, i) => (i ? [' · ', a] : [a]))) : null,
        h('p', {}, h('a', { href: '#/overview' }, t('backToOverview')))));
      return false;
    }
  }
  const port = portById(state.port);
  if (!port.last_date) {
    main.replaceChildren(h('div', { class: 'empty', role: 'status', id: 'port-missing' },
      h('h2', {}, portName(port)),
      h('p', {}, t('portNoData')),
      h('p', {}, h('a', { href: '#/overview' }, t('backToOverview')))));
    return false;
  }
  return true;
}

/** Asks the server what this tab may do (once per key) and shows local or open mode in the bar. */
async function loadAccess() {
  try {
    state.access = await (accessRequest ?? getJson('/api/access'));
  } catch {
    state.access = null; // an older server: views fall back to the server's own refusals
  }
  accessRequest = null;
  showAccess();
}

function showAccess() {
  const badge = document.getElementById('access-mode');
  const mode = state.access?.mode;
  badge.hidden = mode !== 'local' && mode !== 'open';
  badge.textContent = badge.hidden ? '' : t(mode === 'local' ? 'localMode' : 'openMode');
  badge.title = badge.hidden ? '' : t(mode === 'local' ? 'localModeTitle' : 'openModeTitle');
  showKeyState();
}

/** Shows a message above the page (API key needed, role missing). */
function showNotice(text) {
  notice.textContent = text;
  notice.hidden = false;
}
function hideNotice() {
  notice.hidden = true;
}

function openKeyForm(open) {
  keyForm.hidden = !open;
  keyToggle.setAttribute('aria-expanded', String(open));
  if (open) document.getElementById('key-input').focus();
}

function showKeyState() {
  const local = state.access?.mode === 'local' || state.access?.mode === 'open';
  document.getElementById('key-state').textContent = apiKey() ? t('keySaved') : local ? t('keyLocal') : t('keyNone');
}

// A 401 anywhere opens the key form with the reason; a 403 says which role is missing.
document.addEventListener('api-error', (e) => {
  const err = e.detail;
  if (err?.status === 401) {
    showNotice(errorText(err));
    openKeyForm(true);
  } else if (err?.status === 403) {
    showNotice(errorText(err));
  }
});

keyToggle.addEventListener('click', () => openKeyForm(keyForm.hidden));
keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey(document.getElementById('key-input').value.trim());
  document.getElementById('key-input').value = '';
  showKeyState();
  openKeyForm(false);
  state.access = null; // another key, other roles
  render();
});
document.getElementById('key-forget').addEventListener('click', () => {
  setApiKey('');
  state.access = null;
  showKeyState();
  render();
});

const langMenu = document.getElementById('lang');
langMenu.replaceChildren(...LANGS.map((l) => Object.assign(document.createElement('option'), { value: l.code, textContent: l.label, lang: l.html })));
function labelLangMenu() {
  langMenu.value = currentLang();
  document.getElementById('footer').textContent = t('footer');
  showAccess();
}
langMenu.addEventListener('change', () => {
  setLang(langMenu.value);
  labelLangMenu();
  render();
});

window.addEventListener('hashchange', render);
setLang(currentLang());
labelLangMenu();
render();

/** The dashboard's entry: language, API key, routing between the three views. */
import { apiKey, getJson, setApiKey } from './api.js';
import { errorText, h, loading, showError } from './dom.js';
import { currentLang, setLang, t } from './i18n.js';
import { setPorts, state } from './state.js';
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

/** "#/port/hk-lo-wu" → { view: 'port', port: 'hk-lo-wu' }. */
function route() {
  const [, view = 'overview', port] = location.hash.split('/');
  return { view: VIEWS[view] ? view : 'overview', port: port ? decodeURIComponent(port) : undefined };
}

let portsLoaded = false;

/** Draws the view the address names (loading the port list first, once). */
async function render() {
  const { view, port } = route();
  if (port) state.port = port;
  for (const a of document.querySelectorAll('nav a')) {
    a.href = a.dataset.view === 'overview' ? '#/overview' : `#/${a.dataset.view}/${encodeURIComponent(state.port)}`;
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
    } catch (err) {
      portsRequest = null; // a retry (after a key is entered) asks again
      showError(main, err, render);
      return;
    }
  }
  main.removeAttribute('aria-busy');
  main.dataset.view = view;
  await VIEWS[view](main);
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

const langButton = document.getElementById('lang');
function labelLangButton() {
  // The button names the other language, in that language.
  const zh = currentLang() === 'zh';
  langButton.textContent = zh ? 'English' : '中文';
  langButton.lang = zh ? 'en' : 'zh';
  langButton.setAttribute('aria-label', zh ? 'Switch to English' : '切换到中文');
  document.getElementById('footer').textContent = t('footer');
  showAccess();
}
langButton.addEventListener('click', () => {
  setLang(currentLang() === 'zh' ? 'en' : 'zh');
  labelLangButton();
  render();
});

window.addEventListener('hashchange', render);
setLang(currentLang());
labelLangButton();
render();

/** What the page is showing: the ports, the selected port, direction and category, the forecast range. */

/** Shared, mutable page state (one page, one user: a plain object is enough). */
export const state = {
  ports: [],
  port: 'hk-lo-wu',
  direction: 'arrival',
  category: 'total',
  /** Country the overview shows (HK, US ...). */
  region: '',
  /** First and last day of the coming 8 weeks of forecasts. */
  from: '',
  to: '',
  /** The range of the port view and the overview: a preset (next8, next12, holiday, season, last_year) or custom with its first and last day. */
  range: 'next8',
  rangeFrom: '',
  rangeTo: '',
  /** Whether the port chart draws last year, lined up on the range's main festival. */
  overlay: false,
  /** GET /api/access: { mode: 'keys' | 'local' | 'open', role, roles }; null until known (or when it failed). */
  access: null,
};

/** True when the access the server reported grants `role` (unknown access: assume yes and let the server say). */
export const mayAct = (role) => !state.access || state.access.roles.includes(role);

/** YYYY-MM-DD plus n days. */
export function addDays(iso, n) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Ports with daily data (the ones forecast day by day), busiest regions first as the API lists them. */
export const dailyPorts = () => state.ports.filter((p) => p.freq === 'day' || p.freq === 'hour');

/** Takes GET /api/ports: keeps the list, and sets the forecast range to the 8 weeks after the last daily actuals. */
export function setPorts(ports) {
  state.ports = ports;
  const daily = dailyPorts();
  const last = daily.map((p) => p.last_date).filter(Boolean).sort().at(-1);
  if (last) {
    state.from = addDays(last, 1);
    state.to = addDays(state.from, 55);
  }
  if (!ports.some((p) => p.port_id === state.port)) state.port = daily[0]?.port_id ?? ports[0]?.port_id ?? '';
}

/** The port object of an id. */
export const portById = (id) => state.ports.find((p) => p.port_id === id);

/** The range presets the port view and the overview offer, in order (recent and next12 for monthly series, next8 for daily ones). */
export const RANGES = ['next8', 'recent', 'next12', 'holiday', 'season', 'last_year', 'custom'];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads an address such as "#/port/hk-lo-wu?direction=departure&range=custom&from=2025-10-01&to=2025-10-28&overlay=1"
 * into the state and returns its view and port; what it leaves out takes its default, so a shared link shows the same.
 */
export function readAddress(hash) {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const [, view = 'overview', port] = path.split('/');
  const p = new URLSearchParams(search);
  state.direction = p.get('direction') === 'departure' ? 'departure' : 'arrival';
  state.category = p.get('category') || 'total';
  state.range = RANGES.includes(p.get('range')) ? p.get('range') : 'next8';
  if (view === 'overview') state.region = /^[A-Z]{2}$/.test(p.get('region') ?? '') ? p.get('region') : '';
  state.rangeFrom = ISO.test(p.get('from') ?? '') ? p.get('from') : '';
  state.rangeTo = ISO.test(p.get('to') ?? '') ? p.get('to') : '';
  if (state.range === 'custom' && !(state.rangeFrom && state.rangeTo)) state.range = 'next8';
  state.overlay = p.get('overlay') === '1';
  return { view, port: port ? decodeURIComponent(port) : undefined };
}

/** The address of a view holding the page's state (defaults left out), e.g. "#/port/hk-lo-wu?range=season". */
export function addressOf(view, port = state.port) {
  const p = new URLSearchParams();
  if (view === 'overview') {
    // The first region (Hong Kong) is the default; a range picked for one region means nothing for another.
    if (state.region && state.region !== 'HK') p.set('region', state.region);
  } else {
    if (state.direction !== 'arrival') p.set('direction', state.direction);
    if (state.category !== 'total') p.set('category', state.category);
  }
  if (view === 'port' || view === 'overview') {
    if (state.range !== 'next8') p.set('range', state.range);
    if (state.range === 'custom') {
      p.set('from', state.rangeFrom);
      p.set('to', state.rangeTo);
    }
    if (state.overlay && view === 'port') p.set('overlay', '1');
  }
  const q = p.toString();
  if (view === 'overview') return `#/overview${q ? `?${q}` : ''}`;
  return `#/${view}/${encodeURIComponent(port)}${q ? `?${q}` : ''}`;
}

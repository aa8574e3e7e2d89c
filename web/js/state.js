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

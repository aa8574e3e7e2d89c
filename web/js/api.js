/** Calls to the crossings API: the key from session storage as x-api-key, errors thrown with the server's message. */

const KEY = 'crossings.apiKey';

/** The API key kept for this tab, or '' when none. */
export const apiKey = () => sessionStorage.getItem(KEY) ?? '';

/** Keeps a key for this tab (an empty key forgets it). */
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

/** An API error: status (0 when the server was not reached), and the server's own message. */
export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

/** A path with its query string; undefined, null and '' values are left out. */
export function url(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function request(path, params) {
  const headers = {};
  const key = apiKey();
  if (key) headers['x-api-key'] = key;
  let res;
  try {
    res = await fetch(url(path, params), { headers });
  } catch (err) {
    throw new ApiError(0, String(err?.message ?? err), path);
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body?.message) message = body.message;
    } catch { /* not JSON: keep the status line */ }
    throw new ApiError(res.status, message, path);
  }
  return res;
}

/** GET a JSON answer, e.g. await getJson('/api/peaks', { port: 'hk-lo-wu' }). */
export async function getJson(path, params) {
  return (await request(path, params)).json();
}

/** GET a file: its bytes, type and the file name the server gave in Content-Disposition. */
export async function getFile(path, params) {
  const res = await request(path, params);
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? path.split('/').pop();
  return { blob: await res.blob(), type: res.headers.get('content-type') ?? '', filename };
}

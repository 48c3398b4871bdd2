// api.js - the one way the UI talks to the /v1 API, and the signed-in session.
//
// Where the bearer token lives, and why: in this origin's localStorage
// ("agora.token"). Pages of other sites cannot read another origin's storage,
// so no other site can take it; it is never put in a URL (it would leak
// through Referer headers and logs) nor in a cookie (the browser would send a
// cookie with requests forged by other sites, so every write would need CSRF
// defences; a bearer header is only ever sent by our own code). What could
// read it is script running in our own pages, which the server's
// Content-Security-Policy (script-src 'self', no inline script) and the rule
// that all user text is set as text (core/dom.js) keep out. Logging out
// revokes the token on the server and forgets it here.

const TOKEN_KEY = 'agora.token';

// An error answer of the API: RFC 9457 problem details.
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.code = (problem && problem.code) || 'http_' + status;
    this.problem = problem || {};
    // [{pointer: '/email', detail: '...'}, {parameter: 'q', detail: '...'}]
    this.errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
  }
}

let account = null; // the signed-in account (GET /v1/me), or null
const listeners = new Set();

function storedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (private mode): the session lasts for this page.
  }
}

let token = storedToken();

function changed() {
  for (const fn of listeners) fn(account);
}

export const session = {
  get account() {
    return account;
  },
  get signedIn() {
    return account !== null;
  },
  // fn(account) runs whenever someone signs in or out.
  onChange(fn) {
    listeners.add(fn);
  },
  // Loads the account of a saved token; a stale token is forgotten.
  async restore() {
    if (!token) return null;
    try {
      account = await get('/v1/me');
    } catch (e) {
      if (e.status === 401 || e.status === 403) {
        token = null;
        storeToken(null);
      }
      account = null;
    }
    changed();
    return account;
  },
  async login(email, password) {
    const res = await send('POST', '/v1/auth/login', {email, password});
    return adopt(res);
  },
  async signup(fields) {
    const res = await send('POST', '/v1/auth/signup', fields);
    return adopt(res);
  },
  async logout() {
    try {
      if (token) await send('POST', '/v1/auth/logout');
    } finally {
      forget();
    }
  },
  // Forgets the session here (after an erasure, or a token the server refused).
  forget,
  // Reloads the account (after a profile change).
  async refresh() {
    account = await get('/v1/me');
    changed();
    return account;
  },
};

function forget() {
  token = null;
  account = null;
  storeToken(null);
  changed();
}

async function adopt(res) {
  token = res.token;
  storeToken(token);
  account = await get('/v1/me');
  changed();
  return account;
}

// Builds "/v1/search?q=milk&limit=20", leaving out empty values.
export function url(path, query) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') qs.append(k, String(v));
  }
  const q = qs.toString();
  return q ? `${path}?${q}` : path;
}

async function request(method, path, {body, contentType, query, headers} = {}) {
  const h = {Accept: 'application/json', ...headers};
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = contentType || 'application/json';
  let res;
  try {
    res = await fetch(url(path, query), {
      method,
      headers: h,
      body: body === undefined ? undefined : (contentType ? body : JSON.stringify(body)),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, {code: 'network_error', detail: 'network'});
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') && res.status !== 204 ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    // A revoked or expired session: forget it so the UI shows "log in".
    if (res.status === 401 && token && path !== '/v1/auth/login') forget();
    throw new ApiError(res.status, data);
  }
  return data;
}

export function get(path, query) {
  return request('GET', path, {query});
}

// A write. Every write carries an Idempotency-Key, so that a retry after a
// lost answer (a flaky mobile connection) never writes twice.
export function send(method, path, body, query) {
  return request(method, path, {body, query, headers: {'Idempotency-Key': newKey()}});
}

// Uploads a file (a product feed) as it is, with its content type.
export function upload(path, file, contentType, query) {
  return request('POST', path, {body: file, contentType, query,
    headers: {'Idempotency-Key': newKey()}});
}

// Reads every page of a list (for short lists: categories, brands, stores).
export async function getAll(path, query, max = 1000) {
  const items = [];
  let cursor;
  do {
    const page = await get(path, {...query, limit: 100, cursor});
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

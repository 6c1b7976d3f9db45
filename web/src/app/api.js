// The one client of the Synaps API (/api/v1): the session cookie authenticates, and every
// write carries the session's CSRF token. Failures are thrown as ApiError; a 401 also tells
// the page (event "synaps:unauthenticated") so that it asks to log in again.

const BASE = '/api/v1';
let csrfToken = '';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
  }
}

const enc = encodeURIComponent;

async function request(method, path, { query, body, signal, raw } = {}) {
  let url = BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
    }
    const text = params.toString();
    if (text) url += `?${text}`;
  }
  // X-Requested-With: a 401 without the Basic challenge, so the browser shows no dialog.
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  const init = { method, headers, credentials: 'same-origin', signal, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (!response.ok) throw await errorOf(response);
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

async function errorOf(response) {
  let code = '';
  let message = '';
  try {
    const json = await response.json();
    code = json.error?.code || '';
    message = json.error?.message || '';
  } catch { /* not JSON */ }
  if (response.status === 401 && code !== 'wrong_password') {
    window.dispatchEvent(new CustomEvent('synaps:unauthenticated'));
  }
  return new ApiError(response.status, code, message);
}

// Sessions.
export async function login(loginName, password) {
  const answer = await request('POST', '/session', { body: { login: loginName, password } });
  csrfToken = answer.csrf_token || '';
  return answer.user;
}
export async function currentSession() {
  const answer = await request('GET', '/session');
  csrfToken = answer.csrf_token || '';
  return answer.user;
}
export async function logout() {
  try { await request('DELETE', '/session'); } finally { csrfToken = ''; }
}

// Search.
export const search = (parameters, signal) => request('GET', '/search', { query: parameters, signal });
export const similar = (id, signal) =>
  request('GET', `/documents/${enc(id)}/similar`, { query: { page_size: 5, facets: false }, signal });

// Saved searches: the caller's own, each with what it finds now.
export const savedSearches = () => request('GET', '/me/saved-searches');
export const saveSearch = (name, query) => request('POST', '/me/saved-searches', { body: { name, query } });
export const forgetSavedSearch = (id) => request('DELETE', `/me/saved-searches/${enc(id)}`);
// Notes that the agent runs a saved search now: its new matches are counted from then on.
export const visitSavedSearch = (id) => request('POST', `/me/saved-searches/${enc(id)}/visit`);

// Services and shares.
export const services = () => request('GET', '/services');
export const service = (code) => request('GET', `/services/${enc(code)}`);
export const incomingShares = () => request('GET', '/shares/incoming');

// Documents.
export const documentOf = (id) => request('GET', `/documents/${enc(id)}`);
export const versions = (id) => request('GET', `/documents/${enc(id)}/versions`);
export const contentUrl = (id, version) =>
  `${BASE}/documents/${enc(id)}/content${version ? `?version=${enc(version)}` : ''}`;
export const restoreVersion = (id, version, comment) =>
  request('POST', `/documents/${enc(id)}/versions/${enc(version)}/restore`, { body: comment ? { comment } : {} });
export const preview = (id, version) =>
  request('GET', `/documents/${enc(id)}/preview`, { query: { version } });
// Page `page` of a PDF version drawn as a PNG image by the server (for an <img>: the browser
// sends the session cookie itself, and revalidates with the image's ETag).
export const previewImageUrl = (id, page, version) =>
  `${BASE}/documents/${enc(id)}/preview?page=${enc(page)}${version ? `&version=${enc(version)}` : ''}`;
export const compareVersions = (id, from, to) =>
  request('GET', `/documents/${enc(id)}/compare`, { query: { from, to } });
export const addTag = (id, tag) => request('PUT', `/documents/${enc(id)}/tags/${enc(tag)}`);
export const removeTag = (id, tag) => request('DELETE', `/documents/${enc(id)}/tags/${enc(tag)}`);
export const setMetadata = (id, key, value) =>
  request('PUT', `/documents/${enc(id)}/metadata/${enc(key)}`, { body: { value } });
export const removeMetadata = (id, key) => request('DELETE', `/documents/${enc(id)}/metadata/${enc(key)}`);
export const documentShares = (id) => request('GET', `/documents/${enc(id)}/shares`);
export const shareDocument = (id, serviceCode, mode) =>
  request('POST', `/documents/${enc(id)}/shares`, { body: { service: serviceCode || null, mode } });
export const updateDocument = (id, changes) => request('PATCH', `/documents/${enc(id)}`, { body: changes });
export const trashDocument = (id) => request('DELETE', `/documents/${enc(id)}`);
export const restoreDocument = (id) => request('POST', `/documents/${enc(id)}/restore`);
export const trash = () => request('GET', '/trash');

// Administration (administrators; managers for their services' members and audit log).
export const users = () => request('GET', '/users');
export const createUser = (account) => request('POST', '/users', { body: account });
export const setMember = (code, loginName, role) =>
  request('PUT', `/services/${enc(code)}/members/${enc(loginName)}`, { body: { role } });
export const removeMember = (code, loginName) => request('DELETE', `/services/${enc(code)}/members/${enc(loginName)}`);
export const audit = (parameters) => request('GET', '/audit', { query: parameters });
export const extractionFailures = (limit) => request('GET', '/admin/extraction-failures', { query: { limit } });
export const retryExtraction = () => request('POST', '/admin/extraction-failures/retry');
export const storage = () => request('GET', '/admin/storage');
export const sources = () => request('GET', '/sources');
// API tokens: one's own, and (administrators) anyone's.
export const myTokens = () => request('GET', '/me/tokens');
export const createToken = (name) => request('POST', '/me/tokens', { body: { name } });
export const revokeToken = (name) => request('DELETE', `/me/tokens/${enc(name)}`);
export const userTokens = (loginName) => request('GET', `/users/${enc(loginName)}/tokens`);
export const revokeUserToken = (loginName, name) =>
  request('DELETE', `/users/${enc(loginName)}/tokens/${enc(name)}`);
// The server's Prometheus counters (no login needed): the index queue, extraction failures.
export async function metrics() {
  const response = await fetch('/metrics', { cache: 'no-store' });
  const values = {};
  for (const line of (await response.text()).split('\n')) {
    const match = /^(synaps_[a-z_]+) ([0-9.e+-]+)$/.exec(line);
    if (match) values[match[1]] = Number(match[2]);
  }
  return values;
}

// Folders.
export const folder = (id) => request('GET', `/folders/${enc(id)}`);
export const folderByPath = (path) => request('GET', '/folders', { query: { path } });
export const createFolder = (path) => request('POST', '/folders', { body: { path } });
export const updateFolder = (id, changes) => request('PATCH', `/folders/${enc(id)}`, { body: changes });
export const deleteFolder = (id) => request('DELETE', `/folders/${enc(id)}`);
export const folderShares = (id) => request('GET', `/folders/${enc(id)}/shares`);
export const shareFolder = (id, serviceCode, mode) =>
  request('POST', `/folders/${enc(id)}/shares`, { body: { service: serviceCode || null, mode } });
export const removeShare = (id) => request('DELETE', `/shares/${enc(id)}`);

// Uploads the files into a folder (one multipart request), reporting progress as a fraction
// from 0 to 1: XMLHttpRequest, since fetch does not tell how much of a body was sent.
export function upload(folderId, files, { comment, onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (comment) form.append('comment', comment);
    for (const file of files) form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}/folders/${enc(folderId)}/documents`);
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json);
      else {
        if (xhr.status === 401) window.dispatchEvent(new CustomEvent('synaps:unauthenticated'));
        reject(new ApiError(xhr.status, json?.error?.code, json?.error?.message));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'network error')));
    xhr.send(form);
  });
}

// The API token: asked for once in a small dialog, kept in sessionStorage (this tab only, gone
// when it closes), sent as Authorization: Bearer on actions. GET /api/auth says what it allows;
// the page shows that beside the actions and disables those it does not.

import { ApiError } from './api.js';

const KEY = 'mariposa.apiToken';
const listeners = new Set();
let rights = { valid: false, scopes: [], mutationsEnabled: false, presented: false };

export function token() {
  try {
    return sessionStorage.getItem(KEY) || '';
  } catch (e) {
    return '';
  }
}

function store(value) {
  try {
    if (value) sessionStorage.setItem(KEY, value);
    else sessionStorage.removeItem(KEY);
  } catch (e) {
    // storage off: the token lasts until the page reloads
  }
}

/** What the token may do, as GET /api/auth last said. */
export function current() {
  return rights;
}

export function allows(scope) {
  return rights.valid && rights.scopes.includes(scope);
}

/** Calls {@code fn(rights)} now and whenever they change. */
export function onChange(fn) {
  listeners.add(fn);
  fn(rights);
}

/** Asks GET /api/auth what the stored token may do. */
export async function refresh() {
  const t = token();
  try {
    const res = await fetch('/api/auth', { headers: t ? { Authorization: 'Bearer ' + t } : {}, cache: 'no-store' });
    rights = await res.json();
  } catch (e) {
    rights = { valid: false, scopes: [], mutationsEnabled: false, presented: !!t, error: String(e.message || e) };
  }
  listeners.forEach((fn) => fn(rights));
  return rights;
}

/**
 * An action: {@code method} on {@code path} with a JSON body, the token as a bearer. Resolves to
 * {status, body, headers}; a refusal throws an ApiError with the API's code and message (a 403
 * says which scope the token lacks).
 */
export async function act(method, path, body, headers = {}) {
  const t = token();
  if (!t) throw new ApiError(401, 'no_token', 'Enter the API token first (the Token button)');
  const init = { method, headers: { Accept: 'application/json', Authorization: 'Bearer ' + t, ...headers }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'unreachable', String(e.message || e));
  }
  let answer = null;
  try {
    answer = res.status === 204 ? null : await res.json();
  } catch (e) {
    answer = null;
  }
  if (!res.ok) {
    const err = answer && answer.error ? answer.error : {};
    const failure = new ApiError(res.status, err.code, err.message || 'HTTP ' + res.status);
    failure.details = err;
    throw failure;
  }
  return { status: res.status, body: answer, headers: res.headers };
}

/** The words of a failure as the page shows them: "403 scope_required: This token may not …". */
export function describe(e) {
  return (e.status ? e.status + ' ' : '') + (e.code ? e.code + ': ' : '') + e.message;
}

/** Wires the token button, its dialog and the rights line. */
export function mountTokenDialog() {
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-button').addEventListener('click', () => {
    input.value = '';
    dialog.showModal();
    input.focus();
  });
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue === 'save' && input.value.trim()) store(input.value.trim());
    if (dialog.returnValue === 'forget') store('');
    input.value = '';
    await refresh();
  });
  onChange(showRights);
  return refresh();
}

function showRights(r) {
  const el = document.getElementById('token-rights');
  const button = document.getElementById('token-button');
  let text;
  let level;
  if (!r.mutationsEnabled) {
    text = 'Actions are off on this server (API_TOKENS is not set)';
    level = 'warn';
  } else if (!token()) {
    text = 'No token: read only. Enter the API token to act.';
    level = 'info';
  } else if (!r.valid) {
    text = r.error ? 'The token could not be checked: ' + r.error : 'This token is not valid (not one of API_TOKENS)';
    level = 'bad';
  } else {
    const allowed = (r.allScopes || []).filter((s) => s.allowed).map((s) => s.scope + ' (' + s.actions + ')');
    const refused = (r.allScopes || []).filter((s) => !s.allowed).map((s) => s.scope);
    text = r.identity + ' may: ' + (allowed.join('; ') || 'nothing') + (refused.length ? '. Not: ' + refused.join(', ') : '');
    level = 'ok';
  }
  el.textContent = text;
  el.dataset.level = level;
  el.dataset.scopes = (r.valid ? r.scopes : []).join(' ');
  button.textContent = token() ? 'Token ✓' : 'Token…';
  // Each action control names the scope it needs: disabled (saying why) without it.
  for (const control of document.querySelectorAll('[data-needs-scope]')) {
    const scope = control.dataset.needsScope;
    const ok = r.valid && r.scopes.includes(scope);
    control.disabled = !ok;
    control.title = ok ? '' : 'needs a token with the "' + scope + '" scope';
  }
}

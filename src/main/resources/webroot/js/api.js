// REST snapshots: GET JSON with a timeout; errors carry the API's {"error":{"code","message"}}.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || ('HTTP ' + status));
    this.status = status;
    this.code = code;
  }
}

export async function getJson(path, { timeoutMs = 8000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(path, { headers: { Accept: 'application/json' }, signal: controller.signal, cache: 'no-store' });
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    // /health answers 503 with a body worth reading: the caller decides.
    if (!res.ok && !(body && body.status)) {
      const err = body && body.error ? body.error : {};
      throw new ApiError(res.status, err.code, err.message);
    }
    return body;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, 'unreachable', e.name === 'AbortError' ? 'timed out' : String(e.message || e));
  } finally {
    clearTimeout(timer);
  }
}

/** Like getJson, but resolves to null on any failure (the caller shows what it has). */
export async function tryJson(path, options) {
  try {
    return await getJson(path, options);
  } catch (e) {
    return null;
  }
}

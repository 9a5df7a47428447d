/** A failed API call; `problem` is the RFC 9457 body when the API sent one. */
export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

export async function getJson(path, signal) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError("The tracker API cannot be reached.", 0, null);
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(problem?.detail ?? problem?.title ?? `HTTP ${response.status}`, response.status, problem);
  }
  return response.json();
}

export const api = {
  metrics: (signal) => getJson("/v1/metrics", signal),
  metric: (type, symbol, signal) => getJson(`/v1/metrics/${enc(type)}/${enc(symbol)}`, signal),
  history: (type, symbol, signal) => getJson(`/v1/metrics/${enc(type)}/${enc(symbol)}/history`, signal),
  rank: (type, symbol, signal, by = "stddev") => getJson(`/v1/metrics/${enc(type)}/${enc(symbol)}/rank?by=${by}`, signal),
  ranking: (type, signal, by = "stddev") => getJson(`/v1/rankings/${enc(type)}?by=${by}`, signal),
  alerts: (signal) => getJson("/v1/alerts", signal),
  rules: (signal) => getJson("/v1/rules", signal),
  markets: (type, symbol, signal) => getJson(`/v1/metrics/${enc(type)}/${enc(symbol)}/markets`, signal),
  health: (signal) => getJson("/v1/health", signal),
};

function enc(segment) {
  return encodeURIComponent(segment);
}

/** Runs tasks with at most `limit` in flight: history for dozens of sparklines without a burst of requests. */
export function limiter(limit) {
  let active = 0;
  const waiting = [];
  const next = () => {
    if (active >= limit || waiting.length === 0) return;
    active++;
    const { task, resolve, reject } = waiting.shift();
    task().then(resolve, reject).finally(() => { active--; next(); });
  };
  return (task) => new Promise((resolve, reject) => { waiting.push({ task, resolve, reject }); next(); });
}

import "uplot/dist/uPlot.min.css";
import "../styles.css";
import { api } from "./api.js";
import { clear, el } from "./dom.js";
import { formatClockSeconds, formatTime, setTimeZone, timeZone, zoneLabel } from "./format.js";
import { renderOverview } from "./overview.js";
import { renderMetric } from "./metric.js";
import { mountAlertsPanel } from "./alerts-panel.js";

// The collector ticks once a minute; every 30 s shows a new minute within half a minute of it being stored.
const POLL_MS = 30_000;

const view = document.getElementById("view");
const banner = document.getElementById("banner");
const alertsHost = document.getElementById("get-alerts-host");
const updated = document.getElementById("updated");
const replay = document.getElementById("replay");
const zoneButton = document.getElementById("zone");
let page = null;
let alertsPanel = null;
let timer = 0;
let generation = 0;

/** /metric/{type}/{symbol} (mapped explicitly by the app) or the overview at /. */
function route(pathname) {
  const m = /^\/metric\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (m) return { page: "metric", type: safeDecode(m[1]), symbol: safeDecode(m[2]) };
  return { page: "overview" };
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

export function navigate(href) {
  if (href === location.pathname) return;
  history.pushState(null, "", href);
  show();
}

function show() {
  page?.dispose();
  const r = route(location.pathname);
  page = r.page === "metric" ? renderMetric(view, r, { navigate }) : renderOverview(view, { navigate });
  alertsPanel?.dispose();
  alertsPanel = mountAlertsPanel(alertsHost, r.page === "metric" ? { metric: { type: r.type, symbol: r.symbol } } : {});
  window.scrollTo(0, 0);
  refresh();
}

async function refresh() {
  clearTimeout(timer);
  const mine = ++generation;
  const current = page;
  let health = null;
  let healthError = null;
  try { health = await api.health(); } catch (e) { healthError = e; }
  if (mine !== generation) return;
  showBanner(health, healthError);
  await current.update(health);
  if (mine !== generation) return;
  showReplay(health);
  updated.textContent = `Updated ${formatClockSeconds(new Date())} · every ${POLL_MS / 1000} s`;
  timer = setTimeout(refresh, POLL_MS);
}

/** The collector's state from /v1/health: a banner when data is stale or the source is failing. */
function showBanner(health, error) {
  clear(banner);
  if (error) {
    banner.className = "banner banner-error";
    banner.append(el("strong", {}, "The tracker API cannot be reached. "), "The figures below may be out of date; retrying.");
    banner.hidden = false;
    return;
  }
  if (health.status === "ok") {
    banner.hidden = true;
    return;
  }
  banner.className = "banner banner-stale";
  banner.append(
    el("strong", {}, "Data may be stale: the collector is degraded."),
    el("span", {}, ` Last tick: ${formatTime(health.lastTick)}. Source: ${health.source?.name ?? "?"}.`),
    el("ul", {}, (health.reasons ?? []).map((r) => el("li", {}, r))),
  );
  banner.hidden = false;
}

/** In a replay the data has its own clock: say so, and show the data's time rather than the wall clock. */
function showReplay(health) {
  const replaying = health?.source?.name === "replay";
  replay.hidden = !replaying;
  if (!replaying) return;
  replay.textContent = `Replay · data time ${formatTime(health.clock)}${health.replayFinished ? " · finished" : " · running"}`;
}

function showZone() {
  zoneButton.textContent = `Times: ${zoneLabel()}`;
  zoneButton.setAttribute("aria-pressed", timeZone() === "local" ? "true" : "false");
}
zoneButton.addEventListener("click", () => {
  setTimeZone(timeZone() === "local" ? "utc" : "local");
  showZone();
  show();
});
showZone();

// Links marked data-route change the page without a reload; others (API, docs) load normally.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest?.("a[data-route]");
  if (!a) return;
  e.preventDefault();
  navigate(a.getAttribute("href"));
});
window.addEventListener("popstate", show);
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });

show();

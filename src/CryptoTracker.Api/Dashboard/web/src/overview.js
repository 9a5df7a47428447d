import { api, limiter } from "./api.js";
import { clear, el } from "./dom.js";
import { changePercent, formatClock, formatCv, formatExact, formatPercent, formatTime, formatValue, unitOf } from "./format.js";
import { drawSparkline, rangeOfMean } from "./sparkline.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const RECENT_ALERTS_SHOWN = 8;
// Up to this many metrics every sparkline is loaded at once; beyond it only the rows scrolled into view are.
const EAGER_HISTORY_LIMIT = 60;

const COLUMNS = [
  { key: "symbol", label: "Symbol", className: "col-symbol" },
  { key: "latest", label: "Latest", className: "num col-latest" },
  { key: "change", label: "24 h", className: "num col-change" },
  { key: "trend", label: "Trend", className: "spark-col", sortable: false },
  { key: "rank", label: "Volatility", short: "Rank", className: "num col-rank" },
];

/**
 * The overview: every metric grouped by type, sorted by volatility rank (largest standard deviation first).
 *
 * Sparklines and the 24 h change need each metric's history: one request per metric, at most four at a time, repeated
 * only when the metric's latest point has moved (once a minute). Up to EAGER_HISTORY_LIMIT metrics (a few dozen) all
 * are loaded; beyond that they are loaded lazily, when a row scrolls into view, so hundreds of metrics cost only the
 * requests for the rows on screen.
 */
export function renderOverview(view, { navigate }) {
  clear(view);
  const status = el("p", { class: "muted", id: "overview-status" }, "Loading metrics…");
  const alertsPanel = el("section", { class: "panel alerts-panel", "aria-labelledby": "recent-alerts-title" });
  const groups = el("div", { id: "groups" });
  view.append(
    el("h1", {}, "Market overview"),
    el("p", { class: "lede" }, "Every tracked metric over the last 24 h. Volatility is the coefficient of variation: the standard " +
      "deviation as a percentage of the mean (σ ÷ mean), so a stablecoin and bitcoin compare fairly; #1 varies the most within its " +
      "type. The σ rank beside it ranks the raw standard deviation, in the series' own unit. The range under each sparkline is " +
      "(max − min) as a percentage of the mean."),
    status,
    alertsPanel,
    groups,
  );

  const controller = new AbortController();
  const queue = limiter(4);
  const histories = new Map(); // id -> { latestT, points }
  const inFlight = new Set();
  let rows = new Map(); // id -> { metric, canvas, change }
  let data = null;
  let sort = { key: "rank", dir: 1 };
  let disposed = false;

  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) loadHistory(entry.target.dataset.id);
  }, { rootMargin: "200px" });

  async function update(health) {
    try {
      const [metrics, alerts] = await Promise.all([
        api.metrics(controller.signal),
        api.alerts(controller.signal).catch(() => ({ alerts: [] })),
      ]);
      const types = [...new Set(metrics.metrics.map((m) => m.type))].sort();
      const ranked = (by) => Promise.all(types.map(async (t) => {
        const ranking = await api.ranking(t, controller.signal, by).catch(() => ({ entries: [] }));
        return [t, new Map(ranking.entries.map((e) => [e.symbol, e]))];
      }));
      const [byCv, bySd] = await Promise.all([ranked("cv"), ranked("stddev")]);
      if (disposed) return;
      data = { metrics: metrics.metrics, alerts: alerts.alerts, rankings: new Map(byCv), sdRankings: new Map(bySd) };
      status.textContent = metrics.metrics.length === 0
        ? emptyState(health)
        : `${metrics.metrics.length} metrics in ${types.length} ${types.length === 1 ? "type" : "types"}.`;
      render();
    } catch (e) {
      if (disposed || e.name === "AbortError") return;
      status.textContent = `Could not load the metrics: ${e.message}`;
    }
  }

  function alertIndex() {
    // "Recent" is measured on the data's clock (the newest point), not the browser's: a replay runs on its own time.
    const newest = Math.max(0, ...data.metrics.map((m) => Date.parse(m.latest.t)));
    const recentFrom = newest - DAY_MS;
    const byMetric = new Map();
    const recent = [];
    for (const a of data.alerts) {
      const t = Date.parse(a.t);
      if (t <= recentFrom) continue;
      recent.push(a);
      if (!byMetric.has(a.metric)) byMetric.set(a.metric, []);
      byMetric.get(a.metric).push(a);
    }
    recent.sort((a, b) => Date.parse(b.t) - Date.parse(a.t));
    return { byMetric, recent };
  }

  function render() {
    const { byMetric, recent } = alertIndex();
    renderAlerts(recent);

    for (const row of rows.values()) observer.unobserve(row.canvas);
    rows = new Map();
    clear(groups);
    const byType = groupBy(data.metrics, (m) => m.type);
    for (const type of [...byType.keys()].sort()) {
      const metrics = [...byType.get(type)].sort(compare(type));
      const tbody = el("tbody", {}, metrics.map((m) => row(m, byMetric.get(m.id) ?? [])));
      groups.append(el("section", { class: "group", dataset: { type } },
        el("h2", {}, type, " ", el("span", { class: "muted count" }, `${metrics.length}`)),
        el("div", { class: "table-wrap" }, el("table", { class: "metrics", dataset: { type } }, head(), tbody))));
    }
    const eager = rows.size <= EAGER_HISTORY_LIMIT;
    for (const [id, r] of rows) {
      const cached = histories.get(id);
      if (cached) paint(id, cached.points);
      if (eager) loadHistory(id);
      else observer.observe(r.canvas);
    }
  }

  function renderAlerts(recent) {
    clear(alertsPanel);
    alertsPanel.append(el("h2", { id: "recent-alerts-title" }, "Recent alerts ", el("span", { class: "muted count" }, "last 24 h")));
    if (recent.length === 0) {
      alertsPanel.append(el("p", { class: "muted" }, "No alert in the last 24 h."));
      return;
    }
    alertsPanel.append(el("ul", { class: "alert-list" }, recent.slice(0, RECENT_ALERTS_SHOWN).map((a) =>
      el("li", { class: "alert-item" },
        el("a", { href: metricHref(a.type, a.symbol), "data-route": true }, el("span", { class: "sym" }, a.symbol), " ", a.type),
        " ", el("span", { class: "spike" }, a.rule && a.rule !== "spike" ? `${a.rule}` : `×${a.ratio.toFixed(1)}`),
        el("span", { class: "muted" }, ` ${formatValue(a.value)} vs. ${formatValue(a.average)} · ${formatTime(a.t)}`)))));
    if (recent.length > RECENT_ALERTS_SHOWN)
      alertsPanel.append(el("p", { class: "muted" }, `and ${recent.length - RECENT_ALERTS_SHOWN} more.`));
  }

  function head() {
    return el("thead", {}, el("tr", {}, COLUMNS.map((c) => {
      if (c.sortable === false) return el("th", { class: c.className, scope: "col" }, c.label);
      const active = sort.key === c.key;
      return el("th", { class: c.className, scope: "col", "aria-sort": active ? (sort.dir > 0 ? "ascending" : "descending") : "none" },
        el("button", {
          type: "button", class: "sort", dataset: { sort: c.key },
          onclick: () => { sort = { key: c.key, dir: active ? -sort.dir : (c.key === "change" || c.key === "latest" ? -1 : 1) }; render(); },
        }, c.short ? [el("span", { class: "long" }, c.label), el("span", { class: "short" }, c.short)] : c.label,
        active ? (sort.dir > 0 ? " ▲" : " ▼") : ""));
    })));
  }

  function row(m, alerts) {
    const rank = data.rankings.get(m.type)?.get(m.symbol);
    const total = data.rankings.get(m.type)?.size ?? 0;
    const href = metricHref(m.type, m.symbol);
    const sd = data.sdRankings.get(m.type)?.get(m.symbol);
    const range = el("span", { class: "sub range" }, "");
    const canvas = el("canvas", { class: "spark", width: 120, height: 32, dataset: { id: m.id }, "aria-label": `${m.id} over the last 24 h`, role: "img" });
    const change = el("td", { class: "num change" }, "…");
    const lastAlert = alerts[alerts.length - 1];
    const tr = el("tr", {
      class: alerts.length ? "metric-row has-alert" : "metric-row",
      dataset: { id: m.id },
      onclick: (e) => { if (!e.target.closest("a")) navigate(href); },
    },
      el("td", { class: "symbol" },
        el("a", { href, "data-route": true, class: "sym" }, m.symbol),
        lastAlert ? el("span", { class: "badge", title: lastAlert.rule && lastAlert.rule !== "spike"
          ? `Alert of rule ${lastAlert.rule} (${lastAlert.kind}) at ${formatTime(lastAlert.t)}`
          : `Spike alert at ${formatTime(lastAlert.t)}: ×${lastAlert.ratio.toFixed(1)} the last hour's mean` },
          `${lastAlert.kind ?? "spike"} `, el("span", { class: "badge-time" }, formatClock(lastAlert.t))) : null),
      el("td", { class: "num", title: `${formatExact(m.latest.v)} at ${formatTime(m.latest.t)}` }, formatValue(m.latest.v),
        unitOf(m.type, m.symbol) ? el("span", { class: "unit" }, ` ${unitOf(m.type, m.symbol)}`) : null),
      change,
      el("td", { class: "spark-col" }, canvas, range),
      el("td", { class: "num rank", title: sd ? `σ ${formatValue(sd.value)} ${unitOf(m.type, m.symbol)}: #${sd.rank} by standard deviation` : "" },
        rank ? [`#${rank.rank}`, " ", el("span", { class: "cv" }, formatCv(rank.value))] : "—",
        rank ? el("span", { class: "sub" }, ` of ${total}${sd ? ` · σ #${sd.rank}` : ""}`) : el("span", { class: "sub" }, " no cv")));
    rows.set(m.id, { metric: m, canvas, change, range, alerts });
    return tr;
  }

  function paint(id, points) {
    const r = rows.get(id);
    if (!r) return;
    drawSparkline(r.canvas, points, r.alerts.map((a) => Date.parse(a.t)));
    const span = rangeOfMean(points);
    r.range.textContent = span === null ? "" : `range ${formatCv(span)}`;
    const p = changePercent(points);
    r.change.textContent = formatPercent(p);
    r.change.classList.toggle("up", p > 0);
    r.change.classList.toggle("down", p < 0);
  }

  function loadHistory(id) {
    const r = rows.get(id);
    if (!r || inFlight.has(id)) return;
    const cached = histories.get(id);
    if (cached && cached.latestT === r.metric.latest.t) return;
    inFlight.add(id);
    const { type, symbol, latest } = r.metric;
    queue(() => disposed ? Promise.resolve(null) : api.history(type, symbol, controller.signal))
      .then((h) => {
        if (!h || disposed) return;
        histories.set(id, { latestT: latest.t, points: h.points });
        paint(id, h.points);
      })
      .catch((e) => { if (e.name !== "AbortError") rows.get(id)?.change && (rows.get(id).change.textContent = "—"); })
      .finally(() => inFlight.delete(id));
  }

  function compare(type) {
    const ranking = data.rankings.get(type);
    const value = {
      symbol: (m) => m.symbol,
      latest: (m) => m.latest.v,
      change: (m) => changePercent(histories.get(m.id)?.points),
      rank: (m) => ranking?.get(m.symbol)?.rank ?? null,
    }[sort.key];
    return (a, b) => {
      const va = value(a), vb = value(b);
      // Unknown values (no rank, history not loaded yet) go last in either direction.
      if (va === null || va === undefined) return vb === null || vb === undefined ? a.symbol.localeCompare(b.symbol) : 1;
      if (vb === null || vb === undefined) return -1;
      const c = typeof va === "string" ? va.localeCompare(vb) : va - vb;
      return c !== 0 ? c * sort.dir : a.symbol.localeCompare(b.symbol);
    };
  }

  return {
    update,
    dispose() {
      disposed = true;
      controller.abort();
      observer.disconnect();
    },
  };
}

/** What the page says while nothing is stored: why (from health), when the next try is, and how to run without a network. */
function emptyState(health) {
  const failing = health?.sources?.find((s) => s.status === "failing") ?? (health?.source?.consecutiveFailures > 0 ? health.source : null);
  if (!failing) return "No metric is tracked yet: the collector has not stored a minute.";
  return `No data yet: ${failing.name} could not be reached (${failing.lastError ?? "no answer"}). ` +
    "The tracker tries again every minute. No network? Run it with --Tracker:Source=demo.";
}

export function metricHref(type, symbol) {
  return `/metric/${encodeURIComponent(type)}/${encodeURIComponent(symbol)}`;
}

function groupBy(items, key) {
  const map = new Map();
  for (const item of items) {
    const k = key(item);
    if (!map.has(k)) map.set(k, []);
    map.get(k).push(item);
  }
  return map;
}

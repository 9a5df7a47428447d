import uPlot from "uplot";
import { api } from "./api.js";
import { clear, el } from "./dom.js";
import { changePercent, formatAmount, formatAxis, formatCv, formatPercent, formatTime, formatValue, timeZone, zoneLabel } from "./format.js";
import { metricHref } from "./overview.js";

/** One metric: its 24 h chart with the alerts marked, its statistics and its volatility rank. */
export function renderMetric(view, { type, symbol }) {
  clear(view);
  const title = el("h1", {}, el("span", { class: "sym" }, symbol), " ", el("span", { class: "muted" }, type));
  const status = el("p", { class: "muted", id: "metric-status" }, "Loading…");
  const stats = el("dl", { class: "stats", id: "metric-stats" });
  const chart = el("div", { class: "chart", id: "metric-chart" });
  const legend = el("p", { class: "muted chart-note" });
  const alertsBody = el("div", { id: "metric-alerts" });
  const marketsBody = el("div");
  // Shown for a cross-market aggregate (several sources): the per-market series behind it.
  const marketsPanel = el("section", { class: "panel", id: "metric-markets", hidden: true }, el("h2", {}, "Markets"), marketsBody);
  view.append(
    el("p", {}, el("a", { href: "/", "data-route": true }, "← All metrics")),
    title, status, stats,
    el("section", { class: "panel" }, el("h2", {}, "Last 24 h"), chart, legend),
    el("section", { class: "panel" }, el("h2", {}, "Alerts"), alertsBody),
    marketsPanel,
  );

  const controller = new AbortController();
  let plot = null;
  let disposed = false;
  const onResize = () => plot?.setSize(size(chart));
  window.addEventListener("resize", onResize);

  async function update() {
    try {
      const [detail, history, alerts, markets, cvRank, rules] = await Promise.all([
        api.metric(type, symbol, controller.signal),
        api.history(type, symbol, controller.signal),
        api.alerts(controller.signal).catch(() => ({ alerts: [] })),
        // One market's own series (btcusd@kraken) has no markets behind it: not asked.
        symbol.includes("@") ? null : api.markets(type, symbol, controller.signal).catch(() => null),
        api.rank(type, symbol, controller.signal, "cv").catch(() => null),
        api.rules(controller.signal).catch(() => ({ rules: [] })),
      ]);
      if (disposed) return;
      const mine = alerts.alerts.filter((a) => a.metric === detail.id);
      document.title = `${detail.symbol} ${detail.type} · CryptoTracker`;
      status.textContent = `Window ${formatTime(detail.window.from)} – ${formatTime(detail.window.to)}`;
      renderStats(detail, history, cvRank);
      // Above/below rules on this metric: their level is drawn as a line across the chart.
      const levels = rules.rules.filter((r) => r.metric === detail.id && (r.kind === "above" || r.kind === "below"));
      renderChart(detail, history, mine, levels);
      renderAlerts(mine, history);
      renderMarkets(markets);
    } catch (e) {
      if (disposed || e.name === "AbortError") return;
      status.textContent = e.status === 404 || e.status === 400
        ? `Not tracked: ${e.message}`
        : `Could not load this metric: ${e.message}`;
      status.className = "error";
    }
  }

  function renderStats(d, history, cvRank) {
    const s = d.stats;
    const change = changePercent(history.points);
    const items = [
      ["Latest", formatAmount(d.latest.v, d.type, d.symbol), formatTime(d.latest.t)],
      ["24 h change", formatPercent(change), "latest vs. first point of the window"],
      ["Mean", formatAmount(s.mean, d.type, d.symbol)],
      ["Std dev (σ)", formatAmount(s.stddev, d.type, d.symbol)],
      ["Volatility (cv)", formatCv(s.cv), cvRank?.rank ? `σ as % of the mean · #${cvRank.rank} of ${cvRank.total}` : "σ as % of the mean"],
      ["Min", formatAmount(s.min, d.type, d.symbol)],
      ["Max", formatAmount(s.max, d.type, d.symbol)],
      ["Points", String(s.count)],
      ["σ rank", d.rank.rank ? `#${d.rank.rank} of ${d.rank.total}` : "—", `among ${d.type} metrics, by standard deviation`],
    ];
    clear(stats).append(...items.map(([k, v, note]) =>
      el("div", { class: "stat" }, el("dt", {}, k), el("dd", {}, v, note ? el("span", { class: "sub" }, note) : null))));
  }

  function renderChart(d, history, alerts, levels) {
    const xs = history.points.map((p) => Date.parse(p.t) / 1000);
    const ys = history.points.map((p) => p.v);
    // Alerts fire on a stored minute: put a marker on that minute's point.
    const alertAt = new Set(alerts.map((a) => Date.parse(a.t) / 1000));
    const marks = xs.map((x, i) => (alertAt.has(x) ? ys[i] : null));
    const data = [xs, ys, marks, ...levels.map((r) => xs.map(() => r.threshold))];
    plot?.destroy();
    plot = new uPlot({
      ...size(chart),
      // The reader's choice of zone (header toggle): UTC by default, else the browser's own.
      tzDate: (ts) => timeZone() === "local" ? new Date(ts * 1000) : uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: zoneLabel() },
        { label: d.type, stroke: "#0969da", width: 1.5, fill: "rgba(9,105,218,0.08)", value: (u, v) => formatValue(v), points: { show: false } },
        { label: "Alert", stroke: "#d1242f", fill: "#d1242f", width: 0, paths: () => null, value: (u, v) => (v === null ? "—" : formatValue(v)), points: { show: true, size: 10, fill: "#d1242f", stroke: "#ffffff", width: 1.5 } },
        ...levels.map((r) => ({ label: `${r.name} (${r.kind})`, stroke: "#9a6700", width: 1.5, dash: [6, 4], value: () => formatValue(r.threshold), points: { show: false } })),
      ],
      axes: [
        { stroke: "#57606a", grid: { stroke: "#eaeef2" } },
        { stroke: "#57606a", grid: { stroke: "#eaeef2" }, size: axisSize, values: (u, splits) => splits.map(formatAxis) },
      ],
      plugins: [alertLines([...alertAt])],
    }, data, chart);
    chart.dataset.points = String(xs.length);
    chart.dataset.alerts = String(marks.filter((m) => m !== null).length);
    chart.dataset.levels = levels.map((r) => r.threshold).join(",");
    const notes = [alerts.length
      ? "Red markers and lines: alerts (spike: a value above 3× the previous hour's mean; or a rule's alert)."
      : "No alert in this window."];
    if (levels.length) notes.push(`Dashed: ${levels.map((r) => `${r.name}, ${r.kind} ${formatValue(r.threshold)}`).join("; ")}.`);
    legend.textContent = notes.join(" ");
  }

  function renderAlerts(alerts, history) {
    clear(alertsBody);
    if (alerts.length === 0) {
      alertsBody.append(el("p", { class: "muted" }, "No alert for this metric in the last 7 days."));
      return;
    }
    const from = Date.parse(history.from);
    alertsBody.append(el("div", { class: "table-wrap" }, el("table", { class: "alerts" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Time"), el("th", { scope: "col" }, "Rule"), el("th", { class: "num", scope: "col" }, "Value"),
        el("th", { class: "num", scope: "col", title: "Spike: the previous hour's mean. Rules: the level, the earlier value (change), the lowest market (spread)." }, "Compared with"),
        el("th", { class: "num", scope: "col" }, "Ratio"))),
      el("tbody", {}, [...alerts].reverse().map((a) => el("tr", { class: Date.parse(a.t) > from ? "alert-row in-window" : "alert-row", dataset: { rule: a.rule ?? "spike" } },
        el("td", {}, formatTime(a.t)), el("td", {}, ruleLabel(a)), el("td", { class: "num" }, formatValue(a.value)),
        el("td", { class: "num" }, formatValue(a.average)), el("td", { class: "num spike" }, `×${a.ratio.toFixed(2)}`)))))));
  }

  function renderMarkets(m) {
    clear(marketsBody);
    marketsPanel.hidden = !m || m.markets.length === 0;
    if (marketsPanel.hidden) return;
    const contributed = (c) => (c === true ? "yes" : c === false ? "no" : "—");
    marketsBody.append(
      el("p", { class: "muted" }, `${type === "price" ? "Mean" : "Sum"} over the markets below; a market more than the allowed fraction away from the median price is left out.`),
      el("div", { class: "table-wrap" }, el("table", { class: "markets" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Market"), el("th", { class: "num", scope: "col" }, "Latest"),
          el("th", { scope: "col" }, "Time"), el("th", { scope: "col" }, "In the last aggregate"))),
        el("tbody", {}, m.markets.map((x) => el("tr", { class: "market-row", dataset: { market: x.market } },
          el("td", {}, el("a", { href: metricHref(type, x.id.split(":")[1]), "data-route": true }, x.market)),
          el("td", { class: "num" }, formatValue(x.latest.v)), el("td", {}, formatTime(x.latest.t)), el("td", {}, contributed(x.contributed))))))),
      m.excluded.length
        ? el("p", { class: "spike" }, "Left out as outliers: ", m.excluded.map((o) => `${o.market} (${(o.deviation * 100).toFixed(1)} % from the median)`).join(", "))
        : null,
    );
  }

  return {
    update,
    dispose() {
      disposed = true;
      controller.abort();
      window.removeEventListener("resize", onResize);
      plot?.destroy();
    },
  };
}

/** "spike", or a rule's name with its kind and threshold: "btc-below-80k (below 80,000)". */
export function ruleLabel(a) {
  if (!a.rule || a.rule === "spike") return "spike";
  const unit = a.kind === "change" || a.kind === "spread" ? " %" : "";
  return a.threshold == null ? `${a.rule} (${a.kind})` : `${a.rule} (${a.kind} ${formatValue(a.threshold)}${unit})`;
}

/** Room for the longest y tick label (uPlot's default is fixed and cuts long prices). */
function axisSize(u, values) {
  const longest = Math.max(3, ...(values ?? []).map((v) => String(v).length));
  return 18 + longest * 7.5;
}

function size(container) {
  const width = Math.max(280, container.clientWidth || 600);
  return { width, height: width < 500 ? 220 : 320 };
}

/** Vertical lines at the alert times, so a spike stands out even where the line is dense. */
function alertLines(times) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.strokeStyle = "rgba(209,36,47,0.55)";
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        for (const t of times) {
          const x = Math.round(u.valToPos(t, "x", true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        ctx.restore();
      }],
    },
  };
}


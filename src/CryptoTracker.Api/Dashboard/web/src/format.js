const groupedSignificant = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 6 });
const grouped2 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 4 });
const percent = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" });

/**
 * A price or a volume: compact from a million up (128.0M — volumes), two decimals from 1 000 up, six significant
 * digits below (0.00001234 stays readable).
 */
export function formatValue(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  return a >= 1e6 ? compact.format(v) : a >= 1000 ? grouped2.format(v) : groupedSignificant.format(v);
}

/** Axis ticks: short (17.5K, 1.2M) so the labels fit beside the chart on a phone. */
export function formatAxis(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "";
  return Math.abs(v) >= 1e4 ? compact.format(v) : groupedSignificant.format(v);
}

/** The full value, for a tooltip beside a compact one. */
export function formatExact(v) {
  return v === null || v === undefined || !Number.isFinite(v) ? "" : new Intl.NumberFormat("en-US", { maximumFractionDigits: 8 }).format(v);
}

export function formatPercent(p) {
  return p === null || p === undefined || !Number.isFinite(p) ? "—" : `${percent.format(p)}%`;
}

/** 24 h change: latest against the first point of the window; null when it cannot be computed. */
export function changePercent(points) {
  if (!points || points.length < 2) return null;
  const first = points[0].v;
  const last = points[points.length - 1].v;
  return first === 0 ? null : ((last - first) / Math.abs(first)) * 100;
}

/** The API speaks UTC; so does the dashboard (the replay clock is not the browser's clock). */
export function formatTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatClock(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : d.toISOString().slice(11, 16);
}

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

/**
 * Times are shown in UTC (the API's zone, and a replay's) or in the browser's zone, as the reader chooses with the toggle
 * in the header; one format everywhere: 2026-01-05 10:02 UTC, or 2026-01-05 11:02 local.
 */
const ZONE_KEY = "cryptotracker.zone";
let zone = readZone();

function readZone() {
  try { return localStorage.getItem(ZONE_KEY) === "local" ? "local" : "utc"; } catch { return "utc"; }
}

export function timeZone() { return zone; }

export function setTimeZone(z) {
  zone = z === "local" ? "local" : "utc";
  try { localStorage.setItem(ZONE_KEY, zone); } catch { /* private mode: the choice lasts for the page */ }
}

export function zoneLabel() { return zone === "local" ? "local" : "UTC"; }

function parts(d) {
  const two = (n) => String(n).padStart(2, "0");
  return zone === "local"
    ? { date: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`, clock: `${two(d.getHours())}:${two(d.getMinutes())}`, sec: two(d.getSeconds()) }
    : { date: d.toISOString().slice(0, 10), clock: d.toISOString().slice(11, 16), sec: d.toISOString().slice(17, 19) };
}

export function formatTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const p = parts(d);
  return `${p.date} ${p.clock} ${zoneLabel()}`;
}

export function formatClock(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : parts(d).clock;
}

export function formatClockSeconds(d) {
  const p = parts(d);
  return `${p.clock}:${p.sec} ${zoneLabel()}`;
}

// Quote currencies, longest first so that "usdt" wins over "usd".
const QUOTES = ["usdt", "usdc", "busd", "tusd", "usd", "eur", "gbp", "jpy", "cad", "aud", "chf", "try", "dai", "btc", "eth"];

/** The base asset and quote currency of a symbol (btcusd → BTC, USD; btcusd@kraken the same); null when unknown. */
export function assetsOf(symbol) {
  const plain = String(symbol).split("@")[0];
  for (const q of QUOTES)
    if (plain.length > q.length && plain.endsWith(q)) return { base: plain.slice(0, -q.length).toUpperCase(), quote: q.toUpperCase() };
  return null;
}

/** The unit of a metric's values: the quote currency for prices, the base asset for volumes, nothing otherwise. */
export function unitOf(type, symbol) {
  const a = assetsOf(symbol);
  if (!a) return "";
  if (type === "price") return a.quote;
  if (type.startsWith("volume")) return a.base;
  return "";
}

/** A value with its unit: 91,123.73 USD, 96.4M DOGE. */
export function formatAmount(v, type, symbol) {
  const text = formatValue(v);
  const unit = unitOf(type, symbol);
  return text === "—" || !unit ? text : `${text} ${unit}`;
}

const cvFormat = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/** A coefficient of variation (a fraction) as a percentage of the mean: 0.0123 → 1.23 %. */
export function formatCv(cv) {
  return cv === null || cv === undefined || !Number.isFinite(cv) ? "—" : `${cvFormat.format(cv * 100)} %`;
}

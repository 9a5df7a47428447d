/** The series' range as a fraction of its mean ((max − min) ÷ mean), shown beside the sparkline; null when meaningless. */
export function rangeOfMean(points) {
  if (!points || points.length < 2) return null;
  let min = Infinity, max = -Infinity, sum = 0;
  for (const p of points) { if (p.v < min) min = p.v; if (p.v > max) max = p.v; sum += p.v; }
  const mean = sum / points.length;
  return mean > 0 ? (max - min) / mean : null;
}

/** A 24 h sparkline on a canvas: the line, the last point, and red dots where alerts fired. */
export function drawSparkline(canvas, points, alertTimes = []) {
  const cssWidth = canvas.clientWidth || Number(canvas.getAttribute("width")) || 120;
  const cssHeight = canvas.clientHeight || Number(canvas.getAttribute("height")) || 32;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  if (!points || points.length < 2) {
    canvas.dataset.drawn = "empty";
    return;
  }
  const ts = points.map((p) => Date.parse(p.t));
  let min = Infinity, max = -Infinity;
  for (const p of points) { if (p.v < min) min = p.v; if (p.v > max) max = p.v; }
  // A minimum vertical span of 2 % of the level: ±0.2 % of noise stays a ripple, not a wall.
  const level = Math.abs((max + min) / 2);
  const minSpan = level > 0 ? level * 0.02 : 2;
  if (max - min < minSpan) { const mid = (max + min) / 2; max = mid + minSpan / 2; min = mid - minSpan / 2; }
  const t0 = ts[0], t1 = ts[ts.length - 1] === t0 ? t0 + 1 : ts[ts.length - 1];
  const pad = 2;
  const x = (t) => pad + ((t - t0) / (t1 - t0)) * (cssWidth - 2 * pad);
  const y = (v) => cssHeight - pad - ((v - min) / (max - min)) * (cssHeight - 2 * pad);

  const rising = points[points.length - 1].v >= points[0].v;
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = rising ? "#1a7f37" : "#cf222e";
  ctx.beginPath();
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(x(ts[i]), y(p.v)) : ctx.lineTo(x(ts[i]), y(p.v))));
  ctx.stroke();

  ctx.fillStyle = "#d1242f";
  for (const at of alertTimes) {
    const i = ts.indexOf(at);
    if (i < 0) continue;
    ctx.beginPath();
    ctx.arc(x(ts[i]), y(points[i].v), 2.5, 0, Math.PI * 2);
    ctx.fill();
  }
  canvas.dataset.drawn = "1";
}

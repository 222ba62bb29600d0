// A metric plane around the campus for vehicles and tracks: east/north metres from the campus anchor (an
// equirectangular projection, exact enough over a county), fitted into an SVG with a scale bar. No map tiles: the
// campus network is closed.
const SVG = 'http://www.w3.org/2000/svg';
const METRES_PER_DEGREE = 111195;
const SIZE = 1000;
const PAD = 60;

function el(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  children.flat().forEach((c) => c !== null && c !== undefined && e.append(c));
  return e;
}

/** East and north metres of a WGS84 point from the origin. */
export function project(origin, lat, lon) {
  const k = Math.cos((origin.lat * Math.PI) / 180);
  return [(lon - origin.lon) * k * METRES_PER_DEGREE, (lat - origin.lat) * METRES_PER_DEGREE];
}

/** The round length (1, 2 or 5 × 10^n metres) closest below a fifth of `span`, for the scale bar. */
export function scaleStep(span) {
  const target = Math.max(span / 5, 1);
  const p = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((m) => m * p).find((s) => s <= target) ?? p;
}

/**
 * An SVG of the dots ({id, lat, lon, label, state, selected}) and lines ({kind, coordinates: [[lon, lat]…]} as
 * GeoJSON orders them), centred on `anchor` ({lat, lon}; the first dot when absent). `onPick(id)` on a dot's click.
 */
export function fitPlane({ anchor, dots = [], lines = [], onPick } = {}) {
  const first = dots[0] || (lines[0]?.coordinates?.[0] && { lat: lines[0].coordinates[0][1], lon: lines[0].coordinates[0][0] });
  const origin = anchor && Number.isFinite(anchor.lat) ? anchor : first || { lat: 0, lon: 0 };
  const pts = [[0, 0], ...dots.map((d) => project(origin, d.lat, d.lon)),
    ...lines.flatMap((l) => l.coordinates.map(([lon, lat]) => project(origin, lat, lon)))];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 200);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const scale = (SIZE - 2 * PAD) / span;
  const sx = (x) => SIZE / 2 + (x - cx) * scale;
  const sy = (y) => SIZE / 2 - (y - cy) * scale; // north up
  const svg = el('svg', { viewBox: `0 0 ${SIZE} ${SIZE}`, class: 'plane-svg', role: 'img' });
  const step = scaleStep(span);
  // a grid every scale step, so distances read at a glance
  const grid = el('g', { class: 'grid' });
  for (let gx = Math.floor((cx - span) / step) * step; gx <= cx + span; gx += step) {
    grid.append(el('line', { x1: sx(gx), y1: 0, x2: sx(gx), y2: SIZE }));
  }
  for (let gy = Math.floor((cy - span) / step) * step; gy <= cy + span; gy += step) {
    grid.append(el('line', { x1: 0, y1: sy(gy), x2: SIZE, y2: sy(gy) }));
  }
  svg.append(grid);
  svg.append(el('g', { class: 'campus-mark' }, el('rect', { x: sx(0) - 9, y: sy(0) - 9, width: 18, height: 18 }),
    el('text', { x: sx(0) + 12, y: sy(0) - 12 }, '园区')));
  for (const l of lines) {
    const points = l.coordinates.map(([lon, lat]) => project(origin, lat, lon)).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
    svg.append(el('polyline', { class: `line ${l.kind}`, points: points.join(' '), 'data-kind': l.kind, 'data-points': points.length }));
    const [ex, ey] = points[points.length - 1].split(',');
    const [bx, by] = points[0].split(',');
    svg.append(el('circle', { class: `end ${l.kind}`, cx: bx, cy: by, r: 6 }), el('circle', { class: `end last ${l.kind}`, cx: ex, cy: ey, r: 8 }));
  }
  for (const d of dots) {
    const [x, y] = project(origin, d.lat, d.lon);
    const g = el('g', { class: `dot state-${d.state}${d.selected ? ' selected' : ''}`, 'data-thing': d.id },
      el('circle', { cx: sx(x), cy: sy(y), r: d.selected ? 11 : 8 }),
      el('text', { x: sx(x) + 12, y: sy(y) + 5 }, d.label));
    if (onPick) g.addEventListener('click', () => onPick(d.id));
    svg.append(g);
  }
  const bar = step * scale;
  svg.append(el('g', { class: 'scale' },
    el('line', { x1: 30, y1: SIZE - 30, x2: 30 + bar, y2: SIZE - 30 }),
    el('text', { x: 30, y: SIZE - 40 }, step >= 1000 ? `${step / 1000} km` : `${step} m`)));
  return svg;
}

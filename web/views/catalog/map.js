// map.js - a map sketch without tiles: stores plotted as dots in their
// bounding box (equirectangular, fine at a city's scale) with a scale bar,
// one store highlighted. The text alternative is the list of stores with
// their distances, which the store page shows beside it.

import {s} from '../../core/dom.js';
import {t, distance} from '../../core/i18n.js';

// Great-circle distance in km (haversine).
export function km(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const x = Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(x)));
}

const W = 600;
const PAD = 30;

// stores: [{id, name, location}], the one to highlight's id. Stores without
// a location are left out.
export function storeMap(stores, highlightId, label) {
  const pts = stores.filter((st) => st.location);
  const me = pts.find((st) => st.id === highlightId);
  const lat0 = me ? me.location.latitude : pts[0].location.latitude;
  const kx = 111.32 * Math.cos(lat0 * Math.PI / 180); // km per degree of longitude
  const ky = 110.57; // km per degree of latitude
  const xs = pts.map((st) => st.location.longitude * kx);
  const ys = pts.map((st) => st.location.latitude * ky);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // At least 2 km across, so one store alone is not a point in the void.
  const grow = (lo, hi) => (hi - lo < 2 ? [(lo + hi) / 2 - 1, (lo + hi) / 2 + 1] : [lo, hi]);
  [x0, x1] = grow(x0, x1);
  [y0, y1] = grow(y0, y1);
  const scale = Math.min((W - 2 * PAD) / (x1 - x0), (W * 0.75 - 2 * PAD) / (y1 - y0)); // px/km
  const H = Math.round((y1 - y0) * scale + 2 * PAD + 24);
  const left = PAD + (W - 2 * PAD - (x1 - x0) * scale) / 2; // the box centred
  const px = (st) => left + (st.location.longitude * kx - x0) * scale;
  const py = (st) => PAD + (y1 - st.location.latitude * ky) * scale;
  // A scale bar of a round length near a quarter of the width.
  const target = (W / 4) / scale;
  const step = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500].find((v) => v >= target) ||
    1000;
  const bar = step * scale;
  const others = pts.filter((st) => st !== me);
  return s('svg', {class: 'map', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label},
    others.map((st) => s('circle', {class: 'map-dot', cx: px(st).toFixed(1),
      cy: py(st).toFixed(1), r: 6})),
    me ? [s('circle', {class: 'map-me', cx: px(me).toFixed(1), cy: py(me).toFixed(1), r: 10}),
      s('text', {class: 'map-label', x: (px(me) > W / 2 ? px(me) - 14 : px(me) + 14).toFixed(1),
        y: (py(me) + 4).toFixed(1), 'text-anchor': px(me) > W / 2 ? 'end' : 'start'},
      me.name)] : null,
    s('line', {class: 'map-scale', x1: PAD, y1: H - 14, x2: PAD + bar, y2: H - 14}),
    s('text', {class: 'map-label', x: PAD + bar + 6, y: H - 10}, distance(step)),
    s('text', {class: 'map-north', x: W - PAD, y: H - 10, 'text-anchor': 'end'}, t('map.north')));
}

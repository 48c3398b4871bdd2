// chart.js - a product's price history as a small SVG step chart: the lowest
// effective price among its offers over time, in one currency, with a text
// alternative (a sentence for screen readers and a table of the changes).
//
// The API gives every change of each offer (price, sale price, sale window);
// the lowest price at a moment is found by replaying those changes, a sale
// counting from its start to its end.

import {h, s, uid} from '../../core/dom.js';
import {t, money, date} from '../../core/i18n.js';

function effective(c, when) {
  const sale = c.sale_price && (!c.sale_start || Date.parse(c.sale_start) <= when) &&
    (!c.sale_end || when < Date.parse(c.sale_end));
  return sale ? c.sale_price.amount : c.price.amount;
}

// [{at: ms, amount}] of the lowest price, one point per change of it. The
// history does not record stock, so offers out of stock now (skip: a Set of
// offer ids) are left out, lest the line fall below what anyone sells at.
export function lowestSeries(changes, currency, skip = new Set(), now = Date.now()) {
  const rows = changes.filter((c) => c.price.currency === currency && !skip.has(c.offer_id))
    .sort((a, b) => Date.parse(a.recorded_at) - Date.parse(b.recorded_at) ||
      Number(a.id) - Number(b.id));
  if (!rows.length) return [];
  const times = new Set();
  for (const c of rows) {
    times.add(Date.parse(c.recorded_at));
    for (const edge of [c.sale_start, c.sale_end]) {
      const ms = edge ? Date.parse(edge) : NaN;
      if (ms > Date.parse(rows[0].recorded_at) && ms <= now) times.add(ms);
    }
  }
  const state = new Map();
  const out = [];
  let i = 0;
  for (const at of [...times].sort((a, b) => a - b)) {
    while (i < rows.length && Date.parse(rows[i].recorded_at) <= at) {
      state.set(rows[i].offer_id, rows[i]);
      i += 1;
    }
    const amount = Math.min(...[...state.values()].map((c) => effective(c, at)));
    if (!out.length || out[out.length - 1].amount !== amount) out.push({at, amount});
  }
  return out;
}

const W = 600;
const H = 200;
const PAD = {l: 70, r: 12, t: 12, b: 28};

export function historyChart(changes, currency, skip, now = Date.now()) {
  const pts = lowestSeries(changes, currency, skip, now);
  if (!pts.length) return h('p', {class: 'muted'}, t('history.none'));
  const t0 = pts[0].at;
  const t1 = Math.max(now, t0 + 1);
  const amounts = pts.map((p) => p.amount);
  let lo = Math.min(...amounts);
  let hi = Math.max(...amounts);
  if (lo === hi) {
    lo = Math.floor(lo * 0.9);
    hi = Math.ceil(hi * 1.1) || 1;
  }
  const x = (at) => PAD.l + (at - t0) / (t1 - t0) * (W - PAD.l - PAD.r);
  const y = (a) => PAD.t + (hi - a) / (hi - lo) * (H - PAD.t - PAD.b);
  let d = `M${x(pts[0].at).toFixed(1)},${y(pts[0].amount).toFixed(1)}`;
  for (const p of pts.slice(1)) d += `H${x(p.at).toFixed(1)}V${y(p.amount).toFixed(1)}`;
  d += `H${x(t1).toFixed(1)}`;
  const m = (a) => money({amount: a, currency});
  const minA = Math.min(...amounts);
  const maxA = Math.max(...amounts);
  const summary = t('history.summary', {from: date(new Date(t0).toISOString(), true),
    lo: m(minA), hi: m(maxA), now: m(pts[pts.length - 1].amount)});
  const captionId = uid('chart');
  const svg = s('svg', {class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-labelledby': captionId},
  s('line', {class: 'axis', x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: H - PAD.b}),
  s('line', {class: 'axis', x1: PAD.l, y1: H - PAD.b, x2: W - PAD.r, y2: H - PAD.b}),
  s('text', {x: PAD.l - 6, y: y(hi) + 4, 'text-anchor': 'end'}, m(hi)),
  s('text', {x: PAD.l - 6, y: y(lo) + 4, 'text-anchor': 'end'}, m(lo)),
  s('text', {x: PAD.l, y: H - 8}, date(new Date(t0).toISOString(), true)),
  s('text', {x: W - PAD.r, y: H - 8, 'text-anchor': 'end'}, date(new Date(t1).toISOString(), true)),
  s('path', {class: 'line', d}),
  pts.map((p) => s('circle', {class: 'dot', cx: x(p.at).toFixed(1), cy: y(p.amount).toFixed(1),
    r: 3})));
  return h('figure', {class: 'history'},
    svg,
    h('figcaption', {id: captionId}, summary),
    h('details', {},
      h('summary', {}, t('history.table')),
      h('div', {class: 'table-wrap'}, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('history.when')),
          h('th', {scope: 'col', class: 'num'}, t('history.lowest')))),
        h('tbody', {}, [...pts].reverse().map((p) => h('tr', {},
          h('td', {}, date(new Date(p.at).toISOString())),
          h('td', {class: 'num'}, m(p.amount)))))))));
}

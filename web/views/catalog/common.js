// common.js - what the catalog pages share: their strings, cached look-ups of
// retailers, stores, products and categories, where the shopper is (their
// coarse home area or the browser's location), and the pieces that show an
// offer (prices, reduction, where it is sold).
//
// Offers name their retailer and store by id only, and their product by id,
// title and GTIN, so pages resolve the rest here, each at most once per page
// load.

import {h} from '../../core/dom.js';
import {t, addStrings, money, distance, number} from '../../core/i18n.js';
import {get, getAll, session} from '../../core/api.js';
import {pager as corePager, appended} from '../../core/pager.js';
import strings from '../../i18n/catalog.js';

addStrings(strings);

const cache = new Map(); // API path -> promise of its answer

// A GET whose answer is kept for the life of the page (catalog data that
// changes rarely: retailers, their stores, categories, products).
export function cached(path, all) {
  if (!cache.has(path)) {
    const p = all ? getAll(path) : get(path);
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}

export const retailer = (id) => cached(`/v1/retailers/${id}`);
export const storesOf = (retailerId) => cached(`/v1/retailers/${retailerId}/stores`, true);
export const product = (id) => cached(`/v1/products/${id}`);
export const categories = () => cached('/v1/categories', true);

// Resolves what a list of offers refers to: {retailers: Map, stores: Map,
// products: Map} by id. Stores come with their retailer's list (few
// requests for many offers), unless not wanted (the home page names the
// retailer only: fewer bytes); products only when wanted, and a product that
// cannot be looked up is left out of the map (the offer has its title).
export async function resolve(offers, {products: withProducts = false, stores: withStores = true} = {}) {
  const rids = [...new Set(offers.map((o) => o.retailer_id))];
  const sids = new Set(offers.map((o) => o.store_id).filter(Boolean));
  const [rs, lists, ps] = await Promise.all([
    Promise.all(rids.map(retailer)),
    Promise.all(rids.map((id) => (withStores &&
      offers.some((o) => o.retailer_id === id && o.store_id) ? storesOf(id) : []))),
    withProducts ? Promise.all([...new Set(offers.map((o) => o.product_id))]
      .map((id) => product(id).catch(() => null))) : [],
  ]);
  const stores = new Map();
  for (const list of lists) for (const st of list) if (sids.has(st.id)) stores.set(st.id, st);
  return {
    retailers: new Map(rs.map((r) => [r.id, r])),
    stores,
    products: new Map(ps.filter(Boolean).map((p) => [p.id, p])),
  };
}

// --- Where the shopper is -------------------------------------------------

const PLACE_KEY = 'agora.place';
const RADIUS_KEY = 'agora.radius';
export const RADII = [2, 5, 10, 25, 50];

// The radius of "near" the shopper chose in this tab (km; 10 by default).
export function savedRadius() {
  try {
    const r = Number(sessionStorage.getItem(RADIUS_KEY));
    return RADII.includes(r) ? r : 10;
  } catch {
    return 10;
  }
}

export function saveRadius(r) {
  try {
    sessionStorage.setItem(RADIUS_KEY, String(r));
  } catch {
    // Storage refused: the radius resets on the next page.
  }
}

function stored() {
  try {
    const v = JSON.parse(sessionStorage.getItem(PLACE_KEY) || 'null');
    return v && typeof v.lat === 'number' && typeof v.lon === 'number' ? v : null;
  } catch {
    return null;
  }
}

// The shopper's home area from their profile, or null.
export function homeArea() {
  const a = session.account;
  const home = a && a.profile && a.profile.home;
  return home && typeof home.lat === 'number' ? {lat: home.lat, lon: home.lon, source: 'home'} : null;
}

// Where to look for offers: the browser's location when the shopper shared
// it in this tab, else their home area, else null.
export function place() {
  const dev = stored();
  return dev ? {lat: dev.lat, lon: dev.lon, source: 'device'} : homeArea();
}

// Forgets the browser's location (back to the home area).
export function forgetDevice() {
  try {
    sessionStorage.removeItem(PLACE_KEY);
  } catch {
    // Nothing was kept.
  }
}

// Asks the browser where we are. The point is rounded to 0.01 degree (about
// 1 km, like a home area) before it is kept (for this tab only) or sent:
// enough for "near me", and the precise position never leaves the page.
// Resolves to the place, or rejects with a translated reason.
export function locate() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error(t('place.unsupported')));
      return;
    }
    navigator.geolocation.getCurrentPosition((pos) => {
      const p = {lat: round2(pos.coords.latitude), lon: round2(pos.coords.longitude)};
      try {
        sessionStorage.setItem(PLACE_KEY, JSON.stringify(p));
      } catch {
        // Storage refused: the place lasts for this page.
      }
      resolve({...p, source: 'device'});
    }, (err) => {
      reject(new Error(err && err.code === 1 ? t('place.denied') : t('place.failed')));
    }, {maximumAge: 600000, timeout: 15000});
  });
}

function round2(x) {
  return Math.round(x * 100) / 100;
}

export function nearParam(p) {
  return p ? `${p.lat},${p.lon}` : '';
}

// "12.5 km": how a radius is offered in selects.
export function radiusOptions(selected) {
  return RADII.map((r) => h('option', {value: r, selected: Number(selected) === r},
    distance(r)));
}

// --- Showing an offer -----------------------------------------------------

// The price block: effective price; while on sale the regular price struck
// out; the real reduction against the 30-day low only when the API gives one.
export function prices(o, {compact = false} = {}) {
  const out = [h('span', {class: 'price'}, money(o.effective_price))];
  if (o.on_sale && o.sale_price) {
    out.push(' ', h('span', {class: 'price-was'},
      h('span', {class: 'visually-hidden'}, t('price.regular') + ' '), money(o.price)));
  }
  const r = o.on_sale && o.reduction;
  if (r && r.percent > 0) {
    out.push(h('span', {class: 'reduction'},
      h('span', {class: 'badge badge-sale'}, t('price.percent_off',
        {pct: number(-r.percent / 100, {style: 'percent', maximumFractionDigits: 0})})),
      compact ? null : ' ',
      compact ? null : h('span', {class: 'muted'},
        t('price.vs_low', {price: money(r.reference_price)}))));
  } else if (r && r.percent === 0 && !compact) {
    out.push(h('span', {class: 'reduction muted'}, t('price.no_real_cut',
      {price: money(r.reference_price)})));
  }
  return h('span', {class: 'prices'}, out);
}

// Where an offer is sold: "Online", or the store's name (a link unless
// plain) and its distance.
// Options: plain (no link), retailer (name an online offer's retailer), dist.
export function where(o, ctx, {plain = false, retailer: named = true, dist = true} = {}) {
  const r = ctx.retailers.get(o.retailer_id);
  if (o.online || !o.store_id) {
    return h('span', {class: 'where'}, h('span', {class: 'badge badge-info'}, t('offer.online')),
      named && r ? ` ${r.name}` : null);
  }
  const st = ctx.stores.get(o.store_id);
  const name = st ? st.name : (r ? r.name : t('offer.store'));
  return h('span', {class: 'where'}, h('span', {class: 'badge'}, t('offer.in_store')), ' ',
    plain ? name : h('a', {href: `/stores/${o.store_id}`}, name),
    dist && typeof o.distance_km === 'number' ?
      h('span', {class: 'muted'}, ' · ', t('offer.away', {d: distance(o.distance_km)})) : null);
}

// A product picture (decorative: the title is beside it), or a blank tile.
export function picture(p, size = 160) {
  const src = p && p.image_url && p.image_url.startsWith('/') && !p.image_url.startsWith('//') ?
    p.image_url : null;
  return src ? h('img', {src, alt: '', width: size, height: size, loading: 'lazy'}) :
    h('span', {class: 'no-image', 'aria-hidden': 'true'});
}

// A "Show more" button under list, for a first page the caller has shown:
// load(cursor) returns a promise of {items, next_cursor}; add(items)
// appends them to list (see core/pager.js).
export function pager(cursor, load, list, add) {
  const p = corePager({load, add: (items) => appended(list, () => add(items))});
  p.start(cursor);
  return p.el;
}

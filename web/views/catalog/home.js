// home.js - the shopping home page: top categories, and what is on sale now
// near the shopper (their home area or the browser's location), biggest real
// reductions first. Kept small: it is part of the first page's 100 KB.

import {h, replace} from '../../core/dom.js';
import {t, distance} from '../../core/i18n.js';
import {get, session} from '../../core/api.js';
import {errorBox} from '../../core/forms.js';
import {place, homeArea, locate, forgetDevice, savedRadius, saveRadius, nearParam, radiusOptions, resolve,
  prices, where, picture, pager} from './common.js';

const PAGE = 12; // sale offers per page (grouped by product; each product's picture costs a look-up)

export async function home() {
  const deals = h('div', {class: 'deals'});
  const [cats] = await Promise.all([
    get('/v1/categories', {parent_id: 'root', limit: 100}).catch((e) => e),
    showDeals(deals),
  ]);
  return h('section', {class: 'page catalog-home'},
    h('h1', {}, t('home.title')),
    h('section', {'aria-labelledby': 'home-cats'},
      h('h2', {id: 'home-cats'}, t('home.categories')),
      cats instanceof Error ? errorBox(cats) : categoryList(cats.items)),
    h('section', {'aria-labelledby': 'home-deals'},
      h('h2', {id: 'home-deals'}, t('home.deals')), deals));
}

function categoryList(items) {
  if (!items.length) return h('p', {class: 'muted'}, t('common.none'));
  return h('ul', {class: 'chips'}, items.map((c) =>
    h('li', {}, h('a', {href: `/search?category=${encodeURIComponent(c.id)}`, class: 'chip'},
      c.name))));
}

// Fills el with the location bar and the deals near the current place.
async function showDeals(el, message) {
  const p = place();
  const radius = savedRadius();
  const status = h('p', {class: 'place-status', role: 'status'}, message || '');
  const useDevice = h('button', {type: 'button', class: 'btn btn-small', onclick: async () => {
    useDevice.disabled = true;
    status.textContent = t('place.locating');
    try {
      await locate();
      await showDeals(el);
    } catch (e) {
      useDevice.disabled = false;
      status.textContent = e.message;
    }
  }}, t('place.use_device'));
  const controls = [];
  if (p) {
    const radiusSelect = h('select', {id: 'deal-radius', onchange: async (ev) => {
      saveRadius(ev.target.value);
      await showDeals(el);
      el.querySelector('#deal-radius').focus();
    }}, radiusOptions(radius));
    controls.push(h('p', {class: 'place-line'},
      p.source === 'home' ? t('place.near_home') : t('place.near_device'), ' ',
      h('label', {for: 'deal-radius'}, t('place.within')), ' ', radiusSelect));
    if (p.source === 'home') controls.push(useDevice);
    if (p.source === 'device' && homeArea()) {
      controls.push(h('button', {type: 'button', class: 'btn btn-small', onclick: async () => {
        forgetDevice();
        await showDeals(el);
      }}, t('place.use_home')));
    }
  } else {
    controls.push(h('p', {class: 'notice'}, t('place.unknown')), useDevice,
      h('a', {href: session.signedIn ? '/me' : '/login?next=%2Fme', class: 'btn btn-small'},
        session.signedIn ? t('place.set_home') : t('place.login_home')));
  }
  const list = h('ul', {class: 'cards deal-cards'});
  const shown = new Map(); // product id -> its card's "also at" line and count
  const query = {on_sale: 'true', sort: 'reduction', limit: PAGE,
    near: nearParam(p), radius_km: p ? radius : ''};
  let body;
  try {
    const page = await get('/v1/offers', query);
    await addDeals(list, page.items, shown);
    body = [
      !p ? h('p', {class: 'muted'}, t('home.anywhere')) : null,
      page.items.length ? list : h('p', {class: 'empty'}, p ?
        t('home.none_near', {r: distance(radius)}) : t('home.none')),
      pager(page.next_cursor, (cursor) => get('/v1/offers', {...query, cursor}), list,
        (items) => addDeals(list, items, shown)),
    ];
  } catch (e) {
    body = errorBox(e);
  }
  replace(el, h('div', {class: 'btn-row place-bar'}, controls), status, body);
}

// One card per product: its biggest reduction (the first offer of it in the
// list), and how many more places have it on sale. The product (title,
// picture, brand) comes with the offer.
async function addDeals(list, offers, shown) {
  const ctx = await resolve(offers, {stores: false});
  for (const o of offers) {
    const seen = shown.get(o.product_id);
    if (seen) {
      seen.n += 1;
      seen.line.textContent = t('home.more_places', {n: seen.n});
      seen.line.hidden = false;
      continue;
    }
    const line = h('span', {class: 'muted small', hidden: true});
    shown.set(o.product_id, {n: 0, line});
    list.append(dealCard(o, ctx, line));
  }
}

function dealCard(o, ctx, line) {
  const p = o.product;
  return h('li', {class: 'card deal'},
    picture(p),
    h('a', {href: `/products/${o.product_id}`, class: 'card-link'}, p.title),
    p.brand ? h('span', {class: 'muted'}, p.brand.name) : null,
    prices(o, {compact: true}),
    where(o, ctx, {plain: true}),
    line);
}

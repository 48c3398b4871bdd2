// product.js - the product page: the product (picture, title, brand,
// category, GTIN), every current offer in stores and online sorted by
// effective price with the cheapest marked, and the price history chart.

import {h} from '../../core/dom.js';
import {t, money, distance, addStrings} from '../../core/i18n.js';
import {get, getAll, url} from '../../core/api.js';
import {errorBox} from '../../core/forms.js';
import {product as getProduct, categories, place, nearParam, savedRadius, resolve, prices,
  where, picture} from './common.js';
import {historyChart} from './chart.js';
import strings from '../../i18n/catalog/product.js';

addStrings(strings);

export async function product(ctx) {
  const id = ctx.params.id;
  const here = ctx.query.get('all') === '1' ? null : place();
  const radius = savedRadius();
  const [p, offers, history, cats] = await Promise.all([
    getProduct(id),
    get(`/v1/products/${id}/offers`, {near: nearParam(here), radius_km: here ? radius : ''}),
    getAll(`/v1/products/${id}/price-history`, {}, 500).catch((e) => e),
    categories().catch(() => []),
  ]);
  const items = [...offers.items].sort((a, b) =>
    a.effective_price.currency.localeCompare(b.effective_price.currency) ||
    a.effective_price.amount - b.effective_price.amount);
  const refs = await resolve(items);
  const cheapest = items.find((o) => o.cheapest);
  const currency = (cheapest || items[0] || {effective_price: {currency: 'EUR'}})
    .effective_price.currency;
  return h('article', {class: 'page catalog-product'},
    h('div', {class: 'product-head'},
      picture(p, 240),
      h('div', {},
        h('h1', {}, p.title),
        h('dl', {class: 'facts'},
          p.brand ? [h('dt', {}, t('product.brand')), h('dd', {},
            h('a', {href: url('/search', {brand: p.brand.id})}, p.brand.name))] : null,
          categoryFact(p, cats),
          p.gtin ? [h('dt', {}, t('product.gtin')), h('dd', {class: 'mono'}, p.gtin)] : null),
        cheapest ? h('p', {class: 'best-line'}, t('product.best', {price:
          money(cheapest.effective_price)})) : null,
        p.description ? h('p', {}, p.description) : null)),
    h('section', {'aria-labelledby': 'offers-h'},
      h('h2', {id: 'offers-h'}, t('product.offers')),
      scopeLine(ctx, here, radius),
      items.length ? offerTable(items, refs, Boolean(here)) :
        h('p', {class: 'empty panel'}, t('product.no_offers'))),
    h('section', {'aria-labelledby': 'history-h'},
      h('h2', {id: 'history-h'}, t('history.title')),
      history instanceof Error ? errorBox(history) : historyChart(history, currency,
        new Set(items.filter((o) => o.availability !== 'in_stock').map((o) => o.id)))));
}

function categoryFact(p, cats) {
  const byId = new Map(cats.map((c) => [c.id, c]));
  const path = [];
  for (let c = byId.get(p.category_id); c && path.length < 8; c = byId.get(c.parent_id)) {
    path.unshift(c);
  }
  if (!path.length) return null;
  return [h('dt', {}, t('product.category')), h('dd', {}, path.map((c, i) => [i ? ' › ' : '',
    h('a', {href: url('/search', {category: c.id})}, c.name)]))];
}

// Which offers are listed: near the shopper (with a way to see all), or all.
function scopeLine(ctx, here, radius) {
  if (here) {
    return h('p', {class: 'muted'}, t('product.near', {r: distance(radius)}), ' ',
      h('a', {href: `${ctx.path}?all=1`}, t('product.all_stores')));
  }
  if (ctx.query.get('all') === '1' && place()) {
    return h('p', {class: 'muted'}, t('product.all'), ' ',
      h('a', {href: ctx.path}, t('product.only_near')));
  }
  return null;
}

const AVAIL = ['in_stock', 'out_of_stock', 'preorder', 'backorder'];

function offerTable(items, refs, withDistance) {
  return h('div', {class: 'table-wrap'}, h('table', {class: 'offers'},
    h('caption', {class: 'visually-hidden'}, t('product.offers_caption')),
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col'}, t('col.where')),
      h('th', {scope: 'col', class: 'num'}, t('col.price')),
      h('th', {scope: 'col', class: 'num'}, t('col.unit')),
      h('th', {scope: 'col'}, t('col.availability')),
      withDistance ? h('th', {scope: 'col', class: 'num'}, t('col.distance')) : null)),
    h('tbody', {}, items.map((o) => {
      const r = refs.retailers.get(o.retailer_id);
      return h('tr', {class: o.cheapest ? 'best' : null, 'data-offer': o.id},
        h('th', {scope: 'row'}, h('strong', {}, r ? r.name : ''), h('br'),
          where(o, refs, {retailer: false, dist: false})),
        h('td', {class: 'num', 'data-label': t('col.price')}, prices(o),
          o.cheapest ? [h('br'), h('span', {class: 'badge badge-best'}, t('product.cheapest'))] :
            null),
        h('td', {class: 'num', 'data-label': t('col.unit')}, o.unit_price ? t('product.unit', {price: money(o.unit_price),
          per: o.unit_price.per}) : '–'),
        h('td', {'data-label': t('col.availability')}, h('span', {class: `avail avail-${o.availability}`},
          AVAIL.includes(o.availability) ? t(`avail.${o.availability}`) : o.availability)),
        withDistance ? h('td', {class: 'num', 'data-label': t('col.distance')},
          typeof o.distance_km === 'number' ? distance(o.distance_km) : '–') : null);
    }))));
}

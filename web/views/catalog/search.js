// search.js - search results with filters (category, brand, price range,
// distance). The filters live in the address (/search?q=&category=&brand=
// &min_price=&max_price=&near=&radius_km=), so a result can be shared and
// the back button returns to the previous filters; the query string is passed
// to GET /v1/search as it is, and its 422 is shown beside the field at fault.

import {h, replace} from '../../core/dom.js';
import {t, number, parseMoney, locale, addStrings} from '../../core/i18n.js';
import {get, url} from '../../core/api.js';
import {field, showErrors, clearErrors, errorBox} from '../../core/forms.js';
import {categories, cached, place, homeArea, locate, nearParam, radiusOptions, resolve, prices,
  where, picture, pager} from './common.js';
import strings from '../../i18n/catalog/search.js';

addStrings(strings);

const PARAMS = ['q', 'category', 'brand', 'min_price', 'max_price', 'currency', 'near',
  'radius_km'];

export async function search(ctx) {
  const q = ctx.query;
  const currency = q.get('currency') || 'EUR';
  const [cats, brands] = await Promise.all([categories(), cached('/v1/brands', true)]);
  const f = filters(ctx, currency, cats, brands);
  const results = h('div', {class: 'results', 'aria-live': 'polite'});
  await showResults(results, f, q);
  const text = q.get('q');
  return h('section', {class: 'page catalog-search'},
    h('h1', {}, text ? t('search.title_q', {q: text}) : t('search.title_all')),
    h('div', {class: 'split'},
      h('section', {class: 'panel', 'aria-labelledby': 'filters-h'},
        h('h2', {id: 'filters-h'}, t('search.filters')), f),
      h('section', {'aria-labelledby': 'results-h'},
        h('h2', {id: 'results-h', class: 'visually-hidden'}, t('search.results')), results)));
}

// Categories as a tree in one select: children indented under their parent.
function categoryOptions(cats) {
  const kids = new Map();
  for (const c of cats) {
    const k = c.parent_id || '';
    if (!kids.has(k)) kids.set(k, []);
    kids.get(k).push(c);
  }
  const out = [{value: '', label: t('search.any_category')}];
  const walk = (parent, depth) => {
    for (const c of (kids.get(parent) || []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({value: c.id, label: '\u2003'.repeat(depth) + c.name});
      if (depth < 6) walk(c.id, depth + 1);
    }
  };
  walk('', 0);
  return out;
}

function digitsOf(currency) {
  return new Intl.NumberFormat('en', {style: 'currency', currency}).resolvedOptions()
    .maximumFractionDigits;
}

// A decimal amount of the address ("12.50") as the locale writes it ("12,50").
function shown(text, currency) {
  if (!text) return '';
  const minor = parseMoney(text, currency);
  if (Number.isNaN(minor)) return text;
  const d = digitsOf(currency);
  return number(minor / 10 ** d, {minimumFractionDigits: d, maximumFractionDigits: d,
    useGrouping: false});
}

// Minor units back to the API's decimal form (1250 -> "12.50").
function decimal(minor, currency) {
  const d = digitsOf(currency);
  return (minor / 10 ** d).toFixed(d);
}

function filters(ctx, currency, cats, brands) {
  const q = ctx.query;
  const home = homeArea();
  const here = place();
  const near = q.get('near') || '';
  let nearChoice = '';
  const nearOpts = [{value: '', label: t('search.anywhere')}];
  if (home) nearOpts.push({value: 'home', label: t('search.near_home')});
  nearOpts.push({value: 'device', label: t('search.near_device')});
  if (near) {
    if (home && near === nearParam(home)) nearChoice = 'home';
    else if (here && here.source === 'device' && near === nearParam(here)) nearChoice = 'device';
    else {
      nearChoice = near;
      nearOpts.push({value: near, label: t('search.near_point')});
    }
  }
  const cur = new Intl.NumberFormat(locale(), {style: 'currency', currency})
    .formatToParts(0).find((p) => p.type === 'currency').value;
  const fields = [
    field({name: 'category', label: t('search.category'), type: 'select',
      value: q.get('category') || '', options: categoryOptions(cats)}),
    field({name: 'brand', label: t('search.brand'), type: 'select', value: q.get('brand') || '',
      options: [{value: '', label: t('search.any_brand')}].concat([...brands]
        .sort((a, b) => a.name.localeCompare(b.name)).map((b) => ({value: b.id, label: b.name})))}),
    field({name: 'min_price', label: t('search.min_price', {cur}), inputmode: 'decimal',
      value: shown(q.get('min_price'), currency), autocomplete: 'off'}),
    field({name: 'max_price', label: t('search.max_price', {cur}), inputmode: 'decimal',
      value: shown(q.get('max_price'), currency), autocomplete: 'off'}),
    field({name: 'near', label: t('search.distance'), type: 'select', value: nearChoice,
      options: nearOpts}),
  ];
  const radius = field({name: 'radius_km', label: t('search.radius'), type: 'select',
    options: []});
  radius.control.append(...radiusOptions(q.get('radius_km') || 10));
  const alert = h('p', {class: 'form-alert', role: 'alert', hidden: true});
  const el = h('form', {class: 'form search-filters', novalidate: true}, alert, fields, radius,
    h('div', {class: 'form-actions'},
      h('button', {type: 'submit', class: 'btn btn-primary'}, t('search.apply')),
      h('a', {class: 'btn btn-quiet', href: url('/search', {q: q.get('q')})}, t('search.clear'))));
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(el);
    const next = await readFilters(el, q, currency);
    if (next.errors.length) {
      showErrors(el, {errors: next.errors});
      return;
    }
    ctx.navigate(url('/search', next.params));
  });
  return el;
}

// The filters of the form as the address's parameters; a price that is not
// a number, or a refused location, is reported beside its field.
async function readFilters(el, q, currency) {
  const v = (name) => el.elements[name].value.trim();
  const params = {q: q.get('q'), category: v('category'), brand: v('brand'),
    currency: q.get('currency')};
  const errors = [];
  for (const name of ['min_price', 'max_price']) {
    if (!v(name)) continue;
    const minor = parseMoney(v(name), currency);
    if (Number.isNaN(minor) || minor < 0) errors.push({parameter: name, detail: t('search.not_price')});
    else params[name] = decimal(minor, currency);
  }
  const choice = v('near');
  if (choice === 'home') params.near = nearParam(homeArea());
  else if (choice === 'device') {
    try {
      params.near = nearParam(await locate());
    } catch (e) {
      errors.push({parameter: 'near', detail: e.message});
    }
  } else if (choice) params.near = choice;
  if (params.near) params.radius_km = v('radius_km');
  return {params, errors};
}

// The next page of hits that has any: the API may answer a short or empty
// page with a cursor when a rare filter leaves a stretch of matches without
// hits (GET /v1/search reads a bounded number of windows a request), so the
// page follows the cursor a few times before saying there is nothing.
const HOPS_MAX = 8;
async function hitsPage(query, cursor) {
  let page = await get('/v1/search', {...query, cursor});
  for (let hop = 0; !page.items.length && page.next_cursor && hop < HOPS_MAX; hop++) {
    page = await get('/v1/search', {...query, cursor: page.next_cursor});
  }
  return page;
}

async function showResults(el, formEl, q) {
  const query = {limit: 20};
  for (const k of PARAMS) if (q.get(k)) query[k] = q.get(k);
  const list = h('ul', {class: 'cards hit-cards'});
  try {
    const page = await hitsPage(query);
    await addHits(list, page.items);
    if (!page.items.length && !page.next_cursor) {
      replace(el, h('div', {class: 'empty panel'}, h('p', {}, t('search.empty')),
        h('p', {class: 'muted'}, t('search.empty_hint'))));
      return;
    }
    replace(el, list, pager(page.next_cursor, (cursor) => hitsPage(query, cursor),
      list, (items) => addHits(list, items)));
  } catch (e) {
    if (e.status === 422) {
      showErrors(formEl, e);
      replace(el, h('p', {class: 'empty panel'}, t('search.fix_filters')));
    } else replace(el, errorBox(e));
  }
}

async function addHits(list, hits) {
  const ctx = await resolve(hits.map((x) => x.offer).filter(Boolean));
  for (const hit of hits) list.append(hitCard(hit, ctx));
}

function hitCard(hit, ctx) {
  const p = hit.product;
  const o = hit.offer;
  return h('li', {class: 'card hit'},
    picture(p),
    h('a', {href: `/products/${p.id}`, class: 'card-link'}, p.title),
    p.brand ? h('span', {class: 'muted'}, p.brand.name) : null,
    o ? [h('span', {class: 'muted small'}, t('search.cheapest')), prices(o, {compact: true}),
      where(o, ctx, {plain: true})] : h('span', {class: 'muted'}, t('search.no_offer')));
}

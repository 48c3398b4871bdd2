// offers.js - the retailer's offers (/console/offers): filters kept in the
// address (words of the product, store, on sale, order), all passed to
// GET /v1/offers and paged through its cursor ("Show more"); each offer
// names its product, so no look-up per row. Editing an offer's price, sale
// price, sale window and availability in a dialog.

import {h, replace} from '../../core/dom.js';
import {t, money, date, parseMoney} from '../../core/i18n.js';
import {get, send, getAll, ApiError} from '../../core/api.js';
import {field, form, errorBox, showErrors} from '../../core/forms.js';
import {pager, appended} from '../../core/pager.js';
import {statusLine} from '../people/ui.js';
import {withRetailer, toLocalInput, fromLocalInput} from './common.js';

const AVAILABILITY = ['in_stock', 'out_of_stock', 'preorder', 'backorder'];

function filtersForm(ctx, stores) {
  const q = ctx.query;
  return form({
    className: 'filters',
    fields: [
      field({name: 'q', label: t('con.of.q'), hint: t('con.of.q_hint'), value: q.get('q') || '',
        type: 'search'}),
      field({name: 'store', type: 'select', label: t('con.of.store'), value: q.get('store') || '',
        options: [{value: '', label: t('con.of.any_store')},
          ...stores.map((s) => ({value: s.id, label: s.name}))]}),
      field({name: 'sort', type: 'select', label: t('con.of.sort'), value: q.get('sort') || '',
        options: [{value: '', label: t('con.of.sort_id')}, {value: 'price', label: t('con.of.sort_price')},
          {value: 'reduction', label: t('con.of.sort_reduction')}]}),
      field({name: 'on_sale', type: 'checkbox', label: t('con.of.on_sale'), value: q.get('on_sale') === 'true'}),
    ],
    submit: t('con.of.apply'),
    onSubmit: (v) => {
      const p = new URLSearchParams();
      if (v.q) p.set('q', v.q);
      if (v.store) p.set('store', v.store);
      if (v.sort) p.set('sort', v.sort);
      if (v.on_sale) p.set('on_sale', 'true');
      const s = p.toString();
      ctx.navigate(s ? `/console/offers?${s}` : '/console/offers');
    },
  });
}

// 1299 EUR -> "12.99", as a person edits it.
function plain(m) {
  const digits = new Intl.NumberFormat('en', {style: 'currency', currency: m.currency})
    .resolvedOptions().maximumFractionDigits;
  return (m.amount / 10 ** digits).toFixed(digits);
}

function window_(o) {
  if (!o.sale_start && !o.sale_end) return '';
  return `${o.sale_start ? date(o.sale_start) : '…'} – ${o.sale_end ? date(o.sale_end) : '…'}`;
}

// The columns: header key, then the cell for an offer. Each cell carries its
// column's name, shown above it where the table folds into cards (phones).
const COLUMNS = ['con.of.product', 'con.of.where', 'con.of.price_col', 'con.of.sale_col',
  'con.of.availability', 'con.of.actions'];

function cells(o, storeName) {
  const td = (i, attrs, ...content) => h('td', {...attrs, 'data-label': t(COLUMNS[i])}, ...content);
  return [
    td(0, {class: 'product-cell'}, h('a', {href: `/products/${o.product_id}`}, o.product.title),
      h('br'), h('span', {class: 'muted'}, o.item_id)),
    td(1, {}, o.store_id ? storeName(o.store_id) : t('con.of.online')),
    td(2, {class: 'num'}, money(o.price)),
    td(3, {class: 'num'}, o.sale_price ? money(o.sale_price) : '—',
      o.on_sale && h('span', {class: 'badge badge-sale'}, t('con.of.on_sale_now')),
      window_(o) && h('span', {class: 'sale-window muted'}, window_(o))),
    td(4, {}, t(`con.of.av.${o.availability}`)),
  ];
}

// The edit dialog of one offer; onSaved(offer) after a successful PATCH.
function editDialog(o, onSaved) {
  const cur = o.price.currency;
  const dlg = h('dialog', {class: 'dialog', 'aria-labelledby': 'con-edit-h'});
  const close = () => {
    dlg.close();
    dlg.remove();
  };
  const invalid = (pointer, detail) => new ApiError(422, {code: 'validation_failed',
    detail: t('con.fix_fields'), errors: [{pointer, detail}]});
  const f = form({
    fields: [
      field({name: 'price', label: t('con.of.price', {cur}), value: plain(o.price),
        inputmode: 'decimal', required: true}),
      field({name: 'sale_price', label: t('con.of.sale_price', {cur}), hint: t('con.of.sale_price_hint'),
        value: o.sale_price ? plain(o.sale_price) : '', inputmode: 'decimal'}),
      field({name: 'sale_start', type: 'datetime-local', label: t('con.of.sale_start'),
        value: toLocalInput(o.sale_start)}),
      field({name: 'sale_end', type: 'datetime-local', label: t('con.of.sale_end'),
        value: toLocalInput(o.sale_end), hint: t('con.of.window_hint')}),
      field({name: 'availability', type: 'select', label: t('con.of.availability'), value: o.availability,
        options: AVAILABILITY.map((a) => ({value: a, label: t(`con.of.av.${a}`)}))}),
    ],
    submit: t('common.save'),
    onSubmit: async (v) => {
      const price = parseMoney(v.price, cur);
      if (Number.isNaN(price)) throw invalid('/price', t('con.of.not_price'));
      const body = {price: {amount: price, currency: cur}, availability: v.availability};
      if (v.sale_price === '') {
        Object.assign(body, {sale_price: null, sale_start: null, sale_end: null});
      } else {
        const sale = parseMoney(v.sale_price, cur);
        if (Number.isNaN(sale)) throw invalid('/sale_price', t('con.of.not_price'));
        body.sale_price = {amount: sale, currency: cur};
        body.sale_start = fromLocalInput(v.sale_start);
        body.sale_end = fromLocalInput(v.sale_end);
      }
      const after = await send('PATCH', `/v1/offers/${o.id}`, body);
      close();
      onSaved(after);
    },
  });
  f.querySelector('.form-actions').append(h('button', {type: 'button', class: 'btn', onclick: close},
    t('common.cancel')));
  replace(dlg, h('h2', {id: 'con-edit-h'}, t('con.of.edit_title')),
    h('p', {}, h('strong', {}, o.product.title), ' ', h('span', {class: 'muted'}, o.item_id)), f);
  dlg.addEventListener('cancel', (ev) => {
    ev.preventDefault();
    close();
  });
  return dlg;
}

export async function offers(ctx) {
  return withRetailer(ctx, t('con.of.title'), async (retailer) => {
    const stores = await getAll(`/v1/retailers/${retailer.id}/stores`);
    const storeName = (id) => (stores.find((s) => s.id === id) || {name: `#${id}`}).name;
    const filters = filtersForm(ctx, stores);
    const status = statusLine();
    const tbody = h('tbody', {});
    const info = h('div', {});
    const q = ctx.query;
    const filter = {retailer_id: retailer.id, q: q.get('q') || undefined,
      store_id: q.get('store') || undefined, on_sale: q.get('on_sale') === 'true' ? 'true' : undefined,
      sort: q.get('sort') || undefined};
    let loaded = false; // the first page came

    function addRows(items) {
      for (const o of items) {
        const tr = h('tr', {});
        const draw = (offer) => {
          const edit = h('button', {type: 'button', class: 'btn btn-small',
            'aria-label': t('con.of.edit_named', {name: offer.product.title}), onclick: () => {
              const dlg = editDialog(offer, (after) => {
                draw(after);
                status.say(t('con.of.saved', {name: after.product.title}));
                tr.querySelector('button').focus();
              });
              document.body.append(dlg);
              dlg.showModal();
            }}, t('con.of.edit'));
          replace(tr, cells(offer, storeName), h('td', {class: 'actions-cell'}, edit));
        };
        draw(o);
        tbody.append(tr);
      }
    }
    const more = pager({
      load: (cursor) => get('/v1/offers', {...filter, limit: 20, cursor}),
      add: (items) => appended(tbody, () => addRows(items)),
    });
    // The first page; a refused filter (422: words without a letter or
    // digit) is shown beside its field.
    try {
      await more.first();
      loaded = true;
    } catch (e) {
      if (e.status === 422) {
        showErrors(filters, e);
        replace(info, h('p', {class: 'error-box', role: 'alert'}, t('con.fix_fields')));
      } else replace(info, errorBox(e));
    }
    const table = h('div', {class: 'table-wrap'}, h('table', {class: 'offers-table'},
      h('caption', {class: 'visually-hidden'}, t('con.of.caption')),
      h('thead', {}, h('tr', {}, COLUMNS.map((c, i) =>
        h('th', {scope: 'col', class: i === 2 || i === 3 ? 'num' : null}, t(c))))),
      tbody));
    return [
      h('section', {class: 'panel', 'aria-label': t('con.of.filters')}, filters),
      info, status,
      tbody.children.length ? table : loaded && h('p', {class: 'muted'}, t('con.of.none')),
      more.el,
    ];
  });
}

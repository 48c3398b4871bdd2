// store.js - adding (/console/stores/new) and editing (/console/stores/:id)
// one of the retailer's stores: address, coordinates, time zone, weekly
// opening hours (several intervals a day allowed) and date exceptions.
// Rows of hours and exceptions are named by their index in the list sent,
// so an error at /hours/2/closes shows beside that very field.

import {h, uid} from '../../core/dom.js';
import {t} from '../../core/i18n.js';
import {get, send, ApiError} from '../../core/api.js';
import {field, form} from '../../core/forms.js';
import {statusLine} from '../people/ui.js';
import {withRetailer} from './common.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

// A cell holding one control, its short visible label ("Opens") with the
// row said to screen readers (", row 2"), and its error slot.
function cell(control, short, row) {
  const id = uid('rc');
  const err = h('p', {class: 'field-error', id: `${id}-err`, hidden: true});
  control.id = id;
  control.setAttribute('aria-describedby', err.id);
  const suffix = h('span', {class: 'visually-hidden row-n'});
  const wrap = h('div', {class: 'cell', 'data-key': control.dataset.key},
    h('label', {for: id, class: 'cell-label'}, short, suffix), control, err);
  wrap.control = control;
  wrap.relabel = (n) => {
    suffix.textContent = t(row, {n});
  };
  return wrap;
}

function removeButton(labelKey, row, rows) {
  const b = h('button', {type: 'button', class: 'btn btn-small remove', onclick: () => {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber(rows);
    const f = next && next.querySelector('select, input');
    if (f) f.focus();
  }}, t('con.remove'));
  b.relabel = (n) => b.setAttribute('aria-label', t(labelKey, {n}));
  return b;
}

// Names every row's cells after its position: hours.0.opens ...
function renumber(rows) {
  [...rows.children].forEach((row, i) => {
    for (const c of row.querySelectorAll('.cell')) {
      c.dataset.field = `${rows.dataset.list}.${i}.${c.dataset.key}`;
      c.relabel(i + 1);
    }
    row.querySelector('button.remove').relabel(i + 1);
  });
  rows.closest('.rows-box').querySelector('.rows-empty').hidden = rows.children.length > 0;
}

function rowsBox(list, legend, hint, addLabel, makeRow, items) {
  const rows = h('div', {class: 'rows', 'data-list': list});
  const box = h('fieldset', {class: 'rows-box field', 'data-field': list},
    h('legend', {}, legend), h('p', {class: 'hint'}, hint),
    h('p', {class: 'muted rows-empty'}, t('con.none_yet')), rows,
    h('p', {class: 'field-error', hidden: true}),
    h('button', {type: 'button', class: 'btn btn-small', onclick: () => {
      const row = makeRow({}, rows);
      rows.append(row);
      renumber(rows);
      row.querySelector('select, input').focus();
    }}, addLabel));
  for (const it of items) rows.append(makeRow(it, rows));
  renumber(rows);
  return box;
}

// A wall-clock time as the API takes it ("08:30", up to "24:00"), typed:
// a time picker cannot show 24:00 and follows the browser's 12/24 h habit.
function clock(key, value) {
  return h('input', {type: 'text', 'data-key': key, value, inputmode: 'numeric', placeholder: 'HH:MM',
    maxlength: 5, size: 5, class: 'clock'});
}

function hoursRow(it, rows) {
  const day = h('select', {'data-key': 'weekday'}, DAYS.map((d) =>
    h('option', {value: d, selected: d === (it.weekday || 1)}, t(`con.day.${d}`))));
  const opens = clock('opens', it.opens || '09:00');
  const closes = clock('closes', it.closes || '18:00');
  const row = h('div', {class: 'row row-hours'});
  const r = 'con.hours_row';
  row.append(cell(day, t('con.col.day'), r), cell(opens, t('con.col.opens'), r),
    cell(closes, t('con.col.closes'), r), removeButton('con.hours_remove', row, rows));
  return row;
}

function exceptionRow(it, rows) {
  const dateIn = h('input', {type: 'date', 'data-key': 'date', value: it.date || ''});
  const closed = h('input', {type: 'checkbox', 'data-key': 'closed', checked: Boolean(it.closed)});
  const opens = clock('opens', it.opens || '');
  const closes = clock('closes', it.closes || '');
  const note = h('input', {type: 'text', 'data-key': 'note', value: it.note || '', maxlength: 200});
  const sync = () => {
    opens.disabled = closes.disabled = closed.checked;
  };
  closed.addEventListener('change', sync);
  sync();
  const r = 'con.ex_row';
  const closedCell = cell(closed, t('con.closed_all_day'), r);
  const row = h('div', {class: 'row row-exception'});
  row.append(cell(dateIn, t('con.col.date'), r), closedCell, cell(opens, t('con.col.opens'), r),
    cell(closes, t('con.col.closes'), r), cell(note, t('con.col.note'), r),
    removeButton('con.ex_remove', row, rows));
  return row;
}

function readRows(formEl, list) {
  return [...formEl.querySelector(`.rows[data-list="${list}"]`).children].map((row) => {
    const o = {};
    for (const c of row.querySelectorAll('[data-key]')) {
      if (c.classList.contains('cell')) continue;
      o[c.dataset.key] = c.type === 'checkbox' ? c.checked : c.value.trim();
    }
    return o;
  });
}

function invalid(errors) {
  return new ApiError(422, {code: 'validation_failed', detail: t('con.fix_fields'), errors});
}

// The body for POST/PATCH from the form, or throws the fields it cannot send.
function storeBody(v, formEl) {
  const errors = [];
  const num = (name) => {
    const s = v[name].replace(',', '.');
    if (s === '') return null;
    if (!/^-?\d+(\.\d+)?$/.test(s)) errors.push({pointer: `/${name}`, detail: t('con.not_number')});
    return Number(s);
  };
  const lat = num('latitude');
  const lon = num('longitude');
  if ((lat === null) !== (lon === null)) {
    errors.push({pointer: lat === null ? '/latitude' : '/longitude', detail: t('con.both_coords')});
  }
  const hours = readRows(formEl, 'hours').map((r) => ({weekday: Number(r.weekday), opens: r.opens,
    closes: r.closes}));
  const exceptions = readRows(formEl, 'exceptions').map((r) => {
    const e = {date: r.date};
    if (r.closed) e.closed = true;
    else {
      if (r.opens) e.opens = r.opens;
      if (r.closes) e.closes = r.closes;
    }
    if (r.note) e.note = r.note;
    return e;
  });
  if (errors.length) throw invalid(errors);
  const body = {hours, exceptions, latitude: lat, longitude: lon};
  for (const k of ['code', 'name', 'address', 'city', 'postal_code', 'country', 'phone', 'time_zone']) {
    body[k] = v[k];
  }
  return body;
}

function zoneList() {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // An older browser: the field still takes any zone typed.
  }
  return h('datalist', {id: 'con-zones'}, zones.map((z) => h('option', {value: z})));
}

function storeForm(store, onSave) {
  const s = store || {};
  const loc = s.location || {};
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const status = statusLine();
  const f = form({
    fields: [
      h('div', {class: 'two-col'},
        field({name: 'name', label: t('con.store_name'), value: s.name, required: true, maxlength: 200}),
        field({name: 'code', label: t('con.store_code'), hint: t('con.store_code_hint'), value: s.code,
          required: true, maxlength: 64})),
      field({name: 'address', label: t('con.address'), value: s.address, autocomplete: 'street-address'}),
      h('div', {class: 'two-col'},
        field({name: 'postal_code', label: t('con.postal_code'), value: s.postal_code, maxlength: 20}),
        field({name: 'city', label: t('con.city'), value: s.city})),
      h('div', {class: 'two-col'},
        field({name: 'country', label: t('con.country'), hint: t('con.country_hint'), value: s.country,
          maxlength: 2}),
        field({name: 'phone', label: t('con.phone'), type: 'tel', value: s.phone || '', maxlength: 40})),
      field({name: 'time_zone', label: t('con.time_zone'), hint: t('con.time_zone_hint'),
        value: s.time_zone || browserZone, list: 'con-zones', required: true, autocomplete: 'off'}),
      zoneList(),
      h('div', {class: 'two-col'},
        field({name: 'latitude', label: t('con.latitude'), hint: t('con.coords_hint'), inputmode: 'decimal',
          value: loc.latitude ?? ''}),
        field({name: 'longitude', label: t('con.longitude'), inputmode: 'decimal',
          value: loc.longitude ?? ''})),
      rowsBox('hours', t('con.hours'), t('con.hours_hint'), t('con.hours_add'), hoursRow, s.hours || []),
      rowsBox('exceptions', t('con.exceptions'), t('con.exceptions_hint'), t('con.ex_add'), exceptionRow,
        s.exceptions || []),
    ],
    submit: store ? t('con.store_save') : t('con.store_create'),
    onSubmit: async (v, el) => {
      await onSave(storeBody(v, el), status);
    },
  });
  return h('div', {}, f, status);
}

export async function storeNew(ctx) {
  return withRetailer(ctx, t('con.new_store_title'), (retailer) => h('section', {class: 'panel'},
    storeForm(null, async (body) => {
      const created = await send('POST', `/v1/retailers/${retailer.id}/stores`, body);
      ctx.navigate(`/console/stores/${created.id}?created=1`, {replace: true});
    })));
}

export async function storeEdit(ctx) {
  const store = await get(`/v1/stores/${ctx.params.id}`);
  return withRetailer(ctx, t('con.edit_store_title', {name: store.name}), (retailer) => {
    if (store.retailer_id !== retailer.id) {
      return h('p', {class: 'error-box', role: 'alert'}, t('con.other_retailer'));
    }
    const saved = h('p', {class: 'notice', role: 'status'}, t('con.store_created'));
    saved.hidden = !ctx.query.get('created');
    return [saved, h('p', {}, h('a', {href: `/stores/${store.id}`}, t('con.public_page'))),
      h('section', {class: 'panel'}, storeForm(store, async (body, status) => {
        const after = await send('PATCH', `/v1/stores/${store.id}`, body);
        saved.hidden = true;
        status.say(t('con.store_saved', {name: after.name}));
      }))];
  });
}


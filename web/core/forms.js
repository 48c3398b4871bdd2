// forms.js - labelled form fields and the display of API errors beside them.
//
// field() makes a label, an input and an error slot tied together with
// aria-describedby; showErrors() puts each failing field of a problem+json
// answer next to its input (matched by the JSON pointer "/name", or the query
// parameter name) and anything else in the form's alert line. A field's name
// is its pointer: "home.latitude" matches "/home/latitude".

import {h, uid} from './dom.js';
import {t} from './i18n.js';

// field({name, label, type, value, required, hint, options, ...attrs})
// options: for a select, [{value, label}]. Returns the wrapping element; the
// control is .control on it.
export function field(spec) {
  const {name, label, type = 'text', value, hint, options, ...attrs} = spec;
  const id = uid('f');
  const errId = `${id}-err`;
  const hintId = hint ? `${id}-hint` : null;
  let control;
  const common = {id, name, 'aria-describedby': [hintId, errId].filter(Boolean).join(' '), ...attrs};
  if (type === 'select') {
    control = h('select', common, (options || []).map((o) =>
      h('option', {value: o.value, selected: String(o.value) === String(value ?? '')}, o.label)));
  } else if (type === 'textarea') {
    control = h('textarea', {...common, value: value ?? ''});
  } else if (type === 'checkbox') {
    control = h('input', {...common, type, checked: Boolean(value)});
    const wrap = h('div', {class: 'field field-check', 'data-field': name},
      control, h('label', {for: id}, label),
      hint && h('p', {class: 'hint', id: hintId}, hint),
      h('p', {class: 'field-error', id: errId, hidden: true}));
    wrap.control = control;
    return wrap;
  } else {
    control = h('input', {...common, type, value: value ?? ''});
  }
  const wrap = h('div', {class: 'field', 'data-field': name},
    h('label', {for: id}, label),
    hint && h('p', {class: 'hint', id: hintId}, hint),
    control,
    h('p', {class: 'field-error', id: errId, hidden: true}));
  wrap.control = control;
  return wrap;
}

// A form with an alert line at the top. onSubmit(values, form) may throw an
// ApiError: its field errors are shown and the first failing field focused.
export function form({fields, submit, onSubmit, className, extra}) {
  const alert = h('p', {class: 'form-alert', role: 'alert', hidden: true});
  const button = h('button', {type: 'submit', class: 'btn btn-primary'}, submit);
  const el = h('form', {class: className || 'form', novalidate: true},
    alert, fields, extra, h('div', {class: 'form-actions'}, button));
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(el);
    button.disabled = true;
    try {
      await onSubmit(values(el), el);
    } catch (e) {
      showErrors(el, e);
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

// The form's values by field name: checkboxes as booleans, a file input's
// file, passwords as typed, the rest as trimmed strings.
export function values(formEl) {
  const out = {};
  for (const c of formEl.elements) {
    if (!c.name) continue;
    if (c.type === 'checkbox') out[c.name] = c.checked;
    else if (c.type === 'file') out[c.name] = c.files[0];
    else if (c.type === 'password') out[c.name] = c.value; // spaces may be part of it
    else out[c.name] = c.value.trim();
  }
  return out;
}

export function clearErrors(formEl) {
  for (const p of formEl.querySelectorAll('.field-error, .form-alert')) {
    p.hidden = true;
    p.textContent = '';
  }
  for (const c of formEl.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

// Shows an error (an ApiError or any Error) in the form.
export function showErrors(formEl, err) {
  const unplaced = [];
  let first = null;
  for (const e of (err && err.errors) || []) {
    const name = e.pointer ? e.pointer.replace(/^\//, '').replaceAll('/', '.') : e.parameter;
    const wrap = name && findField(formEl, name);
    if (!wrap) {
      unplaced.push(e.pointer || e.parameter ? `${e.pointer || e.parameter}: ${e.detail}` : e.detail);
      continue;
    }
    const slot = wrap.querySelector('.field-error');
    slot.textContent = slot.textContent ? `${slot.textContent} ${e.detail}` : e.detail;
    slot.hidden = false;
    const control = wrap.control || wrap.querySelector('input, select, textarea');
    if (control) control.setAttribute('aria-invalid', 'true');
    first = first || control;
  }
  const alert = formEl.querySelector('.form-alert');
  if (!err.errors || err.errors.length === 0 || unplaced.length) {
    alert.textContent = [problemText(err), ...unplaced].join(' ');
    alert.hidden = false;
  }
  if (first) first.focus();
}

// The field for a name, or for the closest enclosing object ("/hours/0/opens"
// lands on "hours" when there is no field of its own).
function findField(formEl, name) {
  let n = name;
  for (;;) {
    const wrap = formEl.querySelector(`[data-field="${CSS.escape(n)}"]`);
    if (wrap) return wrap;
    const dot = n.lastIndexOf('.');
    if (dot < 0) return null;
    n = n.slice(0, dot);
  }
}

// A sentence for an error: the API's own detail, or a translated word for
// a network failure.
export function problemText(err) {
  if (!err) return '';
  if (err.code === 'network_error') return t('error.network');
  if (err.code === 'rate_limited') return t('error.rate_limited');
  if (err.status >= 500) return t('error.server');
  return err.message || t('error.server');
}

// A standalone error box for a page whose data could not be loaded.
export function errorBox(err) {
  return h('div', {class: 'error-box', role: 'alert'}, problemText(err));
}

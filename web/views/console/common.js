// common.js - what every console page shares: which retailer it works for
// (staff: the one their account is scoped to; an admin picks one, kept in
// this browser), and the page frame with the console's own navigation.

import {h} from '../../core/dom.js';
import {t} from '../../core/i18n.js';
import {get, getAll, session} from '../../core/api.js';

const PICK_KEY = 'agora.console.retailer';

function picked() {
  try {
    return localStorage.getItem(PICK_KEY);
  } catch {
    return null;
  }
}

function pick(id) {
  try {
    if (id) localStorage.setItem(PICK_KEY, id);
    else localStorage.removeItem(PICK_KEY);
  } catch {
    // Private mode: the admin picks again next time.
  }
}

const isAdmin = () => session.account && session.account.role === 'admin';

// The retailer this page works for, or null when an admin has not chosen
// one yet (or chose one that no longer exists).
export async function currentRetailer() {
  const a = session.account;
  const id = a.role === 'staff' ? a.retailer_id : picked();
  if (!id) return null;
  try {
    return await get(`/v1/retailers/${id}`);
  } catch (e) {
    if (e.status === 404 && isAdmin()) {
      pick(null);
      return null;
    }
    throw e;
  }
}

// An admin's chooser of the retailer to work for.
export async function retailerPicker(ctx, current) {
  const retailers = await getAll('/v1/retailers');
  const select = h('select', {id: 'console-retailer', name: 'retailer'},
    h('option', {value: ''}, t('con.pick_one')),
    retailers.map((r) => h('option', {value: r.id, selected: current && r.id === current.id}, r.name)));
  return h('form', {class: 'picker', onsubmit: (ev) => {
    ev.preventDefault();
    if (!select.value) return;
    pick(select.value);
    ctx.refresh();
  }},
  h('label', {for: select.id}, t('con.retailer_label')), select,
  h('button', {type: 'submit', class: 'btn btn-small'}, t('con.open')));
}

const LINKS = [
  {href: '/console', key: 'con.nav.overview'},
  {href: '/console/offers', key: 'con.nav.offers'},
  {href: '/console/feeds', key: 'con.nav.feeds'},
  {href: '/console/stores/new', key: 'con.nav.new_store'},
];

// The frame of a console page: its title, the retailer, the console's
// navigation, then the page's own content.
export async function consolePage(ctx, title, retailer, ...content) {
  const who = retailer && h('p', {class: 'console-who'}, t('con.working_for'), ' ',
    h('a', {href: `/retailers/${retailer.id}`}, retailer.name));
  return h('section', {class: 'page page-console'},
    h('h1', {}, title),
    who,
    isAdmin() && await retailerPicker(ctx, retailer),
    retailer && h('nav', {class: 'console-nav', 'aria-label': t('con.nav.label')},
      h('ul', {}, LINKS.map((l) => h('li', {}, h('a', {href: l.href,
        'aria-current': ctx.path === l.href ? 'page' : null}, t(l.key)))))),
    retailer ? content : h('p', {class: 'notice'}, t('con.admin_pick')));
}

// Runs a console page: finds the retailer, then build(retailer) -> content.
export async function withRetailer(ctx, title, build) {
  const retailer = await currentRetailer();
  return consolePage(ctx, title, retailer, retailer && await build(retailer));
}

// "2026-12-10T08:00:00Z" -> "2026-12-10T09:00" (the browser's local time),
// the value of an <input type="datetime-local">; and back.
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fromLocalInput(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

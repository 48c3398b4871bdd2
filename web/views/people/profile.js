// profile.js - the shopper's own profile page (/me): name, interests, coarse
// home area, privacy and consents, password, data export and erasure. Each
// panel is its own form sending only its part of PATCH /v1/me, so an error
// lands beside the field it concerns and other panels keep what was typed.

import {h, replace} from '../../core/dom.js';
import {t, date, number} from '../../core/i18n.js';
import {get, send, getAll, session, ApiError} from '../../core/api.js';
import {field, form, errorBox} from '../../core/forms.js';
import {statusLine} from './ui.js';

// A 422-shaped error made here, for a value we can refuse before sending.
function localError(pointer, detail) {
  return new ApiError(422, {code: 'validation_failed', detail: t('me.fix_fields'),
    errors: [{pointer, detail}]});
}

// Saves one part of the profile and says so.
async function patchMe(body, status) {
  await send('PATCH', '/v1/me', body);
  await session.refresh();
  status.say(t('common.saved'));
}

function namePanel(me) {
  const status = statusLine();
  return h('section', {class: 'panel', 'aria-labelledby': 'me-name-h'},
    h('h2', {id: 'me-name-h'}, t('me.name_title')),
    h('p', {class: 'muted'}, t('me.email_is', {email: me.email})),
    form({
      fields: [field({name: 'display_name', label: t('me.name'), value: me.display_name,
        hint: t('me.name_hint'), autocomplete: 'name', maxlength: 80})],
      submit: t('me.name_save'),
      onSubmit: (v) => patchMe({display_name: v.display_name}, status),
    }), status);
}

// A chooser of catalog things (categories, brands): the chosen ones as a
// list with remove buttons, and a select with an Add button.
function chooser({name, legend, pickLabel, addLabel, options, chosen}) {
  const picked = new Map(chosen.map((c) => [String(c.id), c.name]));
  const list = h('ul', {class: 'chips', 'aria-label': legend});
  const select = h('select', {id: `add-${name}`},
    h('option', {value: ''}, t('me.choose')),
    options.map((o) => h('option', {value: o.id}, o.label)));
  const err = h('p', {class: 'field-error', id: `err-${name}`, hidden: true});
  select.setAttribute('aria-describedby', err.id);
  function draw() {
    replace(list, [...picked].map(([id, label]) => h('li', {class: 'chip'}, label,
      h('button', {type: 'button', class: 'chip-x', 'aria-label': t('me.remove_named', {name: label}),
        onclick: () => {
          picked.delete(id);
          draw();
          select.focus();
        }}, '×'))));
    if (!picked.size) list.append(h('li', {class: 'muted'}, t('me.none_chosen')));
  }
  draw();
  const add = h('button', {type: 'button', class: 'btn btn-small', onclick: () => {
    const o = options.find((x) => String(x.id) === select.value);
    if (o) picked.set(String(o.id), o.name);
    select.value = '';
    draw();
  }}, addLabel);
  const wrap = h('fieldset', {class: 'field chooser', 'data-field': name},
    h('legend', {}, legend), list,
    h('div', {class: 'chooser-add'}, h('label', {for: select.id}, pickLabel), select, add), err);
  wrap.control = select;
  wrap.ids = () => [...picked.keys()];
  return wrap;
}

function categoryOptions(cats) {
  const byId = new Map(cats.map((c) => [String(c.id), c]));
  const path = (c) => {
    const names = [];
    for (let x = c, n = 0; x && n < 10; x = byId.get(String(x.parent_id)), n++) names.unshift(x.name);
    return names.join(' › ');
  };
  return cats.map((c) => ({id: c.id, name: c.name, label: path(c)}))
    .sort((a, b) => a.label.localeCompare(b.label));
}

async function interestsPanel(me) {
  const status = statusLine();
  const [cats, brands] = await Promise.all([getAll('/v1/categories'), getAll('/v1/brands', {}, 3000)]);
  const i = me.profile.interests;
  const catField = chooser({name: 'interests.categories', legend: t('me.categories'),
    pickLabel: t('me.pick_category'), addLabel: t('me.add_category'), options: categoryOptions(cats), chosen: i.categories});
  const brandField = chooser({name: 'interests.brands', legend: t('me.brands'),
    pickLabel: t('me.pick_brand'), addLabel: t('me.add_brand'), chosen: i.brands, options: brands.map((b) => ({id: b.id, name: b.name,
      label: b.name})).sort((a, b) => a.label.localeCompare(b.label))});
  const tags = field({name: 'interests.tags', label: t('me.tags'), hint: t('me.tags_hint'),
    value: i.tags.join(', ')});
  return h('section', {class: 'panel', 'aria-labelledby': 'me-int-h'},
    h('h2', {id: 'me-int-h'}, t('me.interests_title')),
    h('p', {class: 'muted'}, t('me.interests_intro')),
    form({
      fields: [catField, brandField, tags],
      submit: t('me.interests_save'),
      onSubmit: (v) => patchMe({interests: {categories: catField.ids(), brands: brandField.ids(),
        tags: v['interests.tags'].split(',').map((x) => x.trim()).filter(Boolean)}}, status),
    }), status);
}

// "59,33" or "59.33" -> 59.33; NaN when not a number.
function coord(text) {
  const c = String(text).trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : NaN;
}

function areaPanel(me) {
  const status = statusLine();
  const now = h('p', {});
  const clear = h('button', {type: 'button', class: 'btn'}, t('me.area_clear'));
  function show(home) {
    now.textContent = home ? t('me.area_is', {lat: number(home.lat), lon: number(home.lon)})
      : t('me.area_unset');
    clear.hidden = !home;
  }
  async function save(home) {
    await send('PATCH', '/v1/me', {home});
    show((await session.refresh()).profile.home);
    status.say(home ? t('me.area_saved') : t('me.area_cleared'));
  }
  const home = me.profile.home;
  const lat = field({name: 'home.lat', label: t('me.lat'), value: home ? String(home.lat) : '',
    inputmode: 'decimal', hint: t('me.lat_hint')});
  const lon = field({name: 'home.lon', label: t('me.lon'), value: home ? String(home.lon) : '',
    inputmode: 'decimal', hint: t('me.lon_hint')});
  const f = form({
    fields: [h('div', {class: 'two-col'}, lat, lon)],
    submit: t('me.area_save'),
    onSubmit: async (v) => {
      const la = coord(v['home.lat']);
      const lo = coord(v['home.lon']);
      if (Number.isNaN(la)) throw localError('/home/lat', t('me.not_number'));
      if (Number.isNaN(lo)) throw localError('/home/lon', t('me.not_number'));
      await save({lat: la, lon: lo});
    },
  });
  clear.addEventListener('click', async () => {
    try {
      await save(null);
      lat.control.value = '';
      lon.control.value = '';
    } catch (e) {
      status.say(e.message, true);
    }
  });
  const locate = h('button', {type: 'button', class: 'btn', onclick: () => {
    if (!navigator.geolocation) {
      status.say(t('me.geo_none'), true);
      return;
    }
    status.say(t('me.geo_asking'));
    navigator.geolocation.getCurrentPosition((pos) => {
      lat.control.value = pos.coords.latitude.toFixed(4);
      lon.control.value = pos.coords.longitude.toFixed(4);
      f.requestSubmit();
    }, () => status.say(t('me.geo_refused'), true), {maximumAge: 600000, timeout: 15000});
  }}, t('me.geo_use'));
  show(home);
  return h('section', {class: 'panel', 'aria-labelledby': 'me-area-h'},
    h('h2', {id: 'me-area-h'}, t('me.area_title')), now,
    h('p', {class: 'muted'}, t('me.area_explain')),
    h('div', {class: 'btn-row'}, locate, clear), f, status);
}

const PURPOSES = ['personalised_deals', 'retailer_messages', 'insights'];

function privacyPanel(me) {
  const status = statusLine();
  const p = me.profile;
  const consentFields = PURPOSES.map((k) => {
    const c = p.consents[k];
    const when = c.changed_at ? t('me.consent_changed', {when: date(c.changed_at)}) : t('me.consent_never');
    return field({name: `consents.${k}`, type: 'checkbox', value: c.granted,
      label: t(`me.consent.${k}`), hint: `${t(`me.consent.${k}_hint`)} ${when}`});
  });
  return h('section', {class: 'panel', 'aria-labelledby': 'me-priv-h'},
    h('h2', {id: 'me-priv-h'}, t('me.privacy_title')),
    form({
      fields: [
        field({name: 'privacy.activity', type: 'select', label: t('me.activity'),
          hint: t('me.activity_hint'), value: p.privacy.activity,
          options: ['friends', 'nobody'].map((v) => ({value: v, label: t(`me.who.${v}`)}))}),
        field({name: 'privacy.area', type: 'select', label: t('me.area_who'),
          hint: t('me.area_who_hint'), value: p.privacy.area,
          options: ['everyone', 'friends', 'nobody'].map((v) => ({value: v, label: t(`me.who.${v}`)}))}),
        h('fieldset', {}, h('legend', {}, t('me.consents')),
          h('p', {class: 'hint'}, t('me.consents_intro')), h('div', {class: 'form'}, consentFields)),
      ],
      submit: t('me.privacy_save'),
      onSubmit: (v) => patchMe({
        privacy: {activity: v['privacy.activity'], area: v['privacy.area']},
        consents: Object.fromEntries(PURPOSES.map((k) => [k, v[`consents.${k}`]])),
      }, status),
    }), status);
}

function passwordPanel() {
  const status = statusLine();
  return h('section', {class: 'panel', 'aria-labelledby': 'me-pw-h'},
    h('h2', {id: 'me-pw-h'}, t('me.password_title')),
    form({
      fields: [
        field({name: 'current_password', type: 'password', label: t('me.password_current'),
          autocomplete: 'current-password'}),
        field({name: 'new_password', type: 'password', label: t('me.password_new'),
          hint: t('me.password_hint'), autocomplete: 'new-password', minlength: 10}),
      ],
      submit: t('me.password_save'),
      onSubmit: async (v, el) => {
        await send('POST', '/v1/me/password', v);
        el.reset();
        status.say(t('me.password_done'));
      },
    }), status);
}

// Downloads GET /v1/me/export as a JSON file.
async function download(me) {
  const doc = await get('/v1/me/export');
  const blob = new Blob([JSON.stringify(doc, null, 2)], {type: 'application/json'});
  const href = URL.createObjectURL(blob);
  const day = new Date().toISOString().slice(0, 10);
  const a = h('a', {href, download: `agora-export-${me.id}-${day}.json`, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60000);
}

function dataPanel(me, ctx) {
  const status = statusLine();
  const exportBtn = h('button', {type: 'button', class: 'btn', onclick: async () => {
    exportBtn.disabled = true;
    try {
      await download(me);
      status.say(t('me.export_done'));
    } catch (e) {
      status.say(e.message, true);
    } finally {
      exportBtn.disabled = false;
    }
  }}, t('me.export'));
  const confirmBox = h('div', {class: 'danger-zone', hidden: true});
  const start = h('button', {type: 'button', class: 'btn btn-danger', 'aria-expanded': 'false',
    onclick: () => {
      confirmBox.hidden = false;
      start.setAttribute('aria-expanded', 'true');
      confirmBox.querySelector('input').focus();
    }}, t('me.delete'));
  replace(confirmBox,
    h('h3', {}, t('me.delete_confirm_title')),
    h('p', {}, t('me.delete_explain')),
    form({
      fields: [field({name: 'password', type: 'password', label: t('me.delete_password'),
        autocomplete: 'current-password', required: true})],
      submit: t('me.delete_final'),
      onSubmit: async (v) => {
        if (!v.password) throw localError('/password', t('me.password_needed'));
        await send('DELETE', '/v1/me', {password: v.password});
        ctx.navigate('/', {replace: true});
        session.forget();
      },
    }));
  confirmBox.querySelector('button[type="submit"]').className = 'btn btn-danger';
  confirmBox.querySelector('.form-actions').append(h('button', {type: 'button', class: 'btn', onclick: () => {
    confirmBox.hidden = true;
    start.setAttribute('aria-expanded', 'false');
    start.focus();
  }}, t('common.cancel')));
  return h('section', {class: 'panel', 'aria-labelledby': 'me-data-h'},
    h('h2', {id: 'me-data-h'}, t('me.data_title')),
    h('p', {}, t('me.export_explain')),
    h('div', {class: 'btn-row'}, exportBtn), status,
    h('h3', {}, t('me.delete_title')),
    h('p', {}, t('me.delete_intro')),
    start, confirmBox);
}

export async function profile(ctx) {
  let me;
  let interests;
  try {
    me = await get('/v1/me');
    interests = await interestsPanel(me);
  } catch (e) {
    return h('section', {class: 'page'}, h('h1', {}, t('me.title')), errorBox(e));
  }
  return h('section', {class: 'page page-me'},
    h('h1', {}, t('me.title')),
    h('p', {class: 'muted'}, t('me.intro'), ' ',
      h('a', {href: '/me/friends'}, t('nav.friends')), ' · ',
      h('a', {href: '/me/follows'}, t('nav.follows'))),
    namePanel(me), interests, areaPanel(me), privacyPanel(me), passwordPanel(),
    dataPanel(me, ctx));
}

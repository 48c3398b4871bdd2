// store.js - a store's page: name, retailer, address, "open now" from the
// API, the week's opening hours in the store's local time with the date
// exceptions (today's first), a map sketch among the retailer's other
// stores, and a link to search the offers near it.

import {h} from '../../core/dom.js';
import {t, distance, locale, addStrings} from '../../core/i18n.js';
import {url} from '../../core/api.js';
import {cached, retailer, storesOf} from './common.js';
import {storeMap, km} from './map.js';
import strings from '../../i18n/catalog/store.js';

addStrings(strings);

// "Monday" for ISO weekday 1 (1 January 2024 was a Monday).
export function weekday(n) {
  return new Intl.DateTimeFormat(locale(), {weekday: 'long', timeZone: 'UTC'})
    .format(Date.UTC(2024, 0, n));
}

// ISO weekday (1-7) of a "YYYY-MM-DD" date.
function isoWeekday(ymd) {
  const d = new Date(`${ymd}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function longDate(ymd) {
  return new Intl.DateTimeFormat(locale(), {dateStyle: 'full', timeZone: 'UTC'})
    .format(new Date(`${ymd}T12:00:00Z`));
}

const span = (o) => `${o.opens}–${o.closes}`;

export function openBadge(st) {
  return st.open_now ? h('span', {class: 'badge badge-best'}, t('store.open_now')) :
    h('span', {class: 'badge'}, t('store.closed_now'));
}

export async function store(ctx) {
  const st = await cached(`/v1/stores/${ctx.params.id}`);
  const [r, siblings] = await Promise.all([retailer(st.retailer_id),
    storesOf(st.retailer_id).catch(() => [st])]);
  const today = (st.local_time || '').slice(0, 10);
  const time = (st.local_time || '').slice(11, 16);
  const exToday = st.exceptions.find((e) => e.date === today);
  const addr = [st.address, [st.postal_code, st.city].filter(Boolean).join(' '), st.country]
    .filter(Boolean);
  return h('article', {class: 'page catalog-store'},
    h('h1', {}, st.name),
    h('p', {class: 'store-status'}, openBadge(st), ' ',
      time ? t('store.local_time', {time}) : null),
    h('p', {}, t('store.of_retailer'), ' ', h('a', {href: `/retailers/${r.id}`}, r.name)),
    h('div', {class: 'two-col'},
      h('section', {'aria-labelledby': 'addr-h'},
        h('h2', {id: 'addr-h'}, t('store.address')),
        h('address', {}, addr.map((line, i) => [i ? h('br') : null, line])),
        st.phone ? h('p', {}, t('store.phone'), ' ',
          h('a', {href: `tel:${st.phone.replace(/[^\d+]/g, '')}`}, st.phone)) : null,
        st.location ? h('p', {}, h('a', {class: 'btn', href: url('/search',
          {near: `${st.location.latitude},${st.location.longitude}`, radius_km: 2})},
        t('store.offers_near'))) : null),
      h('section', {'aria-labelledby': 'hours-h'},
        h('h2', {id: 'hours-h'}, t('store.hours')),
        exToday ? h('p', {class: 'notice'}, exToday.closed ?
          t('store.today_closed') : t('store.today_special', {hours: span(exToday)}),
        exToday.note ? ` (${exToday.note})` : '') : null,
        hoursTable(st, today, exToday),
        exceptionsList(st, today))),
    mapSection(st, siblings, r));
}

// The week's hours; today's row shows today's exception when there is one.
function hoursTable(st, today, exToday) {
  const todayN = today ? isoWeekday(today) : 0;
  return h('div', {class: 'table-wrap'}, h('table', {class: 'hours'},
    h('caption', {class: 'visually-hidden'}, t('store.hours_caption', {zone: st.time_zone})),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('store.day')),
      h('th', {scope: 'col'}, t('store.opening')))),
    h('tbody', {}, [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const spans = st.hours.filter((x) => x.weekday === n).map(span);
      return h('tr', {class: n === todayN ? 'today' : null},
        h('th', {scope: 'row'}, weekday(n),
          n === todayN ? [' ', h('span', {class: 'badge badge-info'}, t('store.today'))] : null),
        h('td', {}, n === todayN && exToday ? exceptionText(exToday) :
          (spans.length ? spans.join(', ') : t('store.closed'))));
    }))));
}

function exceptionsList(st, today) {
  const list = st.exceptions.filter((e) => e.date >= today);
  if (!list.length) return null;
  return [h('h3', {}, t('store.exceptions')), h('ul', {class: 'plain'}, list.map((e) =>
    h('li', {}, h('strong', {}, longDate(e.date)), ': ',
      exceptionText(e))))];
}

function exceptionText(e) {
  return (e.closed ? t('store.closed') : span(e)) + (e.note ? ` — ${e.note}` : '');
}

function mapSection(st, siblings, r) {
  if (!st.location) {
    return h('section', {}, h('h2', {}, t('store.map')), h('p', {class: 'muted'},
      t('store.no_location')));
  }
  const others = siblings.filter((x) => x.id !== st.id && x.location)
    .map((x) => ({...x, km: km(st.location, x.location)})).sort((a, b) => a.km - b.km);
  const label = t('store.map_label', {name: st.name, n: others.length, retailer: r.name});
  return h('section', {'aria-labelledby': 'map-h'},
    h('h2', {id: 'map-h'}, t('store.map')),
    h('div', {class: 'two-col'},
      storeMap([st, ...others], st.id, label),
      others.length ? h('div', {},
        h('h3', {}, t('store.other_stores', {retailer: r.name})),
        h('ul', {class: 'list'}, others.map((x) => h('li', {},
          h('a', {href: `/stores/${x.id}`}, x.name),
          h('span', {class: 'muted'}, t('store.away', {d: distance(x.km)})))))) :
        h('p', {class: 'muted'}, t('store.only_store', {retailer: r.name}))));
}

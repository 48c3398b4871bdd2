// overview.js - the console's first page (/console): the retailer's stores,
// each leading to its edit page, and the way to the other console pages.

import {h} from '../../core/dom.js';
import {t} from '../../core/i18n.js';
import {pagedList} from '../people/ui.js';
import {withRetailer} from './common.js';

export async function overview(ctx) {
  return withRetailer(ctx, t('con.title'), async (retailer) => {
    const stores = pagedList({path: `/v1/retailers/${retailer.id}/stores`, label: t('con.stores'),
      empty: t('con.no_stores'), item: (s) => h('li', {},
        h('span', {}, h('a', {href: `/console/stores/${s.id}`, 'aria-label': t('con.edit_store', {name: s.name})},
          s.name), ' ', h('span', {class: 'muted'}, [s.code, s.city].filter(Boolean).join(' · '))),
        h('span', {class: 'btn-row'},
          h('span', {class: s.open_now ? 'badge badge-info' : 'badge'},
            s.open_now ? t('con.open_now') : t('con.closed_now')),
          !s.location && h('span', {class: 'badge'}, t('con.no_location')),
          h('a', {href: `/stores/${s.id}`}, t('con.public_page'))))});
    await stores.ready;
    return [
      h('section', {class: 'panel', 'aria-labelledby': 'con-stores-h'},
        h('div', {class: 'panel-head'}, h('h2', {id: 'con-stores-h'}, t('con.stores')),
          h('a', {href: '/console/stores/new', class: 'btn btn-primary btn-small'}, t('con.nav.new_store'))),
        stores),
      h('section', {class: 'panel', 'aria-labelledby': 'con-more-h'},
        h('h2', {id: 'con-more-h'}, t('con.more_title')),
        h('ul', {class: 'plain'},
          h('li', {}, h('a', {href: '/console/offers'}, t('con.nav.offers')), ' — ', t('con.offers_what')),
          h('li', {}, h('a', {href: '/console/feeds'}, t('con.nav.feeds')), ' — ', t('con.feeds_what')))),
    ];
  });
}

// retailer.js - a retailer's page: who they are, their stores (open now or
// not) and, for a signed-in shopper, a follow / unfollow button.

import {h, replace} from '../../core/dom.js';
import {t} from '../../core/i18n.js';
import {getAll, send, session} from '../../core/api.js';
import {problemText} from '../../core/forms.js';
import {retailer as getRetailer, storesOf} from './common.js';
import {openBadge} from './store.js';

const KINDS = ['grocery', 'department_store', 'sports', 'electronics', 'pharmacy', 'diy',
  'fashion', 'books', 'other'];

export async function retailer(ctx) {
  const id = ctx.params.id;
  const [r, stores, follows] = await Promise.all([getRetailer(id), storesOf(id),
    session.signedIn ? getAll('/v1/me/follows', {kind: 'retailer'}).catch(() => null) : null]);
  return h('article', {class: 'page catalog-retailer'},
    h('h1', {}, r.name),
    h('p', {class: 'muted'}, KINDS.includes(r.kind) ? t(`kind.${r.kind}`) : r.kind,
      r.website ? [' · ', t('retailer.website'), ' ', h('span', {class: 'mono'}, r.website)] :
        null),
    followBox(r, follows),
    h('section', {'aria-labelledby': 'stores-h'},
      h('h2', {id: 'stores-h'}, t('retailer.stores', {n: stores.length})),
      stores.length ? h('ul', {class: 'list'}, [...stores]
        .sort((a, b) => a.name.localeCompare(b.name)).map((st) => h('li', {},
          h('span', {}, h('a', {href: `/stores/${st.id}`}, st.name), h('br'),
            h('span', {class: 'muted'}, [st.address, st.city].filter(Boolean).join(', '))),
          openBadge(st)))) :
        h('p', {class: 'muted'}, t('retailer.no_stores'))));
}

// Follow / unfollow: the button says what it will do; a status line says
// what is true now.
function followBox(r, follows) {
  if (!session.signedIn) {
    return h('p', {}, h('a', {href: `/login?next=${encodeURIComponent(`/retailers/${r.id}`)}`},
      t('retailer.login_follow')));
  }
  let following = Boolean(follows && follows.some((f) => f.id === r.id));
  const status = h('p', {role: 'status', class: 'muted'});
  const alert = h('p', {class: 'form-alert', role: 'alert', hidden: true});
  const btn = h('button', {type: 'button', class: 'btn'});
  const show = () => {
    replace(btn, following ? t('retailer.unfollow', {name: r.name}) :
      t('retailer.follow', {name: r.name}));
    btn.className = following ? 'btn' : 'btn btn-primary';
    status.textContent = following ? t('retailer.following', {name: r.name}) : '';
  };
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    alert.hidden = true;
    try {
      await send(following ? 'DELETE' : 'PUT', `/v1/me/follows/retailers/${r.id}`);
      following = !following;
      show();
    } catch (e) {
      // Unfollowed meanwhile (another tab): that is what was asked.
      if (following && e.code === 'not_following') {
        following = false;
        show();
        return;
      }
      alert.textContent = problemText(e);
      alert.hidden = false;
    } finally {
      btn.disabled = false;
    }
  });
  show();
  return h('div', {class: 'follow-box'}, alert, h('div', {class: 'btn-row'}, btn, status));
}

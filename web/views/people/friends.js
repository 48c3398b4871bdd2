// friends.js - the shopper's friends page (/me/friends): adding a friend by
// their shopper number or invitation link, requests waiting for me (accept,
// decline), requests I sent (cancel), and my friends (remove).
//
// The API addresses a shopper by account id only (POST /v1/me/friend-requests
// {"shopper_id"}; GET /v1/shoppers/{id} shows their name), with no search by
// name or e-mail, so a person shares their number or the link
// /me/friends?add=ID, and the page shows whose number it is before asking.

import {h, replace} from '../../core/dom.js';
import {t, date} from '../../core/i18n.js';
import {get, send, session, ApiError} from '../../core/api.js';
import {field, form, problemText} from '../../core/forms.js';
import {pagedList, statusLine, confirmButton, actionButton} from './ui.js';

// "42", "#42" or a link ending in ?add=42 -> "42"; null otherwise.
function shopperId(text) {
  const s = String(text).trim();
  const m = /[?&]add=(\d+)/.exec(s) || /^#?(\d+)$/.exec(s);
  return m && m[1] !== '0' ? m[1] : null;
}

function inviteLink(id) {
  return `${location.origin}/me/friends?add=${id}`;
}

function sharePanel(me, status) {
  const link = inviteLink(me.id);
  const copy = h('button', {type: 'button', class: 'btn btn-small', onclick: async () => {
    try {
      await navigator.clipboard.writeText(link);
      status.say(t('fr.copied'));
    } catch {
      status.say(t('fr.copy_failed'), true);
    }
  }}, t('fr.copy'));
  return h('section', {class: 'panel', 'aria-labelledby': 'fr-share-h'},
    h('h2', {id: 'fr-share-h'}, t('fr.share_title')),
    h('p', {}, t('fr.your_number'), ' ', h('strong', {class: 'shopper-no'}, me.id)),
    h('p', {}, t('fr.your_link'), ' ', h('code', {class: 'invite'}, link), ' ', copy));
}

// What to say or offer for a found shopper, by how they relate to me.
function foundCard(shopper, onSent) {
  const status = statusLine();
  const rel = shopper.relationship;
  const canAsk = rel === 'none' || rel === 'request_declined' || rel === 'request_received';
  const ask = canAsk && actionButton(rel === 'request_received' ? t('fr.accept_theirs')
    : t('fr.send'), async () => {
    const res = await send('POST', '/v1/me/friend-requests', {shopper_id: shopper.id});
    replace(card, h('p', {role: 'status'}, res.state === 'accepted'
      ? t('fr.now_friends', {name: shopper.display_name})
      : t('fr.sent_to', {name: shopper.display_name})));
    onSent();
  }, {status, className: 'btn btn-primary'});
  const card = h('div', {class: 'found'},
    h('p', {}, h('strong', {}, shopper.display_name || t('fr.no_name')), ' ',
      h('span', {class: 'muted'}, t('fr.number', {id: shopper.id}))),
    h('p', {}, t(`fr.rel.${rel}`)), ask, status);
  return card;
}

function addPanel(ctx, reloadAll) {
  const result = h('div', {'aria-live': 'polite'});
  async function lookUp(id) {
    const shopper = await get(`/v1/shoppers/${id}`);
    replace(result, foundCard(shopper, reloadAll));
  }
  const f = form({
    fields: [field({name: 'shopper', label: t('fr.find_label'), hint: t('fr.find_hint'),
      value: ctx.query.get('add') || '', autocomplete: 'off'})],
    submit: t('fr.find'),
    onSubmit: async (v) => {
      replace(result);
      const id = shopperId(v.shopper);
      const error = (detail) => new ApiError(422, {code: 'validation_failed', detail,
        errors: [{pointer: '/shopper', detail}]});
      if (!id) throw error(t('fr.bad_number'));
      try {
        await lookUp(id);
      } catch (e) {
        if (e.status === 404) throw error(t('fr.not_found'));
        throw e;
      }
    },
  });
  if (shopperId(ctx.query.get('add') || '')) {
    lookUp(shopperId(ctx.query.get('add'))).catch((e) => replace(result,
      h('p', {class: 'form-alert', role: 'alert'}, e.status === 404 ? t('fr.not_found') : problemText(e))));
  }
  return h('section', {class: 'panel', 'aria-labelledby': 'fr-add-h'},
    h('h2', {id: 'fr-add-h'}, t('fr.add_title')), f, result);
}

function who(s) {
  return s.display_name || t('fr.no_name');
}

export async function friends(ctx) {
  const me = session.account;
  if (me.role !== 'shopper') {
    // Friendships are between shopper accounts (the API answers 403).
    return h('section', {class: 'page page-friends'}, h('h1', {}, t('fr.title')),
      h('p', {class: 'notice'}, t('fr.shoppers_only')));
  }
  const status = statusLine();
  const lists = [];
  const reloadAll = () => lists.forEach((l) => l.reload());
  const incoming = pagedList({path: '/v1/me/friend-requests', query: {direction: 'incoming'},
    label: t('fr.incoming_title'), empty: t('fr.incoming_none'), item: (r) => h('li', {},
      h('span', {}, h('strong', {}, who(r.from)), ' ', h('span', {class: 'muted'},
        t('fr.asked_on', {when: date(r.created_at, true)}))),
      h('span', {class: 'btn-row'},
        actionButton(t('fr.accept'), async () => {
          await send('POST', `/v1/me/friend-requests/${r.id}/accept`);
          status.say(t('fr.now_friends', {name: who(r.from)}));
          reloadAll();
        }, {status, className: 'btn btn-small btn-primary',
          attrs: {'aria-label': t('fr.accept_named', {name: who(r.from)})}}),
        actionButton(t('fr.decline'), async () => {
          await send('POST', `/v1/me/friend-requests/${r.id}/decline`);
          status.say(t('fr.declined', {name: who(r.from)}));
          reloadAll();
        }, {status, attrs: {'aria-label': t('fr.decline_named', {name: who(r.from)})}})))});
  const outgoing = pagedList({path: '/v1/me/friend-requests', query: {direction: 'outgoing'},
    label: t('fr.outgoing_title'), empty: t('fr.outgoing_none'), item: (r) => h('li', {},
      h('span', {}, h('strong', {}, who(r.to)), ' ', h('span', {class: 'muted'},
        r.state === 'declined' ? t('fr.was_declined', {when: date(r.decided_at, true)})
          : t('fr.waiting_since', {when: date(r.created_at, true)}))),
      r.state === 'pending' && actionButton(t('fr.cancel'), async () => {
        await send('DELETE', `/v1/me/friend-requests/${r.id}`);
        status.say(t('fr.cancelled', {name: who(r.to)}));
        reloadAll();
      }, {status, attrs: {'aria-label': t('fr.cancel_named', {name: who(r.to)})}}))});
  const mine = pagedList({path: '/v1/me/friends', label: t('fr.friends_title'),
    empty: t('fr.friends_none'), item: (f) => h('li', {},
      h('span', {}, h('strong', {}, who(f.shopper)), ' ', h('span', {class: 'muted'},
        t('fr.since', {when: date(f.since, true)}))),
      confirmButton({label: t('fr.remove'), question: t('fr.remove_q', {name: who(f.shopper)}),
        confirm: t('fr.remove_yes'), status, onConfirm: async () => {
          await send('DELETE', `/v1/me/friends/${f.shopper.id}`);
          status.say(t('fr.removed', {name: who(f.shopper)}));
          reloadAll();
        }}))});
  lists.push(incoming, outgoing, mine);
  await Promise.all(lists.map((l) => l.ready));
  return h('section', {class: 'page page-friends'},
    h('h1', {}, t('fr.title')), status,
    h('div', {class: 'two-col'}, addPanel(ctx, reloadAll), sharePanel(me, status)),
    h('section', {class: 'panel', 'aria-labelledby': 'fr-in-h'},
      h('h2', {id: 'fr-in-h'}, t('fr.incoming_title')), incoming),
    h('section', {class: 'panel', 'aria-labelledby': 'fr-list-h'},
      h('h2', {id: 'fr-list-h'}, t('fr.friends_title')), mine),
    h('section', {class: 'panel', 'aria-labelledby': 'fr-out-h'},
      h('h2', {id: 'fr-out-h'}, t('fr.outgoing_title')), outgoing));
}

// follows.js - the retailers and brands a shopper follows (/me/follows):
// what I follow (unfollow), and every retailer and brand with a follow
// toggle (brands filtered by name, since there are many).

import {h, replace} from '../../core/dom.js';
import {t, date} from '../../core/i18n.js';
import {send, getAll} from '../../core/api.js';
import {errorBox} from '../../core/forms.js';
import {statusLine} from './ui.js';

const BRANDS_SHOWN = 30;

// A follow toggle: "Follow" / "Unfollow" with aria-pressed, named for the
// thing. Every button of one thing is redrawn when any of them is pressed.
function toggler(followed, status, onFollow) {
  const buttons = new Map(); // "kind:id" -> Set of buttons
  function draw(b, kind, thing) {
    const on = followed[kind].has(thing.id);
    b.textContent = on ? t('fo.unfollow') : t('fo.follow');
    b.setAttribute('aria-pressed', String(on));
    b.setAttribute('aria-label', t(on ? 'fo.unfollow_named' : 'fo.follow_named', {name: thing.name}));
  }
  return (kind, thing) => {
    const key = `${kind}:${thing.id}`;
    const b = h('button', {type: 'button', class: 'btn btn-small'});
    b.addEventListener('click', async () => {
      b.disabled = true;
      const path = `/v1/me/follows/${kind}s/${thing.id}`;
      try {
        if (followed[kind].has(thing.id)) {
          await send('DELETE', path);
          followed[kind].delete(thing.id);
          status.say(t('fo.unfollowed', {name: thing.name}));
        } else {
          await send('PUT', path);
          followed[kind].add(thing.id);
          status.say(t('fo.followed', {name: thing.name}));
          onFollow(kind, thing);
        }
        for (const x of buttons.get(key)) {
          if (x.isConnected) draw(x, kind, thing);
          else buttons.get(key).delete(x);
        }
      } catch (e) {
        status.say(e.message, true);
      } finally {
        b.disabled = false;
      }
    });
    if (!buttons.has(key)) buttons.set(key, new Set());
    buttons.get(key).add(b);
    draw(b, kind, thing);
    return b;
  };
}

export async function follows() {
  let mine;
  let retailers;
  let brands;
  try {
    [mine, retailers, brands] = await Promise.all([getAll('/v1/me/follows'), getAll('/v1/retailers'),
      getAll('/v1/brands', {}, 3000)]);
  } catch (e) {
    return h('section', {class: 'page'}, h('h1', {}, t('fo.title')), errorBox(e));
  }
  brands.sort((a, b) => a.name.localeCompare(b.name));
  const status = statusLine();
  const followed = {retailer: new Set(), brand: new Set()};
  for (const f of mine) followed[f.kind].add(f.id);
  const listed = new Set(); // "kind:id" rows of the "I follow" list
  const mineList = h('ul', {class: 'list', 'aria-label': t('fo.mine_title')});
  const empty = h('p', {class: 'muted'}, t('fo.none'));
  const row = (f) => {
    listed.add(`${f.kind}:${f.id}`);
    empty.hidden = true;
    return h('li', {},
      h('span', {}, f.kind === 'retailer' ? h('a', {href: `/retailers/${f.id}`}, f.name)
        : h('strong', {}, f.name), ' ', h('span', {class: 'badge'}, t(`fo.kind.${f.kind}`)), ' ',
      h('span', {class: 'muted'}, t('fo.since', {when: date(f.followed_at, true)}))),
      make(f.kind, f));
  };
  // A new follow joins the top of "I follow"; an unfollowed row stays (its
  // button offers to follow again) so that the focus never jumps.
  const make = toggler(followed, status, (kind, thing) => {
    if (!listed.has(`${kind}:${thing.id}`)) {
      mineList.prepend(row({kind, id: thing.id, name: thing.name, followed_at: new Date().toISOString()}));
    }
  });
  mineList.append(...mine.map(row));
  const retailerList = h('ul', {class: 'list', 'aria-label': t('fo.retailers_title')},
    retailers.map((r) => h('li', {}, h('a', {href: `/retailers/${r.id}`}, r.name),
      make('retailer', r))));
  const brandList = h('ul', {class: 'list', 'aria-label': t('fo.brands_title')});
  const filter = h('input', {type: 'search', id: 'fo-brand-filter', autocomplete: 'off'});
  const shown = h('p', {class: 'muted', role: 'status'});
  function drawBrands() {
    const q = filter.value.trim().toLocaleLowerCase();
    const hits = brands.filter((b) => b.name.toLocaleLowerCase().includes(q));
    replace(brandList, hits.slice(0, BRANDS_SHOWN).map((b) => h('li', {}, h('span', {}, b.name),
      make('brand', b))));
    shown.textContent = hits.length > BRANDS_SHOWN ? t('fo.brands_more', {n: hits.length, shown: BRANDS_SHOWN})
      : t('fo.brands_count', {n: hits.length});
  }
  filter.addEventListener('input', drawBrands);
  drawBrands();
  return h('section', {class: 'page page-follows'},
    h('h1', {}, t('fo.title')),
    h('p', {class: 'muted'}, t('fo.intro')), status,
    h('section', {class: 'panel', 'aria-labelledby': 'fo-mine-h'},
      h('h2', {id: 'fo-mine-h'}, t('fo.mine_title')), empty, mineList),
    h('div', {class: 'two-col'},
      h('section', {class: 'panel', 'aria-labelledby': 'fo-ret-h'},
        h('h2', {id: 'fo-ret-h'}, t('fo.retailers_title')),
        retailers.length ? retailerList : h('p', {class: 'muted'}, t('common.none'))),
      h('section', {class: 'panel', 'aria-labelledby': 'fo-br-h'},
        h('h2', {id: 'fo-br-h'}, t('fo.brands_title')),
        h('div', {class: 'field'}, h('label', {for: filter.id}, t('fo.brand_filter')), filter),
        shown, brandList)));
}

// pager.js - the one "Show more" of every list that pages through the API's
// cursor (search hits, deals, people, the console's offers).
//
// pager({load, add}) -> {el, first(), start(cursor)}
//   load(cursor) returns a promise of {items, next_cursor} (cursor undefined:
//   the first page); add(items, first) shows them and returns the first
//   element it added (or nothing).
//   el: the button (and the line that says a failure beside it), hidden on
//   the last page. first() loads the first page and rejects on failure (the
//   caller shows why); start(cursor) instead takes over a first page the
//   caller already has. A failure of "Show more" is said beside the button,
//   which stays for another try. When the last page hides the button that
//   had keyboard focus, focus goes to the first item it added, so it is not
//   lost to the page's top.

import {h} from './dom.js';
import {t} from './i18n.js';
import {problemText} from './forms.js';

export function pager({load, add}) {
  const alert = h('p', {class: 'form-alert', role: 'alert', hidden: true});
  const btn = h('button', {type: 'button', class: 'btn'}, t('common.more'));
  const el = h('div', {class: 'pager', hidden: true}, alert, btn);
  let cursor = null;
  let busy = false;

  // While a page loads the button says so (aria-disabled) but keeps focus:
  // a disabled button would drop it to the page's top.
  async function fetch(first) {
    busy = true;
    btn.setAttribute('aria-disabled', 'true');
    alert.hidden = true;
    try {
      const page = await load(first ? undefined : cursor);
      const added = await add(page.items, first);
      const focused = document.activeElement === btn;
      cursor = page.next_cursor;
      el.hidden = !cursor;
      if (focused && !cursor && added) {
        if (!added.hasAttribute('tabindex')) added.tabIndex = -1;
        added.focus();
      }
      return page;
    } catch (e) {
      if (first) throw e;
      alert.textContent = problemText(e);
      alert.hidden = false;
      return null;
    } finally {
      busy = false;
      btn.removeAttribute('aria-disabled');
    }
  }
  btn.addEventListener('click', () => {
    if (!busy) fetch(false);
  });
  return {
    el,
    first: () => fetch(true),
    start(next) {
      cursor = next;
      el.hidden = !cursor;
    },
  };
}

// Runs add() (which appends to list) and returns the first element it
// appended, for pager's add.
export async function appended(list, add) {
  const last = list.lastElementChild;
  await add();
  return last ? last.nextElementSibling : list.firstElementChild;
}

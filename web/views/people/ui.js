// ui.js - small building blocks shared by the people and console pages: a
// list that pages through the API's cursor ("Show more"), an action button
// that asks for confirmation in place, and a polite status line.
// (Kept beside the people view; the console imports it from here.)

import {h, replace} from '../../core/dom.js';
import {t} from '../../core/i18n.js';
import {get} from '../../core/api.js';
import {errorBox, problemText} from '../../core/forms.js';
import {pager, appended} from '../../core/pager.js';

// pagedList({path, query, item, empty, label}) -> element: a <ul class="list">
// of item(row) for each row of GET path, and a "Show more" button while the
// API has a next_cursor. item returns an <li>. .reload() starts again.
export function pagedList({path, query, item, empty, label}) {
  const ul = h('ul', {class: 'list', 'aria-label': label || null});
  const status = h('div', {});
  const more = pager({
    load: (cursor) => get(path, {...query, limit: 20, cursor}),
    add: (items, first) => {
      if (first) ul.replaceChildren();
      return appended(ul, () => {
        for (const row of items) ul.append(item(row, wrap));
        replace(status, ul.children.length ? null : h('p', {class: 'muted'}, empty || t('common.none')));
      });
    },
  });
  const wrap = h('div', {class: 'paged'}, status, ul, more.el);
  const reload = () => more.first().catch((e) => replace(status, errorBox(e)));
  wrap.reload = reload;
  wrap.ready = reload();
  return wrap;
}

// A status line read out by screen readers when it changes.
export function statusLine() {
  const p = h('p', {class: 'status-line', role: 'status'});
  p.say = (text, bad) => {
    p.textContent = text;
    p.classList.toggle('is-bad', Boolean(bad));
  };
  return p;
}

// confirmButton({label, question, confirm, danger, onConfirm, status}): a
// button that, when pressed, shows the question with "confirm" and "Cancel"
// buttons in its place; onConfirm may throw an ApiError (said in status).
export function confirmButton({label, question, confirm, onConfirm, status}) {
  const box = h('span', {class: 'confirm'});
  const start = h('button', {type: 'button', class: 'btn btn-small'}, label);
  function ask() {
    const yes = h('button', {type: 'button', class: 'btn btn-small btn-danger'}, confirm);
    const no = h('button', {type: 'button', class: 'btn btn-small'}, t('common.cancel'));
    no.addEventListener('click', () => {
      replace(box, start);
      start.focus();
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await onConfirm();
      } catch (e) {
        if (status) status.say(problemText(e), true);
        replace(box, start);
      }
    });
    replace(box, h('span', {class: 'confirm-q'}, question), ' ', yes, ' ', no);
    yes.focus();
  }
  start.addEventListener('click', ask);
  return replace(box, start);
}

// An action button: disabled while fn runs; an error goes to status.
export function actionButton(label, fn, {status, className = 'btn btn-small', attrs} = {}) {
  const b = h('button', {type: 'button', class: className, ...attrs}, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await fn();
    } catch (e) {
      if (status) status.say(problemText(e), true);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

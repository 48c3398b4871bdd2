// app.js - the UI's entry point: the route table, the page shell (header,
// navigation, language switcher, account menu) and start-up.
//
// Adding a page: add a row below (path, the view module under views/ that
// mirrors the server's src/<capability>/, the exported page function, and
// who may open it), write the page as `export async function name(ctx)`
// returning an element, and put its strings in i18n/<view>.js.

import {h, replace} from './core/dom.js';
import {t, LANGS, lang, setLang, onLangChange, addStrings} from './core/i18n.js';
import {session} from './core/api.js';
import {start, navigate} from './core/router.js';
import coreStrings from './i18n/core.js';

addStrings(coreStrings);

// Every page of the UI. auth: 'user' needs a session; 'staff' a retailer's
// staff account (or an admin).
export const routes = [
  {path: '/', view: 'catalog', page: 'home'},
  {path: '/search', view: 'catalog', page: 'search'},
  {path: '/products/:id', view: 'catalog', page: 'product'},
  {path: '/stores/:id', view: 'catalog', page: 'store'},
  {path: '/retailers/:id', view: 'catalog', page: 'retailer'},
  {path: '/login', view: 'platform', page: 'login'},
  {path: '/signup', view: 'platform', page: 'signup'},
  {path: '/me', view: 'people', page: 'profile', auth: 'user'},
  {path: '/me/friends', view: 'people', page: 'friends', auth: 'user'},
  {path: '/me/follows', view: 'people', page: 'follows', auth: 'user'},
  {path: '/console', view: 'console', page: 'overview', auth: 'staff'},
  {path: '/console/stores/new', view: 'console', page: 'storeNew', auth: 'staff'},
  {path: '/console/stores/:id', view: 'console', page: 'storeEdit', auth: 'staff'},
  {path: '/console/offers', view: 'console', page: 'offers', auth: 'staff'},
  {path: '/console/feeds', view: 'console', page: 'feeds', auth: 'staff'},
];

// Links of the main navigation: who sees them, and their label's key.
const navLinks = [
  {href: '/', key: 'nav.home'},
  {href: '/me/friends', key: 'nav.friends', when: 'user'},
  {href: '/me/follows', key: 'nav.follows', when: 'user'},
  {href: '/me', key: 'nav.profile', when: 'user'},
  {href: '/console', key: 'nav.console', when: 'staff'},
];

function visible(when) {
  const a = session.account;
  if (when === 'user') return Boolean(a);
  if (when === 'staff') return Boolean(a) && (a.role === 'staff' || a.role === 'admin');
  return true;
}

function searchForm() {
  const q = new URLSearchParams(location.search).get('q') || '';
  const input = h('input', {type: 'search', name: 'q', id: 'site-search', value: q,
    placeholder: t('search.placeholder'), autocomplete: 'off'});
  return h('form', {class: 'site-search', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    navigate(v ? `/search?q=${encodeURIComponent(v)}` : '/search');
  }},
  h('label', {for: 'site-search', class: 'visually-hidden'}, t('search.label')),
  input,
  h('button', {type: 'submit', class: 'btn'}, t('search.button')));
}

function languageSwitcher() {
  const select = h('select', {id: 'lang', onchange: (ev) => setLang(ev.target.value)},
    LANGS.map((l) => h('option', {value: l.code, lang: l.code, selected: l.code === lang()}, l.name)));
  return h('div', {class: 'lang'}, h('label', {for: 'lang'}, t('lang.label')), select);
}

function accountMenu() {
  const a = session.account;
  if (!a) {
    return h('div', {class: 'account'},
      h('a', {href: '/login', class: 'btn btn-quiet'}, t('nav.login')),
      h('a', {href: '/signup', class: 'btn btn-primary'}, t('nav.signup')));
  }
  return h('div', {class: 'account'},
    h('span', {class: 'account-name'}, a.display_name || a.email),
    h('button', {type: 'button', class: 'btn btn-quiet', onclick: async () => {
      try {
        await session.logout();
      } finally {
        navigate('/');
      }
    }}, t('nav.logout')));
}

function renderShell() {
  replace(document.getElementById('site-header'),
    h('div', {class: 'bar'},
      h('a', {href: '/', class: 'brand'}, h('img', {src: '/favicon.svg', alt: '', width: 28, height: 28}),
        'Agora'),
      searchForm(),
      accountMenu()),
    h('nav', {class: 'nav', 'aria-label': t('nav.label')},
      h('ul', {}, navLinks.filter((l) => visible(l.when)).map((l) =>
        h('li', {}, h('a', {href: l.href, 'aria-current': current(l.href) ? 'page' : null},
          t(l.key))))),
      languageSwitcher()));
  replace(document.getElementById('site-footer'), h('p', {}, t('footer.text')));
  document.querySelector('.skip-link').textContent = t('skip.main');
}

// After a navigation only the current-page marks and the search box's text
// change: the header is not rebuilt, so nothing typed in it is lost.
function followPage() {
  for (const a of document.querySelectorAll('#site-header .nav a')) {
    if (current(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const input = document.getElementById('site-search');
  if (input && document.activeElement !== input) {
    input.value = new URLSearchParams(location.search).get('q') || '';
  }
}

function current(href) {
  return href === '/' ? location.pathname === '/' : location.pathname.startsWith(href) &&
    !(href === '/me' && location.pathname !== '/me');
}

async function main() {
  document.documentElement.lang = lang();
  renderShell();
  session.onChange(renderShell);
  onLangChange(renderShell);
  document.addEventListener('agora:page', followPage);
  await session.restore();
  await start(routes, document.getElementById('main'));
}

main();

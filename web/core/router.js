// router.js - from the address bar to a page of a view module.
//
// The route table lives in app.js (like src/routes.c on the server): a path
// pattern, the view module that holds the page, the page's name and who may
// see it. A view module is loaded the first time one of its pages is opened,
// so the first page transfers only what it shows. Links to our own paths are
// followed without reloading (history API); the server answers any path
// without a dot with index.html, so every address can be bookmarked.

import {h, replace} from './dom.js';
import {t, onLangChange} from './i18n.js';
import {session} from './api.js';
import {errorBox} from './forms.js';

let table = [];
let main = null;
let generation = 0; // the navigation whose page may still be shown

// start(routes, mainElement): serves the current address and every later one.
export function start(routes, mainEl) {
  table = routes.map((r) => ({...r, re: compile(r.path)}));
  main = mainEl;
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => render(false));
  onLangChange(() => render(false));
  session.onChange(() => {
    // Signing out of a page that needs a session leaves it.
    const r = match(location.pathname);
    if (r && r.route.auth && !allowed(r.route)) render(false);
  });
  return render(false);
}

// Opens a path of ours ("/products/12?x=1"), adding a history entry unless
// replace is set.
export function navigate(path, {replace: rep = false} = {}) {
  if (rep) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render(true);
}

// Re-renders the current page (after a change it shows).
export function refresh() {
  return render(false);
}

function compile(pattern) {
  const names = [];
  const src = pattern.replace(/:(\w+)/g, (m, name) => {
    names.push(name);
    return '([^/]+)';
  });
  return {regex: new RegExp(`^${src}/?$`), names};
}

function match(pathname) {
  for (const route of table) {
    const m = route.re.regex.exec(pathname);
    if (!m) continue;
    const params = {};
    route.re.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1]);
    });
    return {route, params};
  }
  return null;
}

function allowed(route) {
  const a = session.account;
  if (route.auth === 'user') return Boolean(a);
  if (route.auth === 'staff') return Boolean(a) && (a.role === 'staff' || a.role === 'admin');
  return true;
}

async function render(moveFocus) {
  const mine = ++generation;
  const found = match(location.pathname);
  let node;
  try {
    if (!found) {
      node = notFound();
    } else if (!allowed(found.route)) {
      if (!session.signedIn) {
        const next = location.pathname + location.search;
        return navigate(`/login?next=${encodeURIComponent(next)}`, {replace: true});
      }
      node = h('section', {class: 'page'}, h('h1', {}, t('page.forbidden')),
        h('p', {}, t('page.forbidden_detail')));
    } else {
      main.setAttribute('aria-busy', 'true');
      const mod = await import(`../views/${found.route.view}.js`);
      const page = mod[found.route.page];
      node = await page({
        params: found.params,
        query: new URLSearchParams(location.search),
        path: location.pathname,
        navigate,
        refresh,
      });
    }
  } catch (err) {
    node = h('section', {class: 'page'}, h('h1', {}, t('page.error')), errorBox(err));
    if (!(err && err.status)) console.warn(err); // a bug of ours: keep it visible to developers
  }
  if (mine !== generation) return; // the user went elsewhere meanwhile
  main.removeAttribute('aria-busy');
  replace(main, node);
  const h1 = main.querySelector('h1');
  document.title = h1 && h1.textContent ? `${h1.textContent} · Agora` : 'Agora';
  document.dispatchEvent(new CustomEvent('agora:page', {detail: {path: location.pathname}}));
  if (moveFocus) {
    window.scrollTo(0, 0);
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus();
    }
  }
}

function notFound() {
  return h('section', {class: 'page'}, h('h1', {}, t('page.not_found')),
    h('p', {}, h('a', {href: '/'}, t('page.home_link'))));
}

function onClick(ev) {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey ||
      ev.altKey) return;
  const a = ev.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/v1/')) return;
  const path = href.split(/[?#]/)[0];
  if (path.includes('.')) return; // a file (image, favicon), not a page
  ev.preventDefault();
  navigate(href);
}

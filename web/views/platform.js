// platform.js - the account pages of src/platform: sign up and log in.
// (Logging out is a button of the page shell, app.js.)

import {h} from '../core/dom.js';
import {t, addStrings} from '../core/i18n.js';
import {session} from '../core/api.js';
import {field, form} from '../core/forms.js';
import strings from '../i18n/platform.js';

addStrings(strings);

// Where to go after signing in: a path of ours from ?next=, else home.
function nextPath(query) {
  const next = query.get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export async function login(ctx) {
  const f = form({
    fields: [
      field({name: 'email', label: t('login.email'), type: 'email', autocomplete: 'username',
        required: true}),
      field({name: 'password', label: t('login.password'), type: 'password',
        autocomplete: 'current-password', required: true}),
    ],
    submit: t('login.submit'),
    onSubmit: async (v) => {
      await session.login(v.email, v.password);
      ctx.navigate(nextPath(ctx.query), {replace: true});
    },
  });
  return h('section', {class: 'page page-narrow'},
    h('h1', {}, t('login.title')), f,
    h('p', {}, t('login.no_account'), ' ',
      h('a', {href: '/signup' + (ctx.query.get('next') ? `?next=${encodeURIComponent(ctx.query.get('next'))}` : '')},
        t('login.signup_link'))));
}

export async function signup(ctx) {
  const f = form({
    fields: [
      field({name: 'display_name', label: t('signup.name'), hint: t('signup.name_hint'),
        autocomplete: 'name', required: true}),
      field({name: 'email', label: t('signup.email'), type: 'email', autocomplete: 'email',
        required: true}),
      field({name: 'password', label: t('signup.password'), type: 'password',
        hint: t('signup.password_hint'), autocomplete: 'new-password', required: true,
        minlength: 10}),
    ],
    submit: t('signup.submit'),
    onSubmit: async (v) => {
      const body = {email: v.email, password: v.password};
      if (v.display_name) body.display_name = v.display_name;
      await session.signup(body);
      ctx.navigate(nextPath(ctx.query), {replace: true});
    },
  });
  return h('section', {class: 'page page-narrow'},
    h('h1', {}, t('signup.title')), f,
    h('p', {}, t('signup.have_account'), ' ', h('a', {href: '/login'}, t('signup.login_link'))));
}

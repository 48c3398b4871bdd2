// test_b01_shell.mjs - the page shell and the account pages, in a real
// browser: the first page (errors, weight, security headers, favicon,
// accessibility), deep links, sign up / log out / log in, errors shown in
// the form, and the three languages (switcher, browser language, formats).

import assert from 'node:assert/strict';
import {suite, expect, expectStatus, checkA11y, screenshots, normalize, uiSignup, uiLogin,
  uiLogout, uniqueEmail, apiSignup, DEMO} from './lib/index.mjs';

const s = suite({seed: true});

const heading = (page) => page.getByRole('heading', {level: 1});

// Parses a Content-Security-Policy header into {directive: [sources]}.
function csp(header) {
  const out = {};
  for (const part of String(header || '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

s.test('the first page loads without errors and transfers under 100 KB', async ({page, t}) => {
  const loads = [];
  page.on('requestfinished', (req) => loads.push(req));
  const res = await page.goto('/', {waitUntil: 'networkidle'});
  assert.equal(res.status(), 200);
  await expect(heading(page)).toBeVisible();
  await expect(page.getByRole('navigation', {name: 'Main'})).toBeVisible();
  let total = 0;
  const lines = [];
  for (const req of loads) {
    const sz = await req.sizes();
    const bytes = sz.responseHeadersSize + sz.responseBodySize;
    total += bytes;
    lines.push(`${bytes} ${req.url().slice(s.server.url.length)}`);
  }
  t.diagnostic(`first page: ${loads.length} responses, ${total} bytes: ${lines.join(', ')}`);
  // The document, its stylesheet and script at least.
  assert.ok(loads.length >= 3, `only ${loads.length} responses`);
  assert.ok(total < 100 * 1024, `the first page transferred ${total} bytes (limit 102400)`);
});

s.test('the page, its scripts and API answers carry the security headers', async ({page}) => {
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto('/', {waitUntil: 'networkidle'});
  const kinds = new Set();
  for (const r of responses) {
    const type = r.request().resourceType();
    kinds.add(type);
    const h = await r.allHeaders();
    const where = `${type} ${r.url()}`;
    assert.equal(h['x-content-type-options'], 'nosniff', where);
    const policy = csp(h['content-security-policy']);
    const scripts = policy['script-src'] || policy['default-src'];
    assert.ok(scripts, `${where}: no script-src nor default-src in the CSP`);
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:']) {
      assert.ok(!scripts.includes(bad), `${where}: script sources allow ${bad}`);
    }
    assert.deepEqual(policy['frame-ancestors'], ["'none'"], where);
  }
  for (const kind of ['document', 'script', 'stylesheet']) assert.ok(kinds.has(kind), `no ${kind} loaded`);
  // An API answer too (including an error).
  const api = await page.request.get('/v1/me');
  assert.equal(api.status(), 401);
  assert.equal(api.headers()['x-content-type-options'], 'nosniff');
  assert.deepEqual(csp(api.headers()['content-security-policy'])['frame-ancestors'], ["'none'"]);
});

s.test('the favicon is served by agora itself', async ({page}) => {
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  assert.ok(href && href.startsWith('/'), `icon link ${href} is not our own`);
  const res = await page.request.get(href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^image\//);
  const body = await res.text();
  assert.ok(/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(body) || res.headers()['content-type'] !== 'image/svg+xml',
    'the SVG icon is not an SVG document');
});

s.test('the first page is accessible (axe) at phone and desktop widths', async ({page}) => {
  await page.goto('/', {waitUntil: 'networkidle'});
  await expect(heading(page)).toBeVisible();
  await checkA11y(page, 'b01-home-desktop');
  await page.setViewportSize({width: 390, height: 844});
  await checkA11y(page, 'b01-home-phone');
  await screenshots(page, 'b01-home');
  // Keyboard: the first Tab reaches the skip link, which leads to <main>.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(normalize(focused), 'Skip to content');
});

s.test('every address opens the app: deep links and unknown pages', async ({page}) => {
  const res = await page.goto('/login');
  assert.equal(res.status(), 200);
  await expect(heading(page)).toHaveText('Log in');
  assert.match(await page.title(), /^Log in/);
  await page.goto('/no/such/page');
  await expect(heading(page)).toHaveText('Page not found');
  // The link back home navigates within the app (no new document).
  let documents = 0;
  page.on('request', (r) => {
    if (r.resourceType() === 'document') documents++;
  });
  await page.getByRole('link', {name: 'Back to the home page'}).click();
  await page.waitForURL((u) => u.pathname === '/');
  assert.equal(documents, 0, 'following an internal link reloaded the page');
});

s.test('sign up, log out and log in again through the pages', async ({page}) => {
  const email = uniqueEmail('b01');
  const password = 'a long enough secret';
  await page.goto('/');
  await page.getByRole('link', {name: 'Sign up'}).click();
  await expect(heading(page)).toHaveText('Create your account');
  await checkA11y(page, 'b01-signup');
  await screenshots(page, 'b01-signup');
  await uiSignup(page, {email, password, name: 'Bea Browser'});
  // Signed in: the header names the account and offers to log out.
  await expect(page.getByRole('banner')).toContainText('Bea Browser');
  // The token is in no cookie (which other sites' forged requests would
  // carry) and in no address.
  assert.deepEqual(await page.context().cookies(), []);
  assert.ok(!/agt_/.test(page.url()), `the address holds a token: ${page.url()}`);
  await expect(page.getByRole('link', {name: 'Profile'})).toBeVisible();
  // The session survives a reload.
  await page.reload();
  await expect(page.getByRole('button', {name: 'Log out'})).toBeVisible();
  await uiLogout(page);
  await expect(page.getByRole('link', {name: 'Profile'})).toBeHidden();
  // A page that needs a session sends a visitor to log in, then back.
  await page.goto('/me');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/me');
  await checkA11y(page, 'b01-login');
  await screenshots(page, 'b01-login');
  await uiLogin(page, email, password);
  await expect(page.getByRole('banner')).toContainText('Bea Browser');
});

s.test('what a user writes is shown as text, never run as markup', async ({newPage, server}) => {
  const name = '<img src="/x-b01" onerror="console.error(1)">Eve <b>bold</b>';
  const {token} = await apiSignup(server, {name});
  const page = await newPage({token});
  await page.goto('/');
  await expect(page.getByRole('banner')).toContainText(name);
  assert.equal(await page.locator('img[src="/x-b01"], b').count(), 0, 'the name was parsed as HTML');
});

s.test('a wrong password is reported in the log-in form', async ({page}) => {
  await page.goto('/login');
  await page.getByLabel('E-mail', {exact: true}).fill(DEMO.shopper);
  await page.getByLabel('Password', {exact: true}).fill('not the password');
  const form = page.locator('form', {has: page.getByLabel('Password', {exact: true})});
  await expectStatus(page, 401, '/v1/auth/login', async () => {
    await page.getByRole('button', {name: 'Log in'}).click();
    await expect(form.getByRole('alert')).toContainText('Wrong e-mail or password');
  });
  await screenshots(page, 'b01-login-error');
  // Still on the log-in page, not signed in, what was typed kept.
  await expect(heading(page)).toHaveText('Log in');
  assert.equal(await page.getByLabel('E-mail', {exact: true}).inputValue(), DEMO.shopper);
  await expect(page.getByRole('link', {name: 'Log in'})).toBeVisible();
  // The right password then works.
  await page.getByLabel('Password', {exact: true}).fill(DEMO.password);
  await page.getByRole('button', {name: 'Log in'}).click();
  await expect(page.getByRole('button', {name: 'Log out'})).toBeVisible();
  await expect(form.getByRole('alert')).toBeHidden();
});

s.test('a field the API refuses shows its error next to that field', async ({page}) => {
  await page.goto('/signup');
  await page.getByLabel('Your name', {exact: true}).fill('Short Pass');
  await page.getByLabel('E-mail', {exact: true}).fill(uniqueEmail('b01short'));
  const password = page.getByLabel('Password', {exact: true});
  await password.fill('short');
  await expectStatus(page, 422, '/v1/auth/signup', async () => {
    await page.getByRole('button', {name: 'Create account'}).click();
    await expect(password).toHaveAttribute('aria-invalid', 'true');
  });
  // The error is the field's accessible description, shown beside it, and
  // the focus is on the field to fix.
  const described = await password.evaluate((el) => (el.getAttribute('aria-describedby') || '')
    .split(/\s+/).map((id) => document.getElementById(id)).filter((e) => e && !e.hidden)
    .map((e) => e.textContent).join(' '));
  assert.match(described, /at least 10 characters/);
  assert.ok(await password.evaluate((el) => el === document.activeElement), 'focus is not on the password');
  const emailInvalid = await page.getByLabel('E-mail', {exact: true}).getAttribute('aria-invalid');
  assert.equal(emailInvalid, null, 'the e-mail field was marked invalid too');
  await screenshots(page, 'b01-signup-error');
});

// What the app's own formatters make of a price, a number, a distance and a
// date in the language currently shown (the same module instance the pages
// use). Catalog pages will show real prices; until then this is where the
// formats are visible.
async function formats(page) {
  return page.evaluate(async () => {
    const m = await import('/core/i18n.js');
    return {
      money: m.money({amount: 123456, currency: 'EUR'}),
      number: m.number(1234.5),
      distance: m.distance(2.5),
      date: m.date('2026-03-05T12:00:00Z', true),
    };
  });
}

const LANG_CASES = {
  en: {home: 'Home', login: 'Log in', signup: 'Sign up', lang: 'Language', money: '€1,234.56',
    number: '1,234.5', distance: '2.5 km', date: '5 Mar 2026'},
  sv: {home: 'Hem', login: 'Logga in', signup: 'Skapa konto', lang: 'Språk', money: '1 234,56 €',
    number: '1 234,5', distance: '2,5 km', date: '5 mars 2026'},
  fr: {home: 'Accueil', login: 'Se connecter', signup: 'Créer un compte', lang: 'Langue',
    money: '1 234,56 €', number: '1 234,5', distance: '2,5 km', date: '5 mars 2026'},
};

async function assertLanguage(page, code) {
  const want = LANG_CASES[code];
  await expect(page.getByRole('navigation')).toContainText(want.home);
  await expect(page.getByRole('link', {name: want.login, exact: true})).toBeVisible();
  await expect(page.getByRole('link', {name: want.signup, exact: true})).toBeVisible();
  await expect(page.getByLabel(want.lang, {exact: true})).toBeVisible();
  assert.equal(await page.evaluate(() => document.documentElement.lang), code);
  const f = await formats(page);
  for (const k of ['money', 'number', 'distance', 'date']) {
    assert.equal(normalize(f[k]), want[k], `${code}: ${k}`);
  }
}

s.test('the language switcher changes texts and formats to Swedish and French', async ({page}) => {
  await page.goto('/login');
  await assertLanguage(page, 'en');
  await page.getByLabel('Language', {exact: true}).selectOption('sv');
  await assertLanguage(page, 'sv');
  await expect(heading(page)).toHaveText('Logga in');
  await checkA11y(page, 'b01-login-sv');
  await screenshots(page, 'b01-login-sv');
  await page.getByLabel('Språk', {exact: true}).selectOption('fr');
  await assertLanguage(page, 'fr');
  await expect(heading(page)).toHaveText('Connexion');
  await screenshots(page, 'b01-login-fr');
  // The choice is remembered.
  await page.reload();
  await assertLanguage(page, 'fr');
});

for (const [locale, code] of [['sv-SE', 'sv'], ['fr-FR', 'fr'], ['de-DE', 'en']]) {
  s.test(`a browser set to ${locale} opens in ${code}`, {locale}, async ({page}) => {
    await page.goto('/');
    await assertLanguage(page, code);
  });
}

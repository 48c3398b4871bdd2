// index.mjs - the browser test harness in one import. A test file:
//
//   import {suite, expect, checkA11y, screenshots} from './lib/index.mjs';
//   const s = suite({seed: true});            // one agora + one Chromium per file
//   s.test('home page', async ({page}) => {   // a fresh context and guarded page
//     await page.goto('/');
//     await expect(page.getByRole('heading', {level: 1})).toBeVisible();
//     await checkA11y(page, 'b02-home');
//     await screenshots(page, 'b02-home');
//   });
//
// suite() registers node:test hooks that start the real binary (server.mjs)
// and the browser (browser.mjs) before the file's first test and stop both
// after its last. s.test() gives every test its own browser context (no
// shared storage, so no session leaks between tests) with baseURL set to
// the server, and fails the test on anything guard.mjs reports, after the
// test's own steps ran. Options of a context (s.test(name, opts, fn), or
// newPage(opts) for a second person in the same test): token (start signed
// in with a session from apiLogin/apiSignup), lang ('en', 'sv', 'fr': a
// saved language choice), timeout (of the whole test, default 60 s), and
// any option of playwright's browser.newContext(): locale ('en-US' unless
// said), timezoneId ('UTC'), viewport (1280x800), geolocation with
// permissions: ['geolocation'], ...

import {test, before, after} from 'node:test';
import {startServer} from './server.mjs';
import {launchBrowser} from './browser.mjs';
import {guard, urlMatches} from './guard.mjs';

export {startServer} from './server.mjs';
export {launchBrowser} from './browser.mjs';
export {checkA11y} from './a11y.mjs';
export {screenshots} from './screenshots.mjs';
export {expect, poll, normalize} from './expect.mjs';
export {DEMO, uniqueEmail, api, apiSignup, apiLogin, uiSignup, uiLogin, uiLogout} from './accounts.mjs';

const guards = new WeakMap(); // page -> its guard

// suite({seed, serverArgs}) -> {test, server, browser}. seed: load the demo
// data set; serverArgs: more flags for `agora serve`.
export function suite({seed = false, serverArgs = []} = {}) {
  const s = {server: null, browser: null};
  before(async () => {
    s.server = await startServer({seed, args: serverArgs});
    s.browser = await launchBrowser();
  });
  after(async () => {
    if (s.browser) await s.browser.close();
    if (s.server) await s.server.stop();
  });

  s.test = (name, opts, fn) => {
    if (typeof opts === 'function') {
      fn = opts;
      opts = {};
    }
    return test(name, {timeout: opts.timeout || 60000}, async (t) => {
      const contexts = [];
      const pages = [];
      // Every page of the test's contexts is guarded, also one the page
      // opens itself (a link with target=_blank) or the test opens with
      // context.newPage().
      const watch = (page) => {
        guards.set(page, guard(page, s.server.url));
        pages.push(page);
      };
      const newPage = async (o = {}) => {
        const context = await openContext(s, o);
        context.on('page', watch);
        contexts.push(context);
        return context.newPage();
      };
      let failure = null;
      try {
        const page = await newPage(opts);
        await fn({page, context: page.context(), newPage, server: s.server, t});
      } catch (e) {
        failure = e;
      }
      const problems = pages.flatMap((p) => {
        const g = guards.get(p);
        g.stop();
        return g.problems();
      });
      for (const c of contexts) await c.close().catch(() => {});
      if (problems.length) {
        const text = `the page reported ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`;
        if (failure) failure.message += `\n(also: ${text})`;
        else failure = new Error(text);
      }
      if (failure) throw failure;
    });
  };
  return s;
}

async function openContext(s, {token, lang, timeout, ...contextOptions} = {}) {
  const context = await s.browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: {width: 1280, height: 800},
    serviceWorkers: 'block',
    ...contextOptions,
    baseURL: s.server.url,
  });
  const items = [];
  if (token) items.push(['agora.token', token]);
  if (lang) items.push(['agora.lang', lang]);
  if (items.length) {
    // The saved session and language, as if this person had been here
    // before: written into the origin's localStorage before the first page
    // of the context runs (once: a later log-out must stick). An init script
    // rather than playwright's storageState, which costs seconds per context.
    await context.addInitScript(({origin, entries}) => {
      if (location.origin !== origin) return;
      if (localStorage.getItem('agora.test.seeded') !== null) return;
      for (const [k, v] of entries) localStorage.setItem(k, v);
      localStorage.setItem('agora.test.seeded', '1');
    }, {origin: s.server.url, entries: items});
  }
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  return context;
}

// expectStatus(page, 422, '/v1/retailers/') declares that an error response
// of that status to a URL containing the pattern (a string, RegExp or
// function) is part of the coming step, so Chromium's "Failed to load
// resource" console line for it does not fail the test. With a step
// function it holds only while the step runs, and the step must cause such
// a response:
//
//   await expectStatus(page, 401, '/v1/auth/login', async () => {
//     await page.getByRole('button', {name: 'Log in'}).click();
//     await expect(page.getByText('Wrong e-mail or password')).toBeVisible();
//   });
//
// A 5xx is never excused.
export async function expectStatus(page, status, pattern, step) {
  const g = guards.get(page);
  if (!g) throw new Error('expectStatus: not a page of suite().test()');
  if (status >= 500) throw new Error('expectStatus: a 5xx response always fails the test');
  const e = g.expect(status, pattern);
  if (!step) return;
  let seen = false;
  const onResponse = (res) => {
    if (res.status() === status && urlMatches(pattern, res.url())) seen = true;
  };
  page.on('response', onResponse);
  try {
    await step();
  } finally {
    page.off('response', onResponse);
    e.active = false;
  }
  if (!seen) throw new Error(`expectStatus: the step caused no ${status} response from ${pattern}`);
}

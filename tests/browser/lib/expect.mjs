// expect.mjs - waiting assertions on locators. playwright-core has no test
// runner and so no expect(); pages here render asynchronously (a click
// starts a fetch, then the view re-renders), so an assertion waits until it
// holds or its time runs out, then fails saying what it last saw.
//
//   await expect(page.getByRole('heading', {level: 1})).toHaveText('Log in');
//   await expect(page.getByText('Saved.')).toBeVisible();

const TIMEOUT = 10000;

// Text as a person reads it: runs of white space (including the no-break
// spaces that French and Swedish number formats use) become one space.
export function normalize(text) {
  return String(text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

// poll(fn, what): calls fn until it returns a truthy value, which it returns;
// throws "timed out: WHAT (last: ...)" after the timeout.
export async function poll(fn, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms: ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const matches = (expected, actual) => (expected instanceof RegExp ? expected.test(actual)
  : actual === normalize(expected));

export function expect(locator, {timeout = TIMEOUT} = {}) {
  const text = async () => normalize(await locator.first().innerText({timeout: 1000}));
  return {
    toBeVisible: () => locator.first().waitFor({state: 'visible', timeout}),
    toBeHidden: () => locator.first().waitFor({state: 'hidden', timeout}),
    async toHaveText(expected) {
      let seen;
      await poll(async () => matches(expected, (seen = await text())),
        `${locator} to have text ${expected}`, timeout).catch((e) => {
        throw new Error(`${e.message}; text was "${seen}"`);
      });
    },
    async toContainText(expected) {
      let seen;
      const ok = (t) => (expected instanceof RegExp ? expected.test(t) : t.includes(normalize(expected)));
      await poll(async () => ok((seen = await text())), `${locator} to contain ${expected}`, timeout)
        .catch((e) => {
          throw new Error(`${e.message}; text was "${seen}"`);
        });
    },
    async toHaveAttribute(name, value) {
      await poll(async () => (await locator.first().getAttribute(name, {timeout: 1000})) === value,
        `${locator} to have ${name}="${value}"`, timeout);
    },
    async toHaveCount(n) {
      await poll(async () => (await locator.count()) === n, `${locator} to have ${n} elements`, timeout);
    },
  };
}

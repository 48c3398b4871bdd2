// test_b10_catalog.mjs - the shopper's catalog pages in a real browser:
// search and filters (the address holds them, the back button restores
// them, a refused filter is shown beside its field), a product's offers in
// order of effective price with the cheapest marked, prices in French, the
// home page's sales near the browser's location or a home area (and without
// either; titled by their offers even when products cannot be looked up),
// a store page and a retailer page with follow. Each page gets an
// accessibility check and screenshots at both widths.
//
// The data is made through the API by the demo admin, named with a tag of
// this run and placed in Tromsø, so that the demo data set (elsewhere) never
// mixes with what the tests count.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {suite, expect, expectStatus, checkA11y, screenshots, normalize, api, apiLogin,
  apiSignup, DEMO} from './lib/index.mjs';

const s = suite({seed: true});
const heading = (page) => page.getByRole('heading', {level: 1});

const TAG = `q${crypto.randomBytes(3).toString('hex')}`; // letters and digits: one search word
const HERE = {latitude: 69.6496, longitude: 18.9560}; // Tromsø
const F = {}; // the fixture: ids and names

async function call(method, path, body) {
  const res = await api(s.server, method, path, {token: F.admin, body});
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const eur = (amount) => ({amount, currency: 'EUR'});

// A valid EAN-13 from 12 digits (GS1 check digit): offers of one GTIN are
// one product across retailers.
function ean13(stem) {
  const sum = [...stem].reduce((acc, d, i) => acc + Number(d) * (i % 2 ? 3 : 1), 0);
  return stem + ((10 - (sum % 10)) % 10);
}
const GTIN_BASE = `40${String(crypto.randomInt(1e8)).padStart(8, '0')}`; // a manufacturer's prefix

// Made once, by the first test that needs it (after the suite started agora).
let made = null;
const fixture = () => (made = made || makeFixture());

async function makeFixture() {
  F.admin = await apiLogin(s.server, DEMO.admin);
  F.drinks = await call('POST', '/v1/categories', {name: `Drinks ${TAG}`});
  F.snacks = await call('POST', '/v1/categories', {name: `Snacks ${TAG}`});
  F.shop = await call('POST', '/v1/retailers', {name: `Fixmart ${TAG}`, kind: 'grocery'});
  F.web = await call('POST', '/v1/retailers', {name: `Webshop ${TAG}`, kind: 'other'});
  const hours = [1, 2, 3, 4, 5, 6].map((d) => ({weekday: d, opens: '08:00', closes: '20:00'}));
  F.stores = [];
  for (const [i, [dLat, dLon]] of [[0.002, 0.001], [0.01, 0.02], [-0.03, 0.05]].entries()) {
    F.stores.push(await call('POST', `/v1/retailers/${F.shop.id}/stores`, {
      code: `T${i}`, name: `Fixmart ${['Sentrum', 'Havna', 'Tromsdalen'][i]} ${TAG}`,
      address: `Storgata ${i + 1}`, city: 'Tromsø', postal_code: '9008', country: 'NO',
      latitude: HERE.latitude + dLat, longitude: HERE.longitude + dLon,
      time_zone: 'Europe/Oslo', hours}));
  }
  // Three products; offers as [retailer, store index or null, price, sale price, availability].
  const products = {
    tea: {title: `Quokka tea ${TAG}`, brand: `Alphabrand ${TAG}`, cat: F.drinks, offers: [
      [F.shop, null, 499], [F.shop, 0, 429, 349], [F.shop, 1, 510], [F.shop, 2, 200, null, 'out_of_stock'],
      [F.web, null, 399]]},
    coffee: {title: `Quokka coffee ${TAG}`, brand: `Betabrand ${TAG}`, cat: F.drinks, offers: [
      [F.shop, 1, 1390, 1190], [F.web, null, 1250]]},
    biscuits: {title: `Quokka biscuits ${TAG}`, brand: `Alphabrand ${TAG}`, cat: F.snacks, offers: [
      [F.shop, 2, 180, 150], [F.web, null, 199]]},
  };
  const sales = [], offerIds = [];
  for (const [n, [key, p]] of Object.entries(products).entries()) {
    const gtin = ean13(`${GTIN_BASE}${n}0`);
    for (const [r, store, price, sale, availability] of p.offers) {
      const o = await call('POST', '/v1/offers', {retailer_id: r.id, item_id: key, gtin,
        title: p.title, brand: p.brand, product_type: p.cat.name,
        store_id: store === null ? null : F.stores[store].id, price: eur(price),
        availability: availability || 'in_stock'});
      F[key] = o.product_id;
      offerIds.push(Number(o.id));
      if (sale) sales.push([o.id, sale]);
    }
  }
  // Those prices were charged for 31 days: a sale that starts now is a real
  // reduction against the 30-day low (the regular price). A reduction needs
  // the whole 30 days on record, so the history is moved back in the
  // database file (the server reads it at each request).
  await promisify(execFile)('sqlite3', [s.server.db,
    `UPDATE price_history SET recorded_at = recorded_at - 2678400 WHERE offer_id IN (${offerIds.join(',')})`]);
  const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
  for (const [id, sale] of sales) {
    await call('PATCH', `/v1/offers/${id}`, {sale_price: eur(sale),
      sale_start: start.toISOString().replace('.000', '')});
  }
  const brands = (await call('GET', '/v1/brands?limit=100')).items;
  F.alpha = brands.find((b) => b.name === `Alphabrand ${TAG}`);
  await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now()) + 300));
}

// The titles of the search results shown.
async function resultTitles(page) {
  const links = page.locator('.results').getByRole('link');
  return (await links.allInnerTexts()).map(normalize).sort();
}

async function expectResults(page, want) {
  await expect(heading(page)).toBeVisible();
  let seen;
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    seen = await resultTitles(page);
    if (JSON.stringify(seen) === JSON.stringify([...want].sort())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(seen, [...want].sort());
}

s.test('search from the header, narrow by brand, price and category; the address keeps the filters',
  async ({page}) => {
    await fixture();
    const tea = `Quokka tea ${TAG}`;
    const coffee = `Quokka coffee ${TAG}`;
    const biscuits = `Quokka biscuits ${TAG}`;
    await page.goto('/');
    // Once the page is shown (the shell redraws its header when a page opens).
    await expect(heading(page)).toHaveText('Shop smarter, nearby');
    await page.getByLabel('Search products').fill(`quokka ${TAG}`);
    await page.getByLabel('Search products').press('Enter');
    await expect(heading(page)).toHaveText(`Results for “quokka ${TAG}”`);
    await expectResults(page, [tea, coffee, biscuits]);
    await checkA11y(page, 'b10-search');
    await screenshots(page, 'b10-search');

    await page.getByLabel('Brand', {exact: true}).selectOption({label: `Alphabrand ${TAG}`});
    await page.getByRole('button', {name: 'Apply filters'}).click();
    await page.waitForURL((u) => u.searchParams.get('brand') === F.alpha.id);
    await expectResults(page, [tea, biscuits]);

    await page.getByLabel('Highest price (€)').fill('2');
    await page.getByRole('button', {name: 'Apply filters'}).click();
    await page.waitForURL((u) => u.searchParams.get('max_price') === '2.00');
    await expectResults(page, [biscuits]);
    const u = new URL(page.url());
    assert.equal(u.searchParams.get('q'), `quokka ${TAG}`);
    assert.equal(u.searchParams.get('brand'), F.alpha.id);
    // The hit shows its cheapest current offer: the store's sale at €1.50.
    await expect(page.locator('.results')).toContainText('€1.50');
    await expect(page.locator('.results')).toContainText('In store');

    // A shared address opens the same results; back returns to the brand only.
    const shared = page.url();
    await page.goBack();
    await page.waitForURL((x) => !new URL(x).searchParams.has('max_price'));
    await expectResults(page, [tea, biscuits]);
    assert.equal(await page.getByLabel('Highest price (€)').inputValue(), '');
    await page.goto(shared);
    await expectResults(page, [biscuits]);
    assert.equal(await page.getByLabel('Highest price (€)').inputValue(), '2.00');

    await page.getByLabel('Highest price (€)').fill('');
    await page.getByLabel('Category', {exact: true}).selectOption({label: `Drinks ${TAG}`});
    await page.getByRole('button', {name: 'Apply filters'}).click();
    await page.waitForURL((x) => new URL(x).searchParams.get('category') === F.drinks.id);
    await expectResults(page, [tea]);
  });

s.test('a refused price range is shown beside its field; no match says so', async ({page}) => {
  await fixture();
  await page.goto(`/search?q=quokka+${TAG}`);
  await expectResults(page, [`Quokka tea ${TAG}`, `Quokka coffee ${TAG}`, `Quokka biscuits ${TAG}`]);
  await page.getByLabel('Lowest price (€)').fill('5');
  const max = page.getByLabel('Highest price (€)');
  await max.fill('2');
  await expectStatus(page, 422, '/v1/search', async () => {
    await page.getByRole('button', {name: 'Apply filters'}).click();
    await expect(max).toHaveAttribute('aria-invalid', 'true');
  });
  const described = await max.evaluate((el) => el.getAttribute('aria-describedby').split(' ')
    .map((id) => document.getElementById(id)).filter((e) => e && !e.hidden)
    .map((e) => e.textContent).join(' '));
  assert.match(described, /min_price/);
  await checkA11y(page, 'b10-search-invalid');
  await screenshots(page, 'b10-search-invalid');
  // Not a number: said beside the field before anything is asked.
  await page.getByLabel('Lowest price (€)').fill('cheap');
  await page.getByRole('button', {name: 'Apply filters'}).click();
  await expect(page.getByLabel('Lowest price (€)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter an amount, such as 12.50.')).toBeVisible();

  await page.goto(`/search?q=nothingmatches${TAG}`);
  await expect(page.getByText('No products match your search.')).toBeVisible();

  // Every product, 20 at a time: "Show more" adds the next page below.
  await page.goto('/search');
  await expect(heading(page)).toHaveText('All products');
  const hits = page.locator('.results').getByRole('listitem');
  await expect(hits).toHaveCount(20);
  const first = await hits.allInnerTexts();
  await page.getByRole('button', {name: 'Show more'}).click();
  await expect(hits).toHaveCount(40);
  assert.deepEqual((await hits.allInnerTexts()).slice(0, 20), first);
});

// The rows of the offers table: {price (number), cheapest, inStock, text}.
async function offerRows(page) {
  const rows = page.locator('table.offers tbody tr');
  await expect(rows).toBeVisible();
  const out = [];
  for (const row of await rows.all()) {
    const text = normalize(await row.innerText());
    const price = normalize(await row.locator('.price').innerText());
    out.push({text, priceText: price, price: Number(price.replace(/[^\d,.]/g, '').replace(',', '.')),
      cheapest: /\bCheapest\b/.test(text), inStock: /\bIn stock\b/.test(text)});
  }
  return out;
}

s.test('a product shows every offer by effective price with the cheapest marked', async ({page}) => {
  await fixture();
  await page.goto(`/search?q=quokka+tea+${TAG}`);
  await page.getByRole('link', {name: `Quokka tea ${TAG}`}).click();
  await expect(heading(page)).toHaveText(`Quokka tea ${TAG}`);
  await expect(page.getByText(`Alphabrand ${TAG}`)).toBeVisible();
  await expect(page.getByRole('link', {name: `Drinks ${TAG}`})).toBeVisible();
  const rows = await offerRows(page);
  assert.equal(rows.length, 5);
  const prices = rows.map((r) => r.price);
  assert.deepEqual(prices, [...prices].sort((a, b) => a - b), `not sorted: ${prices}`);
  // Cheapest: the lowest price among the offers in stock, marked in words.
  const inStock = rows.filter((r) => r.inStock);
  const best = Math.min(...inStock.map((r) => r.price));
  const marked = rows.filter((r) => r.cheapest);
  assert.equal(marked.length, 1, 'exactly one offer is marked cheapest');
  assert.equal(marked[0].price, best);
  assert.equal(best, 3.49);
  assert.ok(marked[0].inStock);
  // The sale shows the regular price struck out and the real reduction.
  assert.match(marked[0].text, /Regular price €4\.29/);
  assert.match(marked[0].text, /-19%/);
  assert.match(marked[0].text, /30-day low of €4\.29/);
  // Out of stock and online offers are labelled, and a store links to its page.
  assert.match(rows[0].text, /Out of stock/);
  await expect(page.getByRole('table').getByRole('link', {name: F.stores[0].name})).toBeVisible();
  // The history: the lowest price in stock fell as offers came (4.99, 4.29,
  // 3.99, those within one second of each other count as one moment), then
  // to the sale's 3.49; the offer out of stock at 2.00 is not counted.
  await expect(page.getByRole('img', {name: /between €3\.49 and €(3\.99|4\.29|4\.99); now €3\.49/}))
    .toBeVisible();
  await checkA11y(page, 'b10-product');
  await screenshots(page, 'b10-product');
});

s.test('switching to French on the product page formats prices the French way', async ({page}) => {
  await fixture();
  await page.goto(`/products/${F.tea}`);
  await expect(heading(page)).toHaveText(`Quokka tea ${TAG}`);
  await expect(page.getByText('Cheapest now: €3.49')).toBeVisible();
  await page.getByLabel('Language', {exact: true}).selectOption('fr');
  const fr = normalize(new Intl.NumberFormat('fr-FR', {style: 'currency', currency: 'EUR'}).format(3.49));
  assert.equal(fr, '3,49 €');
  await expect(page.locator('.best-line')).toHaveText(`Le moins cher : ${fr}`);
  const rows = await offerRows(page);
  assert.deepEqual(rows.map((r) => r.priceText), ['2,00 €', '3,49 €', '3,99 €', '4,99 €', '5,10 €']);
  await expect(page.getByRole('heading', {name: 'Où l’acheter'})).toBeVisible();
  await expect(page.getByText('Le moins cher', {exact: true})).toBeVisible();
  await checkA11y(page, 'b10-product-fr');
  await screenshots(page, 'b10-product-fr');
});

// The reductions shown on the home page's deal cards, in order (percent).
async function dealReductions(page) {
  const badges = await page.locator('.deal-cards .badge-sale').allInnerTexts();
  return badges.map((b) => Number(normalize(b).replace(/[^\d]/g, '')));
}

s.test('the home page lists sales near the browser\'s location, biggest reductions first',
  async ({page, context}) => {
    await fixture();
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation(HERE);
    await page.goto('/');
    await expect(heading(page)).toBeVisible();
    await expect(page.getByRole('link', {name: `Drinks ${TAG}`})).toBeVisible();
    await page.getByRole('button', {name: 'Use my location'}).click();
    await expect(page.getByText('Near your location,')).toBeVisible();
    const cards = page.locator('.deal-cards > li');
    await expect(cards.filter({hasText: `Quokka tea ${TAG}`})).toBeVisible();
    // Only the three store sales near Tromsø: tea -19%, coffee -14%, biscuits -17%.
    const titles = (await page.locator('.deal-cards .card-link').allInnerTexts()).map(normalize);
    assert.deepEqual(titles, [`Quokka tea ${TAG}`, `Quokka biscuits ${TAG}`, `Quokka coffee ${TAG}`]);
    const cuts = await dealReductions(page);
    assert.deepEqual(cuts, [19, 17, 14]);
    const tea = cards.filter({hasText: `Quokka tea ${TAG}`});
    await expect(tea).toContainText('€3.49');
    await expect(tea).toContainText(`In store Fixmart ${TAG}`);
    await expect(tea).toContainText(/\d+ m away/);
    await checkA11y(page, 'b10-home-near');
    await screenshots(page, 'b10-home-near');
    // A smaller radius leaves out the store further away (Tromsdalen, ~4 km).
    await page.getByLabel('within').selectOption('2');
    await expect(cards).toHaveCount(2);
    await expect(cards.filter({hasText: `Quokka biscuits ${TAG}`})).toHaveCount(0);
  });

s.test('the home page\'s sales come with their products: title, brand, no look-up each', async ({page, context}) => {
  await fixture();
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation(HERE);
  const lookups = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname.startsWith('/v1/products/')) lookups.push(req.url());
  });
  const near = await api(s.server, 'GET', `/v1/offers?on_sale=true&sort=reduction&limit=100&near=${
    HERE.latitude},${HERE.longitude}&radius_km=10`);
  const want = [...new Set(near.body.items.map((o) => o.product.title))];
  assert.ok(want.includes(`Quokka tea ${TAG}`), JSON.stringify(want));
  await page.goto('/');
  await page.getByRole('button', {name: 'Use my location'}).click();
  await expect(page.getByText('Near your location,')).toBeVisible();
  await expect(page.locator('.deal-cards .card-link').first()).toBeVisible();
  const titles = (await page.locator('.deal-cards .card-link').allInnerTexts()).map(normalize);
  assert.deepEqual(titles, want);
  const tea = page.locator('.deal-cards > li').filter({hasText: `Quokka tea ${TAG}`});
  await expect(tea).toContainText('€3.49');
  const brand = near.body.items.find((o) => o.product.title === `Quokka tea ${TAG}`).product.brand.name;
  await expect(tea).toContainText(brand);
  assert.deepEqual(lookups, []);
});

// Bytes of every response the page receives from now on (headers and body).
function weigh(page) {
  const w = {bytes: 0};
  page.on('requestfinished', async (req) => {
    const sz = await req.sizes().catch(() => null);
    if (sz) w.bytes += sz.responseHeadersSize + sz.responseBodySize;
  });
  return w;
}

s.test('a shopper with a home area sees the sales near it', async ({newPage, t}) => {
  await fixture();
  const shopper = await apiSignup(s.server, {name: 'Home Body'});
  const res = await api(s.server, 'PATCH', '/v1/me', {token: shopper.token,
    body: {home: {lat: HERE.latitude, lon: HERE.longitude}}});
  assert.equal(res.status, 200);
  const p = await newPage({token: shopper.token});
  const w = weigh(p);
  await p.goto('/', {waitUntil: 'networkidle'});
  await expect(p.getByText('Near your home area,')).toBeVisible();
  await expect(p.locator('.deal-cards').getByText(`Quokka coffee ${TAG}`)).toBeVisible();
  // The whole first page, the shopper's nearby sales included, under 100 KB.
  await p.waitForLoadState('networkidle');
  t.diagnostic(`home page near a home area: ${w.bytes} bytes`);
  assert.ok(w.bytes < 100 * 1024, `the home page transferred ${w.bytes} bytes`);
});

s.test('without a location the home page says so and still shows sales', async ({page, t}) => {
  await fixture();
  const w = weigh(page);
  await page.goto('/', {waitUntil: 'networkidle'});
  await expect(page.getByText('We don’t know where you are yet')).toBeVisible();
  await expect(page.getByRole('link', {name: 'Log in to set a home area'})).toBeVisible();
  await expect(page.getByText('The biggest real reductions anywhere:')).toBeVisible();
  const cuts = await dealReductions(page);
  assert.ok(cuts.length > 0, 'no sales shown');
  assert.deepEqual(cuts, [...cuts].sort((a, b) => b - a), `not by reduction: ${cuts}`);
  await page.waitForLoadState('networkidle');
  t.diagnostic(`home page without a location: ${w.bytes} bytes`);
  assert.ok(w.bytes < 100 * 1024, `the home page transferred ${w.bytes} bytes`);
  await checkA11y(page, 'b10-home');
  await screenshots(page, 'b10-home');
  // Refusing to share the location is explained, and the page keeps working.
  await page.context().clearPermissions();
  await page.getByRole('button', {name: 'Use my location'}).click();
  await expect(page.getByRole('status')).toContainText(/did not share your location|could not be found/);
  await expect(page.getByText('The biggest real reductions anywhere:')).toBeVisible();
});

s.test('a store page: hours in local time, open now, a map sketch, offers near it', async ({page}) => {
  await fixture();
  const st = F.stores[0];
  const fresh = (await api(s.server, 'GET', `/v1/stores/${st.id}`)).body;
  await page.goto(`/stores/${st.id}`);
  await expect(heading(page)).toHaveText(st.name);
  await expect(page.getByText(fresh.open_now ? 'Open now' : 'Closed now', {exact: true})).toBeVisible();
  await expect(page.getByRole('link', {name: `Fixmart ${TAG}`})).toBeVisible();
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(7);
  await expect(page.getByRole('row', {name: /Monday/})).toContainText('08:00–20:00');
  await expect(page.getByRole('row', {name: /Sunday/})).toContainText('Closed');
  // Today, in the store's own time zone.
  const today = new Intl.DateTimeFormat('en-GB', {weekday: 'long', timeZone: 'Europe/Oslo'})
    .format(new Date());
  await expect(page.getByRole('row', {name: new RegExp(`${today} Today`)})).toBeVisible();
  await expect(page.getByRole('img', {name: /Map sketch: .* and 2 other stores/})).toBeVisible();
  await expect(page.getByRole('link', {name: F.stores[1].name})).toBeVisible();
  await checkA11y(page, 'b10-store');
  await screenshots(page, 'b10-store');
  // Its offers: a search near the store's own point.
  await page.getByRole('link', {name: 'Offers near this store'}).click();
  await page.waitForURL((u) => new URL(u).pathname === '/search');
  const u = new URL(page.url());
  assert.equal(u.searchParams.get('near'), `${fresh.location.latitude},${fresh.location.longitude}`);
  assert.equal(u.searchParams.get('radius_km'), '2');
  const distance = page.getByLabel('Distance', {exact: true});
  assert.equal(normalize(await distance.locator('option:checked').innerText()), 'Near the chosen place');
  await expect(page.locator('.results').getByRole('link').first()).toBeVisible();
});

s.test('a retailer page lists its stores; a shopper follows and unfollows it', async ({page, newPage}) => {
  await fixture();
  await page.goto(`/retailers/${F.shop.id}`);
  await expect(heading(page)).toHaveText(`Fixmart ${TAG}`);
  await expect(page.getByRole('heading', {name: '3 stores'})).toBeVisible();
  await expect(page.getByRole('link', {name: 'Log in to follow this retailer'})).toBeVisible();
  const shopper = await apiSignup(s.server, {name: 'Fan'});
  const p = await newPage({token: shopper.token});
  await p.goto(`/retailers/${F.shop.id}`);
  await p.getByRole('button', {name: `Follow Fixmart ${TAG}`}).click();
  await expect(p.getByRole('status')).toHaveText(`You follow Fixmart ${TAG}.`);
  let follows = (await api(s.server, 'GET', '/v1/me/follows?kind=retailer', {token: shopper.token})).body;
  assert.deepEqual(follows.items.map((f) => f.id), [F.shop.id]);
  await checkA11y(p, 'b10-retailer');
  await screenshots(p, 'b10-retailer');
  await p.getByRole('button', {name: `Unfollow Fixmart ${TAG}`}).click();
  await expect(p.getByRole('button', {name: `Follow Fixmart ${TAG}`})).toBeVisible();
  follows = (await api(s.server, 'GET', '/v1/me/follows?kind=retailer', {token: shopper.token})).body;
  assert.deepEqual(follows.items, []);
});

// test_b30_console.mjs - the retailer's console in a real browser, as a
// staff member of a retailer of the test's own: uploading a feed with a bad
// line (the error on its line in the table), importing only the good lines
// and finding the new product with the header's search; editing an offer's
// sale (an error beside the field for a window that ends before it starts);
// finding the retailer's offers by a word of their products, page by page;
// adding and editing a store with hours and a date exception; an admin
// choosing the retailer.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {suite, expect, expectStatus, checkA11y, screenshots, normalize, poll, api, apiSignup, apiLogin,
  DEMO} from './lib/index.mjs';

const s = suite({seed: true});
const heading = (page) => page.getByRole('heading', {level: 1});
// After a navigation inside the app the address changes at once and the
// page is drawn a moment later: wait until the router has drawn it.
const settled = (page) => page.locator('#main:not([aria-busy])').waitFor();

// A new retailer and a staff account scoped to it (made by an admin through
// the API, as the admin pages would) -> {retailer, token, admin}.
async function staffOf(server, name) {
  const admin = await apiLogin(server, DEMO.admin);
  const tag = Date.now().toString(36);
  const r = await api(server, 'POST', '/v1/retailers', {token: admin, body: {name: `${name} ${tag}`, kind: 'grocery'}});
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const who = await apiSignup(server, {name: `Staff of ${name}`});
  const me = (await api(server, 'GET', '/v1/me', {token: who.token})).body;
  const p = await api(server, 'PATCH', `/v1/admin/users/${me.id}`, {token: admin,
    body: {role: 'staff', retailer_id: r.body.id}});
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return {retailer: r.body, token: await apiLogin(server, who.email, who.password), admin};
}

// A datetime-local value (the contexts run in UTC) `days` from now.
function localInput(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 16);
}

s.test('staff upload a feed with a bad line, import the good lines and find the product', async ({server, newPage}) => {
  const {retailer, token} = await staffOf(server, 'Feed Grocer');
  const title = 'Quokka Granola Crunch';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b30-'));
  const file = path.join(dir, 'feed.tsv');
  // Line 1 is the header, line 3 the bad one (a price without currency).
  fs.writeFileSync(file, ['id\ttitle\tprice\tavailability\tbrand',
    `QG-1\t${title}\t3.49 EUR\tin_stock\tQuokka`,
    'QG-2\tBroken Muesli\tfree\tin_stock\tQuokka',
    'QG-3\tWombat Oats\t2.99 EUR\tin_stock\t'].join('\n') + '\n');
  const page = await newPage({token});
  await page.goto('/me');
  await page.getByRole('link', {name: 'Retailer console'}).click();
  await expect(heading(page)).toHaveText('Retailer console');
  await expect(page.getByText('Working for')).toBeVisible();
  await page.getByRole('navigation', {name: 'Console'}).getByRole('link', {name: 'Feed upload'}).click();
  await expect(heading(page)).toHaveText('Feed upload');
  await checkA11y(page, 'b30-feeds');
  await screenshots(page, 'b30-feeds');

  await page.getByLabel('Feed file').setInputFiles(file);
  await page.getByLabel('A partial update').check();
  await expectStatus(page, 422, `/v1/retailers/${retailer.id}/feeds`, async () => {
    await page.getByRole('button', {name: 'Upload feed'}).click();
    await expect(page.getByRole('heading', {name: 'Nothing was imported'})).toBeVisible();
  });
  // The bad line's row: its line number, column and reason.
  const table = page.getByRole('table', {name: /1 bad line/});
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(2);
  const cells = (await rows.nth(1).getByRole('cell').allInnerTexts()).map(normalize);
  const lineNo = normalize(await rows.nth(1).getByRole('rowheader').innerText());
  assert.equal(lineNo, '3');
  assert.equal(cells[0], 'price');
  assert.match(cells[1], /ISO 4217/);
  // Every bad line as CSV, for a spreadsheet.
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', {name: 'Download the 1 listed line (CSV)'}).click()]);
  assert.equal(download.suggestedFilename(), 'feed-errors.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^line,column,reason\r\n3,price,[^\r]*ISO 4217/);
  await checkA11y(page, 'b30-feeds-errors');
  await screenshots(page, 'b30-feeds-errors');
  // Nothing was written.
  let offers = (await api(server, 'GET', `/v1/offers?retailer_id=${retailer.id}`)).body.items;
  assert.equal(offers.length, 0);

  await page.getByRole('button', {name: 'Import only the good lines'}).click();
  await expect(page.getByRole('heading', {name: 'Feed imported'})).toBeVisible();
  const summary = page.getByRole('region', {name: 'Feed imported'});
  await expect(summary).toContainText('2 of 3 lines imported.');
  const count = async (label) => normalize(await summary.locator('div', {has: page.getByText(label, {exact: true})})
    .locator('dd').innerText());
  assert.equal(await count('Created'), '2');
  assert.equal(await count('Updated'), '0');
  assert.equal(await count('Bad lines left out'), '1');
  await screenshots(page, 'b30-feeds-done');
  offers = (await api(server, 'GET', `/v1/offers?retailer_id=${retailer.id}`)).body.items;
  assert.deepEqual(offers.map((o) => o.item_id).sort(), ['QG-1', 'QG-3']);

  // The new product is found with the header's search box.
  await page.getByRole('searchbox', {name: 'Search products'}).fill('quokka granola');
  await page.getByRole('button', {name: 'Search', exact: true}).click();
  await page.waitForURL((u) => u.pathname === '/search');
  await expect(page.getByRole('link', {name: title}).first()).toBeVisible();
});

s.test('staff edit an offer: a sale ending before it starts is refused beside the field', async ({server, newPage}) => {
  const {retailer, token} = await staffOf(server, 'Offer Grocer');
  const title = 'Numbat Honey 500 g';
  const pub = await api(server, 'POST', '/v1/offers', {token, body: {item_id: 'NH-1', title,
    price: {amount: 799, currency: 'EUR'}}});
  assert.equal(pub.status, 201, JSON.stringify(pub.body));
  const page = await newPage({token});
  await page.goto('/console/offers');
  await expect(heading(page)).toHaveText('Offers');
  const row = page.getByRole('row', {name: new RegExp(title)});
  await expect(row).toContainText('€7.99');
  await checkA11y(page, 'b30-offers');
  await screenshots(page, 'b30-offers');

  await page.getByRole('button', {name: `Edit the offer of ${title}`}).click();
  const dialog = page.getByRole('dialog', {name: 'Edit offer'});
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Sale price (EUR)').fill('5,49');
  await dialog.getByLabel('Sale starts').fill(localInput(3));
  const end = dialog.getByLabel('Sale ends');
  await end.fill(localInput(2));
  await expectStatus(page, 422, `/v1/offers/${pub.body.id}`, async () => {
    await dialog.getByRole('button', {name: 'Save'}).click();
    await expect(end).toHaveAttribute('aria-invalid', 'true');
  });
  const said = await end.evaluate((el) => el.getAttribute('aria-describedby').split(/\s+/)
    .map((id) => document.getElementById(id)).filter((e) => e && !e.hidden).map((e) => e.textContent).join(' '));
  assert.match(said, /after sale_start|ends before it starts/);
  assert.equal(await dialog.getByLabel('Sale price (EUR)').getAttribute('aria-invalid'), null);
  await checkA11y(page, 'b30-offer-edit-error');
  await screenshots(page, 'b30-offer-edit-error');
  // The offer is unchanged.
  assert.equal((await api(server, 'GET', `/v1/offers/${pub.body.id}`)).body.sale_price, null);

  // A window that ends after it starts is saved.
  const start = localInput(-1);
  await dialog.getByLabel('Sale starts').fill(start);
  await end.fill(localInput(6));
  await dialog.getByRole('button', {name: 'Save'}).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`The offer of ${title} is saved.`)).toBeVisible();
  await expect(row).toContainText('€5.49');
  await expect(row).toContainText('on sale');
  const after = (await api(server, 'GET', `/v1/offers/${pub.body.id}`)).body;
  assert.deepEqual(after.sale_price, {amount: 549, currency: 'EUR'});
  assert.equal(after.sale_start, `${start}:00Z`);
  assert.equal(after.on_sale, true);
  assert.equal(after.retailer_id, retailer.id);

  // The "on sale now" filter keeps it; the store filter (a store without it) does not.
  await page.getByLabel('On sale now only').check();
  await page.getByRole('button', {name: 'Show offers'}).click();
  await page.waitForURL((u) => u.searchParams.get('on_sale') === 'true');
  await settled(page);
  await expect(page.getByRole('row', {name: new RegExp(title)})).toBeVisible();
  await page.getByLabel('Product name').fill('numbat');
  await page.getByRole('button', {name: 'Show offers'}).click();
  await page.waitForURL((u) => u.searchParams.get('q') === 'numbat' && u.searchParams.get('on_sale') === 'true');
  await settled(page);
  await expect(page.getByRole('row', {name: new RegExp(title)})).toBeVisible();
});

// The product cells of the offers table: [{title, item}] in order.
async function offerCells(page) {
  return page.locator('table.offers-table tbody .product-cell').evaluateAll((cells) => cells.map((c) =>
    ({title: c.querySelector('a').textContent, item: c.querySelector('.muted').textContent})));
}

s.test('staff find their offers by a word of the product, every one, page by page', async ({server, newPage}) => {
  const {retailer, token, admin} = await staffOf(server, 'Jam Grocer');
  const word = `w${crypto.randomBytes(3).toString('hex')}`; // one search word of this run
  // More products with the word than one page of offers holds, among offers
  // without it, and another retailer's offer with it.
  const flavours = ['Apricot', 'Bilberry', 'Cherry', 'Damson', 'Elderberry', 'Fig', 'Gooseberry', 'Huckleberry',
    'Kiwi', 'Lemon', 'Mango', 'Nectarine', 'Orange', 'Peach', 'Quince', 'Raspberry', 'Strawberry', 'Tangerine',
    'Ugli', 'Victoria plum', 'Watermelon', 'Yuzu', 'Zante currant'];
  const publish = async (tok, body) => {
    const res = await api(server, 'POST', '/v1/offers', {token: tok, body: {price: {amount: 250, currency: 'EUR'},
      ...body}});
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const made = [];
  for (const [i, f] of flavours.entries()) {
    made.push(await publish(token, {item_id: `JAM-${i}`, title: `${f} jam ${word}`}));
    if (i % 8 === 0) await publish(token, {item_id: `OAT-${i}`, title: `Rolled oats ${i}`});
  }
  const other = await api(server, 'POST', '/v1/retailers', {token: admin, body: {name: `Other ${word}`,
    kind: 'grocery'}});
  await publish(admin, {retailer_id: other.body.id, item_id: 'JAM-X', title: `Blackcurrant jam ${word}`});
  // What the API lists for the word, in the page's order (oldest first).
  const want = [];
  for (let cursor = ''; ;) {
    const res = await api(server, 'GET', `/v1/offers?retailer_id=${retailer.id}&q=${word}&limit=7${cursor}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    want.push(...res.body.items.map((o) => ({title: o.product.title, item: o.item_id})));
    if (!res.body.next_cursor) break;
    cursor = `&cursor=${encodeURIComponent(res.body.next_cursor)}`;
  }
  assert.deepEqual(want.map((o) => o.item).sort(), made.map((o) => o.item_id).sort());
  assert.ok(new Set(made.map((o) => o.product_id)).size > 10);

  const page = await newPage({token});
  const asked = [];
  page.on('request', (req) => asked.push(new URL(req.url()).pathname));
  await page.goto('/console/offers');
  await expect(heading(page)).toHaveText('Offers');
  await page.getByLabel('Product name').fill(word.toUpperCase());
  await page.getByRole('button', {name: 'Show offers'}).click();
  await page.waitForURL((u) => u.searchParams.get('q') === word.toUpperCase());
  await settled(page);
  // A first page, then "Show more" until every offer is listed, in order.
  const more = page.getByRole('button', {name: 'Show more'});
  await expect(more).toBeVisible();
  const first = await offerCells(page);
  assert.ok(first.length > 0 && first.length < want.length, `${first.length} rows on the first page`);
  assert.deepEqual(first, want.slice(0, first.length));
  await checkA11y(page, 'b30-offers-q');
  await screenshots(page, 'b30-offers-q');
  const rows = page.locator('table.offers-table tbody tr');
  let lastPage = 0; // the row the last "Show more" added first
  for (let pages = 1; await more.isVisible(); pages += 1) {
    assert.ok(pages < want.length, 'more pages than offers');
    const n = await rows.count();
    await more.focus();
    await page.keyboard.press('Enter'); // as a keyboard user
    await poll(async () => (await rows.count()) > n, `more than ${n} rows after "Show more"`);
    lastPage = n;
  }
  assert.deepEqual(await offerCells(page), want);
  // The last page hid the button that had focus: focus is on its first row.
  await poll(async () => (await page.evaluate(() => [...document.querySelectorAll(
    'table.offers-table tbody tr')].indexOf(document.activeElement))) === lastPage,
  'focus on the first row of the last page');
  await expect(page.getByRole('button', {name: `Edit the offer of ${want.at(-1).title}`})).toBeVisible();
  // The titles came with the offers: no product looked up one by one.
  assert.deepEqual(asked.filter((p) => p.startsWith('/v1/products/') || p === '/v1/search'), []);

  // Words without a letter or digit are refused beside the field.
  const q = page.getByLabel('Product name');
  await q.fill('%%');
  await expectStatus(page, 422, '/v1/offers', async () => {
    await page.getByRole('button', {name: 'Show offers'}).click();
    await page.waitForURL((u) => u.searchParams.get('q') === '%%');
    await settled(page);
    await expect(page.getByLabel('Product name')).toHaveAttribute('aria-invalid', 'true');
  });
  await expect(page.getByText('must contain a letter or a digit')).toBeVisible();
  await expect(page.getByText('Please correct the marked fields.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByText('No offers match.')).toHaveCount(0);
  await checkA11y(page, 'b30-offers-q-error');
});

s.test('staff add a store with hours and a closed date, then edit it', async ({server, newPage}) => {
  const {retailer, token} = await staffOf(server, 'Store Grocer');
  const page = await newPage({token});
  await page.goto('/console');
  await expect(page.getByText('No stores yet.')).toBeVisible();
  await checkA11y(page, 'b30-console');
  await screenshots(page, 'b30-console');
  await page.getByRole('link', {name: 'Add a store'}).first().click();
  await expect(heading(page)).toHaveText('Add a store');
  await page.getByLabel('Store name').fill('Södermalm');
  await page.getByLabel('Store code').fill('SOD-1');
  await page.getByLabel('Street address').fill('Götgatan 1');
  await page.getByLabel('City').fill('Stockholm');
  await page.getByLabel('Time zone').fill('Europe/Stockholm');
  await page.getByLabel('Latitude').fill('59.3167');
  await page.getByLabel('Longitude').fill('18.0717');
  await page.getByRole('button', {name: 'Add opening hours'}).click();
  await page.getByLabel('Day, row 1').selectOption({label: 'Monday'});
  await page.getByLabel('Opens, row 1').fill('08:00');
  await page.getByLabel('Closes, row 1').fill('20:00');
  await page.getByRole('button', {name: 'Add opening hours'}).click();
  await page.getByLabel('Day, row 2').selectOption({label: 'Saturday'});
  await page.getByLabel('Opens, row 2').fill('10:00');
  await page.getByLabel('Closes, row 2').fill('16:00');
  await page.getByRole('button', {name: 'Add a date'}).click();
  await page.getByLabel('Date, exception 1').fill('2026-12-24');
  await page.getByLabel('Closed all day').check();
  await checkA11y(page, 'b30-store-new');
  await screenshots(page, 'b30-store-new');
  await page.getByRole('button', {name: 'Create store'}).click();
  await expect(page.getByText('The store is created.')).toBeVisible();
  await expect(heading(page)).toHaveText('Edit store: Södermalm');
  const id = new URL(page.url()).pathname.split('/').pop();
  let store = (await api(server, 'GET', `/v1/stores/${id}`)).body;
  assert.equal(store.retailer_id, retailer.id);
  assert.equal(store.time_zone, 'Europe/Stockholm');
  assert.deepEqual(store.location, {latitude: 59.3167, longitude: 18.0717});
  assert.deepEqual(store.hours, [{weekday: 1, opens: '08:00', closes: '20:00'},
    {weekday: 6, opens: '10:00', closes: '16:00'}]);
  assert.equal(store.exceptions.length, 1);
  assert.equal(store.exceptions[0].date, '2026-12-24');
  assert.equal(store.exceptions[0].closed, true);
  await checkA11y(page, 'b30-store-edit');
  await screenshots(page, 'b30-store-edit');

  // A bad closing time is refused beside that row's field.
  const closes = page.getByLabel('Closes, row 2');
  await closes.fill('25:99');
  await expectStatus(page, 422, `/v1/stores/${id}`, async () => {
    await page.getByRole('button', {name: 'Save store'}).click();
    await expect(closes).toHaveAttribute('aria-invalid', 'true');
  });
  // Removing the first row renumbers the rest; the save goes through.
  await closes.fill('17:00');
  await page.getByRole('button', {name: 'Remove hours row 1'}).click();
  await page.getByRole('button', {name: 'Save store'}).click();
  await expect(page.getByText('Södermalm is saved.')).toBeVisible();
  store = (await api(server, 'GET', `/v1/stores/${id}`)).body;
  assert.deepEqual(store.hours, [{weekday: 6, opens: '10:00', closes: '17:00'}]);
  // The overview lists it.
  await page.getByRole('navigation', {name: 'Console'}).getByRole('link', {name: 'Stores'}).click();
  await expect(page.getByRole('link', {name: 'Edit Södermalm'})).toBeVisible();
});

s.test('an admin chooses the retailer to work for', async ({server, newPage}) => {
  const {retailer, admin} = await staffOf(server, 'Admin Pick');
  const page = await newPage({token: admin});
  await page.goto('/console');
  await expect(page.getByText('As an administrator, choose the retailer to work for.')).toBeVisible();
  await checkA11y(page, 'b30-console-admin');
  await page.getByLabel('Retailer', {exact: true}).selectOption({label: retailer.name});
  await page.getByRole('button', {name: 'Open'}).click();
  await expect(page.locator('.console-who')).toContainText(retailer.name);
  await page.goto('/console/offers');
  await expect(page.locator('.console-who')).toContainText(retailer.name);
  // The console speaks Swedish and French too.
  await page.getByLabel('Language', {exact: true}).selectOption('sv');
  await expect(heading(page)).toHaveText('Erbjudanden');
  await expect(page.getByRole('button', {name: 'Visa erbjudanden'})).toBeVisible();
  await page.getByLabel('Språk', {exact: true}).selectOption('fr');
  await expect(heading(page)).toHaveText('Offres');
  await page.getByRole('navigation', {name: 'Console'}).getByRole('link', {name: 'Envoi de flux'}).click();
  await expect(heading(page)).toHaveText('Envoi de flux');
  await expect(page.getByLabel('Un instantané complet')).toBeVisible();
  await screenshots(page, 'b30-feeds-fr');
});

s.test('a shopper is not let into the console', async ({server, newPage}) => {
  const who = await apiSignup(server, {name: 'Nosy Shopper'});
  const page = await newPage({token: who.token});
  await page.goto('/console/feeds');
  await expect(heading(page)).toHaveText('Not for this account');
  assert.equal(await page.getByRole('link', {name: 'Retailer console'}).count(), 0);
});

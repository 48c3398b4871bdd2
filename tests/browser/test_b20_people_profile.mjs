// test_b20_people_profile.mjs - the shopper's profile page in a real
// browser: interests chosen from the catalog's lists and free tags, the
// coarse area typed as coordinates (snapped to the ~1 km grid by the
// server), errors beside their fields, privacy and consents, the data
// export as a downloaded JSON file, and account deletion with its password
// confirmation, after which the login fails.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {suite, expect, expectStatus, checkA11y, screenshots, api, apiSignup, apiLogin, DEMO,
  uniqueEmail} from './lib/index.mjs';

const s = suite({seed: true});
const heading = (page) => page.getByRole('heading', {level: 1});

// A category and a brand of our own, so the test does not depend on which
// the demo data holds. Admins create categories; staff or admins brands.
async function catalogThings(server) {
  const admin = await apiLogin(server, DEMO.admin);
  const tag = Date.now().toString(36);
  const cat = await api(server, 'POST', '/v1/categories', {token: admin, body: {name: `Picnic ${tag}`}});
  assert.equal(cat.status, 201, JSON.stringify(cat.body));
  const brand = await api(server, 'POST', '/v1/brands', {token: admin, body: {name: `Fjällbrand ${tag}`}});
  assert.equal(brand.status, 201, JSON.stringify(brand.body));
  return {cat: cat.body, brand: brand.body};
}

// The text of an input's accessible description (hint and error).
const described = (locator) => locator.evaluate((el) => (el.getAttribute('aria-describedby') || '')
  .split(/\s+/).map((id) => document.getElementById(id)).filter((e) => e && !e.hidden)
  .map((e) => e.textContent).join(' '));

s.test('a shopper sets interests and area on the profile', async ({server, newPage}) => {
  const {cat, brand} = await catalogThings(server);
  const who = await apiSignup(server, {name: 'Ines Interests'});
  const page = await newPage({token: who.token});
  await page.goto('/me/follows');
  await page.getByRole('link', {name: 'Profile'}).click();
  await expect(heading(page)).toHaveText('Your profile');
  await checkA11y(page, 'b20-profile');
  await screenshots(page, 'b20-profile');

  // Interests: a category and a brand from the lists, and tags.
  await page.getByLabel('Category to add').selectOption({label: cat.name});
  await page.getByRole('button', {name: 'Add category'}).click();
  await page.getByLabel('Brand to add').selectOption({label: brand.name});
  await page.getByRole('button', {name: 'Add brand'}).click();
  await expect(page.getByRole('list', {name: 'Categories'})).toContainText(cat.name);
  await expect(page.getByRole('list', {name: 'Brands'})).toContainText(brand.name);
  await page.getByLabel('Your own tags').fill('Vegan,  trail   running ');
  const interests = page.getByRole('region', {name: 'Interests'});
  await interests.getByRole('button', {name: 'Save interests'}).click();
  await expect(interests.getByRole('status')).toHaveText('Saved.');
  let me = (await api(server, 'GET', '/v1/me', {token: who.token})).body;
  assert.deepEqual(me.profile.interests.categories.map((c) => c.id), [cat.id]);
  assert.deepEqual(me.profile.interests.brands.map((b) => b.id), [brand.id]);
  // The server trims, collapses spaces and lower-cases ASCII letters.
  assert.deepEqual(me.profile.interests.tags.sort(), ['trail running', 'vegan']);

  // Area: typed coordinates; what is typed wrong is said beside its field.
  const area = page.getByRole('region', {name: 'Your area'});
  await expect(area).toContainText('You have not set an area.');
  await expect(area).toContainText('~1 km');
  const lat = page.getByLabel('Latitude', {exact: true});
  const lon = page.getByLabel('Longitude', {exact: true});
  await lat.fill('north');
  await lon.fill('18.0686');
  await area.getByRole('button', {name: 'Save area'}).click();
  await expect(lat).toHaveAttribute('aria-invalid', 'true');
  assert.match(await described(lat), /must be a number of degrees/i);
  // Out of range: the API's 422 on /home/lat lands beside the latitude.
  await lat.fill('95');
  await expectStatus(page, 422, '/v1/me', async () => {
    await area.getByRole('button', {name: 'Save area'}).click();
    await expect(lat).toHaveAttribute('aria-invalid', 'true');
  });
  assert.match(await described(lat), /90/);
  assert.equal(await lon.getAttribute('aria-invalid'), null, 'the longitude was marked too');
  await lat.fill('59,3293'); // a decimal comma, as typed in Sweden
  await area.getByRole('button', {name: 'Save area'}).click();
  await expect(area.getByRole('status')).toContainText('Area saved');
  // Stockholm snaps to 59.33 N, 18.06 E (docs/api-people.md).
  await expect(area).toContainText('Your area is around 59.33, 18.06.');
  me = (await api(server, 'GET', '/v1/me', {token: who.token})).body;
  assert.deepEqual(me.profile.home, {lat: 59.33, lon: 18.06});
  await screenshots(page, 'b20-profile-saved');

  // Privacy and consents.
  const privacy = page.getByRole('region', {name: 'Privacy and consents'});
  await page.getByLabel('Who sees your ~1 km area').selectOption('nobody');
  await page.getByLabel('Personalised deals').check();
  await privacy.getByRole('button', {name: 'Save privacy settings'}).click();
  await expect(privacy.getByRole('status')).toHaveText('Saved.');
  me = (await api(server, 'GET', '/v1/me', {token: who.token})).body;
  assert.equal(me.profile.privacy.area, 'nobody');
  assert.equal(me.profile.consents.personalised_deals.granted, true);
  assert.equal(me.profile.consents.insights.granted, false);

  // After a reload the page shows what was saved; clearing the area.
  await page.reload();
  await expect(page.getByRole('list', {name: 'Categories'})).toContainText(cat.name);
  assert.equal(await page.getByLabel('Personalised deals').isChecked(), true);
  await page.getByRole('button', {name: 'Clear my area'}).click();
  await expect(area).toContainText('You have not set an area.');
  me = (await api(server, 'GET', '/v1/me', {token: who.token})).body;
  assert.equal(me.profile.home, null);
});

s.test('the profile page reads in Swedish and French', async ({server, newPage}) => {
  const who = await apiSignup(server, {name: 'Lars Lang'});
  for (const [lang, title, area] of [['sv', 'Din profil', 'Ditt område'], ['fr', 'Votre profil', 'Votre secteur']]) {
    const page = await newPage({token: who.token, lang});
    await page.goto('/me');
    await expect(heading(page)).toHaveText(title);
    await expect(page.getByRole('heading', {name: area})).toBeVisible();
    await checkA11y(page, `b20-profile-${lang}`);
  }
});

s.test('a shopper downloads their data as a JSON file', async ({server, newPage}) => {
  const email = uniqueEmail('b20export');
  const who = await apiSignup(server, {email, name: 'Edda Export'});
  const page = await newPage({token: who.token});
  await page.goto('/me');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', {name: 'Download my data'}).click(),
  ]);
  assert.match(download.suggestedFilename(), /^agora-export-\d+-\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.format, 'agora-export/1');
  assert.equal(doc.account.email, email);
  assert.equal(doc.account.display_name, 'Edda Export');
  await expect(page.getByText('Your data is downloaded.')).toBeVisible();
});

s.test('a shopper deletes their account after confirming with the password', async ({server, newPage}) => {
  const email = uniqueEmail('b20delete');
  const password = 'a long enough secret';
  const who = await apiSignup(server, {email, password, name: 'Dora Delete'});
  const page = await newPage({token: who.token});
  await page.goto('/me');
  await page.getByRole('button', {name: 'Delete my account…'}).click();
  const confirm = page.getByRole('button', {name: 'Delete my account for good'});
  await expect(confirm).toBeVisible();
  const pw = page.getByLabel('Your password', {exact: true});
  // The confirmation puts the focus on the password.
  assert.ok(await pw.evaluate((el) => el === document.activeElement), 'focus is not on the password');
  await checkA11y(page, 'b20-delete-confirm');
  await screenshots(page, 'b20-delete-confirm');
  // Cancel keeps the account.
  await page.getByRole('button', {name: 'Cancel', exact: true}).click();
  await expect(confirm).toBeHidden();
  await page.getByRole('button', {name: 'Delete my account…'}).click();
  // A wrong password is refused beside the field, and nothing is erased.
  await pw.fill('not my password');
  await expectStatus(page, 422, '/v1/me', async () => {
    await confirm.click();
    await expect(pw).toHaveAttribute('aria-invalid', 'true');
  });
  assert.equal((await api(server, 'GET', '/v1/me', {token: who.token})).status, 200);
  await pw.fill(password);
  await confirm.click();
  // Signed out, on the home page.
  await page.waitForURL((u) => u.pathname === '/');
  await expect(page.getByRole('link', {name: 'Log in'})).toBeVisible();
  await page.locator('#main:not([aria-busy])').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('agora.token')), null);
  // The session is gone, and logging in again fails.
  assert.equal((await api(server, 'GET', '/v1/me', {token: who.token})).status, 401);
  await page.goto('/login');
  await page.getByLabel('E-mail', {exact: true}).fill(email);
  await page.getByLabel('Password', {exact: true}).fill(password);
  await expectStatus(page, 401, '/v1/auth/login', async () => {
    await page.getByRole('button', {name: 'Log in'}).click();
    await expect(page.getByRole('alert')).toBeVisible();
  });
  await expect(page.getByRole('link', {name: 'Log in'})).toBeVisible();
});

// test_b21_people_friends.mjs - friends and follows in a real browser: two
// shoppers in two browser contexts, one sends a friend request by the
// other's shopper number, the other accepts it; declining and cancelling;
// removing a friend after confirming; following and unfollowing retailers
// and brands.

import assert from 'node:assert/strict';
import {suite, expect, checkA11y, screenshots, api, apiSignup, apiLogin, DEMO} from './lib/index.mjs';

const s = suite({seed: true});
const heading = (page) => page.getByRole('heading', {level: 1});

s.test('two shoppers become friends: a request sent and accepted', async ({server, newPage}) => {
  const ann = await apiSignup(server, {name: 'Ann Asker'});
  const bo = await apiSignup(server, {name: 'Bo Answerer'});
  const annPage = await newPage({token: ann.token});
  const boPage = await newPage({token: bo.token});

  // Bo reads his shopper number off his friends page and tells Ann.
  await boPage.goto('/me');
  await boPage.getByRole('link', {name: 'Friends'}).first().click();
  await expect(heading(boPage)).toHaveText('Friends');
  const number = (await boPage.locator('.shopper-no').innerText()).trim();
  const boMe = (await api(server, 'GET', '/v1/me', {token: bo.token})).body;
  assert.equal(number, boMe.id);
  await expect(boPage.getByRole('region', {name: 'Invite a friend'}))
    .toContainText(`/me/friends?add=${number}`);

  // Ann finds Bo by the number and asks.
  await annPage.goto('/me/friends');
  await checkA11y(annPage, 'b21-friends-empty');
  await annPage.getByLabel('Their shopper number or invitation link').fill(number);
  await annPage.getByRole('button', {name: 'Find'}).click();
  const add = annPage.getByRole('region', {name: 'Add a friend'});
  await expect(add).toContainText('Bo Answerer');
  await expect(add).toContainText('Not your friend yet.');
  await add.getByRole('button', {name: 'Send friend request'}).click();
  await expect(add).toContainText('Request sent to Bo Answerer.');
  const sent = annPage.getByRole('list', {name: 'Requests you sent'});
  await expect(sent).toContainText('Bo Answerer');
  await expect(sent).toContainText('waiting since');

  // Bo sees the request (after a reload) and accepts it.
  await boPage.reload();
  const incoming = boPage.getByRole('list', {name: 'Requests for you'});
  await expect(incoming).toContainText('Ann Asker');
  await checkA11y(boPage, 'b21-friends-request');
  await screenshots(boPage, 'b21-friends-request');
  await boPage.getByRole('button', {name: 'Accept Ann Asker'}).click();
  await expect(boPage.getByText('You and Ann Asker are now friends.')).toBeVisible();
  await expect(boPage.getByRole('list', {name: 'Your friends'})).toContainText('Ann Asker');
  await expect(boPage.getByText('No requests are waiting for you.')).toBeVisible();

  // Ann sees Bo among her friends; the API agrees on both sides.
  await annPage.reload();
  await expect(annPage.getByRole('list', {name: 'Your friends'})).toContainText('Bo Answerer');
  await expect(annPage.getByText('You have no requests waiting.')).toBeVisible();
  await screenshots(annPage, 'b21-friends');
  for (const [tok, other] of [[ann.token, 'Bo Answerer'], [bo.token, 'Ann Asker']]) {
    const list = (await api(server, 'GET', '/v1/me/friends', {token: tok})).body.items;
    assert.deepEqual(list.map((f) => f.shopper.display_name), [other]);
  }

  // Removing asks first; Cancel keeps the friend, confirming removes.
  await annPage.getByRole('button', {name: 'Remove', exact: true}).click();
  await expect(annPage.getByText('Remove Bo Answerer from your friends?')).toBeVisible();
  await annPage.getByRole('button', {name: 'Cancel', exact: true}).click();
  await expect(annPage.getByRole('list', {name: 'Your friends'})).toContainText('Bo Answerer');
  await annPage.getByRole('button', {name: 'Remove', exact: true}).click();
  await annPage.getByRole('button', {name: 'Yes, remove'}).click();
  await expect(annPage.getByText('Bo Answerer is no longer your friend.')).toBeVisible();
  await expect(annPage.getByText('No friends yet: invite someone above.')).toBeVisible();
  assert.deepEqual((await api(server, 'GET', '/v1/me/friends', {token: bo.token})).body.items, []);
});

s.test('an invitation link shows who it is; declining and cancelling requests', async ({server, newPage}) => {
  const cy = await apiSignup(server, {name: 'Cy Cancel'});
  const di = await apiSignup(server, {name: 'Di Decline'});
  const diMe = (await api(server, 'GET', '/v1/me', {token: di.token})).body;
  const cyPage = await newPage({token: cy.token});
  // The link Di shared opens with Di already found.
  await cyPage.goto(`/me/friends?add=${diMe.id}`);
  const add = cyPage.getByRole('region', {name: 'Add a friend'});
  await expect(add).toContainText('Di Decline');
  await add.getByRole('button', {name: 'Send friend request'}).click();
  await expect(add).toContainText('Request sent to Di Decline.');
  // Cy takes it back.
  await cyPage.getByRole('button', {name: 'Cancel request to Di Decline'}).click();
  await expect(cyPage.getByText('Your request to Di Decline is cancelled.')).toBeVisible();
  await expect(cyPage.getByText('You have no requests waiting.')).toBeVisible();
  // Asks again; Di declines; Cy sees it declined.
  await cyPage.getByLabel('Their shopper number or invitation link').fill(`http://example.test/me/friends?add=${diMe.id}`);
  await cyPage.getByRole('button', {name: 'Find'}).click();
  await add.getByRole('button', {name: 'Send friend request'}).click();
  await expect(add).toContainText('Request sent to Di Decline.');
  const diPage = await newPage({token: di.token});
  await diPage.goto('/me/friends');
  await diPage.getByRole('button', {name: 'Decline Cy Cancel'}).click();
  await expect(diPage.getByText('You declined Cy Cancel’s request.')).toBeVisible();
  await cyPage.reload();
  await expect(cyPage.getByRole('list', {name: 'Requests you sent'})).toContainText('declined on');
  // A number nobody has is said beside the field.
  const field = cyPage.getByLabel('Their shopper number or invitation link');
  await field.fill('not a number');
  await cyPage.getByRole('button', {name: 'Find'}).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
});

s.test('a shopper follows and unfollows retailers and brands', async ({server, newPage}) => {
  const admin = await apiLogin(server, DEMO.admin);
  const tag = Date.now().toString(36);
  const shop = (await api(server, 'POST', '/v1/retailers', {token: admin,
    body: {name: `Follow Mart ${tag}`, kind: 'grocery'}})).body;
  const brand = (await api(server, 'POST', '/v1/brands', {token: admin,
    body: {name: `Zzfollow ${tag}`}})).body;
  const who = await apiSignup(server, {name: 'Fay Follower'});
  const page = await newPage({token: who.token});
  await page.goto('/me/friends');
  await page.getByRole('link', {name: 'Following'}).click();
  await expect(heading(page)).toHaveText('Following');
  await expect(page.getByText('You follow nobody yet: choose below.')).toBeVisible();
  await checkA11y(page, 'b21-follows');
  await page.getByRole('button', {name: `Follow ${shop.name}`}).click();
  await expect(page.getByText(`You follow ${shop.name}.`)).toBeVisible();
  await page.getByLabel('Find a brand').fill(brand.name);
  await page.getByRole('button', {name: `Follow ${brand.name}`}).click();
  const mine = page.getByRole('list', {name: 'You follow'});
  await expect(mine).toContainText(shop.name);
  await expect(mine).toContainText(brand.name);
  let follows = (await api(server, 'GET', '/v1/me/follows', {token: who.token})).body.items;
  assert.deepEqual(follows.map((f) => `${f.kind}:${f.id}`).sort(),
    [`brand:${brand.id}`, `retailer:${shop.id}`].sort());
  await screenshots(page, 'b21-follows');
  // After a reload, unfollow the retailer from "You follow".
  await page.reload();
  await mine.getByRole('button', {name: `Unfollow ${shop.name}`}).click();
  await expect(page.getByText(`You no longer follow ${shop.name}.`)).toBeVisible();
  // Every button of that retailer now offers to follow again.
  await expect(page.getByRole('button', {name: `Follow ${shop.name}`})).toHaveCount(2);
  follows = (await api(server, 'GET', '/v1/me/follows', {token: who.token})).body.items;
  assert.deepEqual(follows.map((f) => `${f.kind}:${f.id}`), [`brand:${brand.id}`]);
});

s.test('a staff account is told that friends are for shoppers', async ({server, newPage}) => {
  const staff = await apiLogin(server, DEMO.grocer);
  const page = await newPage({token: staff});
  await page.goto('/me/friends');
  await expect(heading(page)).toHaveText('Friends');
  await expect(page.getByText('Friends are for shopper accounts.')).toBeVisible();
});

// accounts.mjs - accounts for browser tests: the demo logins, new accounts
// made through the API (fast fixtures: a test that is not about signing up
// starts already signed in), and the same steps a person takes in the UI
// (sign up, log in, log out), driven through labels and roles in English.

import crypto from 'node:crypto';
import {expect} from './expect.mjs';

// The demo data set's logins (agora seed --demo; all share one password).
export const DEMO = {
  password: 'agora-demo',
  admin: 'admin@demo.agora.test',
  shopper: 'shopper@demo.agora.test',
  friend: 'friend@demo.agora.test',
  grocer: 'grocer@demo.agora.test',
  sports: 'sports@demo.agora.test',
  electro: 'electro@demo.agora.test',
  dept: 'dept@demo.agora.test',
};

// A fresh address for a new account: "tag-k3x9q1-8f2a@example.test".
export function uniqueEmail(tag = 'user') {
  return `${tag}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}@example.test`;
}

// api(server, 'POST', '/v1/...', {token, body}) -> {status, body}: a call to
// the API outside the browser (fixtures and checks of what the UI did).
export async function api(server, method, path, {token, body, headers = {}} = {}) {
  const h = {Accept: 'application/json', ...headers};
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && !h['Idempotency-Key']) h['Idempotency-Key'] = crypto.randomUUID();
  const res = await fetch(server.url + path, {method, headers: h,
    body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  return {status: res.status, body: data};
}

// A new shopper made through the API -> {email, password, name, token, account}.
export async function apiSignup(server, {email = uniqueEmail(), password = 'correct horse battery',
  name = 'Test Shopper'} = {}) {
  const res = await api(server, 'POST', '/v1/auth/signup', {body: {email, password, display_name: name}});
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`signup of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return {email, password, name, token: res.body.token, account: res.body.account || null};
}

// A session token for an existing account (e.g. DEMO.shopper).
export async function apiLogin(server, email, password = DEMO.password) {
  const res = await api(server, 'POST', '/v1/auth/login', {body: {email, password}});
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

// Signs up through the sign-up page, as a person would; returns once the
// header shows the account signed in.
export async function uiSignup(page, {email = uniqueEmail(), password = 'correct horse battery',
  name = 'Test Shopper'} = {}) {
  await page.goto('/signup');
  await page.getByLabel('Your name', {exact: true}).fill(name);
  await page.getByLabel('E-mail', {exact: true}).fill(email);
  await page.getByLabel('Password', {exact: true}).fill(password);
  await page.getByRole('button', {name: 'Create account'}).click();
  await expect(page.getByRole('button', {name: 'Log out'})).toBeVisible();
  return {email, password, name};
}

// Logs in through the log-in page; returns once signed in.
export async function uiLogin(page, email, password = DEMO.password) {
  await page.goto('/login');
  await page.getByLabel('E-mail', {exact: true}).fill(email);
  await page.getByLabel('Password', {exact: true}).fill(password);
  await page.getByRole('button', {name: 'Log in'}).click();
  await expect(page.getByRole('button', {name: 'Log out'})).toBeVisible();
}

// Logs out with the header's button; returns once the header offers to log in.
export async function uiLogout(page) {
  await page.getByRole('button', {name: 'Log out'}).click();
  await expect(page.getByRole('link', {name: 'Log in'})).toBeVisible();
}

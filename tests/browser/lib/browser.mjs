// browser.mjs - launches Debian's Chromium through playwright-core.
//
// playwright-core ships no browser and is never allowed to fetch one: the
// executable is always Debian's (/usr/bin/chromium, or AGORA_CHROMIUM).
// Playwright's launch() starts it with a fresh, temporary --user-data-dir of
// its own (removed when the browser closes), so no profile, cookie or cache
// survives from one run to the next; the flags below keep the browser from
// reaching out to the network on its own (updates, sync, safe browsing
// lists, field trials), since the machines have no internet and a test must
// only ever talk to the agora it started.

import fs from 'node:fs';
import {chromium} from 'playwright-core';

export const CHROMIUM = process.env.AGORA_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
];

// launchBrowser() -> a playwright Browser. Headless; --no-sandbox only when
// running as root (Chromium refuses to start its sandbox as root).
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/deps.sh test (Debian's chromium package)`);
  }
  const args = [...CHROMIUM_ARGS];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  return chromium.launch({executablePath: CHROMIUM, headless: true, args, timeout: 30000});
}

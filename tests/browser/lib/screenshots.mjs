// screenshots.mjs - pictures of a page at a phone width and a desktop width,
// saved as test artifacts (tests/artifacts/screenshots/, an ignored folder)
// for a person to look at: the layout is mobile first, and a test that only
// reads the DOM cannot see an overlap or a cut-off button.

import fs from 'node:fs';
import path from 'node:path';
import {SCREENSHOTS} from './paths.mjs';

export const WIDTHS = [
  {label: 'phone', width: 390, height: 844},
  {label: 'desktop', width: 1280, height: 800},
];

// screenshots(page, 'b01-home') -> the two files written: NAME-phone.png and
// NAME-desktop.png, each of the whole page. The page's viewport is put back
// afterwards.
export async function screenshots(page, name) {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name "${name}": use letters, digits, . _ -`);
  fs.mkdirSync(SCREENSHOTS, {recursive: true});
  const before = page.viewportSize();
  const files = [];
  try {
    for (const w of WIDTHS) {
      await page.setViewportSize({width: w.width, height: w.height});
      // Let the layout settle at the new width (two frames).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const file = path.join(SCREENSHOTS, `${name}-${w.label}.png`);
      await page.screenshot({path: file, fullPage: true, animations: 'disabled'});
      files.push(file);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
  return files;
}

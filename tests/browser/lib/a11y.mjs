// a11y.mjs - accessibility checks with axe-core on the page as it is shown.
//
// How axe gets into the page: the server's Content-Security-Policy allows
// only scripts from our own origin (no inline script), so a <script> tag with
// axe's source would be refused (and the refusal would fail the test as a
// console error). Instead axe's source is evaluated through the DevTools
// protocol (page.evaluate), which the page's CSP does not govern. The other
// way, a context with bypassCSP, would switch the CSP off for the whole test
// and hide exactly the violations (inline script or style in our pages) the
// tests must catch; evaluating axe alone leaves the policy in force for
// everything the page itself does.

import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {ARTIFACTS} from './paths.mjs';

const require = createRequire(import.meta.url);
let axeSource = null;

const FAILING = new Set(['serious', 'critical']);

// checkA11y(page, name, {exclude: ['#selector'], disableRules: ['rule-id']})
// runs every axe rule on the page and throws, listing them readably, when a
// serious or critical violation is found. The full report (minor and
// moderate findings too) is saved as tests/artifacts/a11y/NAME.json.
export async function checkA11y(page, name, {exclude = [], disableRules = []} = {}) {
  if (!axeSource) axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async ({exclude: ex, disableRules: off}) => {
    const rules = Object.fromEntries(off.map((id) => [id, {enabled: false}]));
    const context = ex.length ? {include: [document], exclude: ex.map((s) => [s])} : document;
    const result = await window.axe.run(context, {rules, resultTypes: ['violations']});
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html,
        summary: n.failureSummary, impact: n.impact})),
    }));
  }, {exclude, disableRules});
  const dir = path.join(ARTIFACTS, 'a11y');
  fs.mkdirSync(dir, {recursive: true});
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({url: page.url(), violations}, null, 2));
  const bad = violations.filter((v) => FAILING.has(v.impact));
  if (bad.length) {
    throw new Error(`accessibility (${name}, ${page.url()}): ${bad.length} serious or critical ` +
      `violation${bad.length > 1 ? 's' : ''}\n${bad.map(describe).join('\n')}`);
  }
  return violations;
}

function describe(v) {
  const lines = [`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`];
  for (const n of v.nodes.slice(0, 5)) {
    lines.push(`      at ${n.target}`);
    lines.push(`         ${n.html.length > 160 ? n.html.slice(0, 157) + '...' : n.html}`);
    for (const s of (n.summary || '').split('\n')) if (s.trim()) lines.push(`         ${s.trim()}`);
  }
  if (v.nodes.length > 5) lines.push(`      ... and ${v.nodes.length - 5} more`);
  return lines.join('\n');
}

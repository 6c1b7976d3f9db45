// The portal in the browser, timed: first load (bytes transferred, compressed, and the time
// until the search box takes keys), then keystroke-to-results over typical queries: each query
// typed a key at a time into the search box, from the last key to the results on screen.
//   node measure.mjs --url URL --login L --password P --queries FILE --count N --modules DIR
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const url = arg('url');
const require = createRequire(path.join(path.resolve(arg('modules')), 'noop.js'));
const { chromium } = require('playwright-core');
const count = Number(arg('count', '100'));
const queries = fs.readFileSync(arg('queries'), 'utf8').split('\n').map((q) => q.trim())
  .filter((q) => q && !/[:"]/.test(q)).slice(0, count);

const browser = await chromium.launch({
  executablePath: process.env.SYNAPS_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// First load, cold cache: every byte the page fetched over the wire (compressed as sent), up to
// the login form, then after logging in, up to the search box ready.
async function firstLoad() {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; requests += 1; });
  const started = Date.now();
  await page.goto(`${url}/`);
  await page.locator('#login').waitFor();
  const loginReady = Date.now() - started;
  await page.locator('#login').fill(arg('login'));
  await page.locator('#password').fill(arg('password'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'search-input');
  await page.waitForLoadState('networkidle');
  const decoded = await page.evaluate(() => performance.getEntriesByType('resource')
    .concat(performance.getEntriesByType('navigation'))
    .reduce((sum, entry) => sum + (entry.decodedBodySize || 0), 0));
  await context.close();
  return { bytes, requests, decoded, loginReady };
}

// A reload with the files in the browser's cache: what a returning agent waits for.
async function warmLoad(page) {
  const started = Date.now();
  await page.reload();
  await page.waitForFunction(() => document.activeElement?.id === 'search-input');
  return Date.now() - started;
}

const load = await firstLoad();
const context = await browser.newContext({ locale: 'fr-FR' });
const page = await context.newPage();
await page.goto(`${url}/`);
await page.locator('#login').fill(arg('login'));
await page.locator('#password').fill(arg('password'));
await page.keyboard.press('Enter');
await page.waitForFunction(() => document.activeElement?.id === 'search-input');
const warm = [];
for (let i = 0; i < 5; i += 1) warm.push(await warmLoad(page));

// Keystroke to results: the page notes the time of each character entered, and of each answer
// it shows (main[data-rendered] changes when results are on screen). Characters are noted by
// the input event, not by keydown: a character beyond the keyboard's layout (é, ê) is entered
// without a keydown, which would have counted the gap before it as waiting.
await page.evaluate(() => {
  window.synapsBench = { lastKey: 0, rendered: new Map() };
  document.addEventListener('input', () => { window.synapsBench.lastKey = performance.now(); }, true);
  new MutationObserver(() => {
    const q = document.getElementById('main').dataset.rendered;
    if (q) window.synapsBench.rendered.set(q, performance.now());
  }).observe(document.getElementById('main'), { attributes: true, attributeFilter: ['data-rendered'] });
});
const input = page.locator('#search-input');
const latencies = [];
for (const query of queries) {
  await input.fill('');
  await page.waitForFunction(() => document.getElementById('main').dataset.rendered === 'help');
  await input.pressSequentially(query, { delay: 60 });
  const ms = await page.waitForFunction((q) => {
    const done = window.synapsBench.rendered.get(q);
    return done ? done - window.synapsBench.lastKey : null;
  }, query, { timeout: 10000 }).then((handle) => handle.jsonValue());
  latencies.push(ms);
}
await browser.close();

const result = {
  queries: latencies.length,
  keystroke_to_results_ms: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
  first_load: { transferred_bytes: load.bytes, decoded_bytes: load.decoded, requests: load.requests, login_form_ms: load.loginReady },
  warm_reload_to_search_box_ms: { median: percentile(warm, 50) },
};
console.log(JSON.stringify(result, null, 2));

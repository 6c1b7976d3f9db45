// What the portal's browser tests share: a real synaps-server on a free loopback port, over a
// fresh data directory with two services and their agents and real indexed documents, serving
// the built portal; headless Chromium (Debian's) driven by playwright-core; axe-core.
//
// Command line of every test: --bin BUILD/bin --web WEB_ROOT --modules NODE_MODULES
// Accounts (password = login + "-password"): cab-manager (manager of CAB), cab-editor,
// ddt-agent (reader of DDT), admin (administrator).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function argument(name) {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) throw new Error(`missing --${name}`);
  return path.resolve(process.argv[index + 1]);
}

export const options = { bin: argument('bin'), web: argument('web'), modules: argument('modules') };
const require = createRequire(path.join(options.modules, 'noop.js'));
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Documents of each service, by folder: the words the tests look for are in them.
const DOCUMENTS = {
  '/CAB/Rapports': {
    'rapport-digue.txt': 'Rapport sur la digue de la Vallière : travaux de confortement prévus au printemps.\n',
    'digue-synthese.md': '# Synthèse\n\nLa digue protège Valbourg ; le préfet suit les travaux.\n',
    'budget-cabinet.txt': 'Budget du cabinet : fonds de concours, réception républicaine.\n',
  },
  '/CAB/Interne': {
    'note-interne.txt': 'Note interne sur la digue : ne pas diffuser hors du cabinet.\n',
  },
  '/DDT/Risques': {
    'ppri-vallee.txt': 'Plan de prévention du risque inondation de la vallée, digue comprise.\n',
  },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export class Portal {
  static async start() {
    const portal = new Portal();
    await portal.setUp();
    return portal;
  }

  async setUp() {
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), 'synaps-portal-'));
    this.data = path.join(this.work, 'data');
    this.synaps('init');
    this.synaps('service', 'add', 'CAB', '--name', 'Cabinet du préfet');
    this.synaps('service', 'add', 'DDT', '--name', 'Direction départementale des territoires');
    this.synaps('user', 'add', 'admin', '--admin', '--password-stdin', '<admin-password\n');
    this.addAgent('cab-manager', 'CAB', 'manager');
    this.addAgent('cab-editor', 'CAB', 'editor');
    this.addAgent('ddt-agent', 'DDT', 'reader');
    for (const [folder, files] of Object.entries(DOCUMENTS)) {
      const source = path.join(this.work, 'import', folder);
      fs.mkdirSync(source, { recursive: true });
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(source, name), text);
      const [, service, ...rest] = folder.split('/');
      this.synaps('import', source, '--service', service, '--folder', rest.join('/'), '--tag', 'exemple');
    }
    this.synaps('index');
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const config = path.join(this.work, 'server.properties');
    fs.writeFileSync(config, `synaps.web.root = ${options.web}\n`);
    this.log = fs.openSync(path.join(this.work, 'server.log'), 'w');
    this.server = spawn(path.join(options.bin, 'synaps-server'),
      ['--data', this.data, '--listen', `127.0.0.1:${port}`, '--config', config],
      { stdio: ['ignore', 'pipe', this.log] });
    let printed = '';
    this.server.stdout.on('data', (chunk) => { printed += chunk; });
    let listening = false;
    for (let i = 0; i < 200 && !listening; i += 1) {
      try {
        listening = (await fetch(`${this.url}/healthz`)).ok;
      } catch { /* not listening yet */ }
      if (!listening) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!listening) throw new Error(`the server did not start: ${printed}`);
  }

  synaps(...args) {
    const result = spawnSync(path.join(options.bin, 'synaps'), ['--data', this.data, ...args.filter((a) => !a.startsWith('<'))],
      { input: args.find((a) => a.startsWith('<'))?.slice(1), encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`synaps ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  }

  addAgent(login, service, role) {
    this.synaps('user', 'add', login, '--service', service, '--role', role, '--password-stdin', `<${login}-password\n`);
  }

  // The API as `login` (HTTP Basic), for checks beside the browser.
  async api(login, method, uri, body) {
    const password = `${login}-password`;
    const response = await fetch(`${this.url}/api/v1${uri}`, {
      method,
      headers: { Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  // Stores `text` at `documentPath` as `login` (a new document, or a new version); returns its id.
  async upload(login, documentPath, text) {
    const response = await fetch(`${this.url}/api/v1/documents/content?path=${encodeURIComponent(documentPath)}`, {
      method: 'PUT',
      headers: { Authorization: `Basic ${Buffer.from(`${login}:${login}-password`).toString('base64')}` },
      body: text,
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`upload of ${documentPath}: ${response.status} ${JSON.stringify(answer)}`);
    return answer.id;
  }

  // Waits until `login`'s search for `query` satisfies `test` (the background indexer works
  // after each change); returns the last answer.
  async searchUntil(login, query, test, what) {
    let answer = null;
    // Up to a minute: the sanitizer build indexes a PDF several times slower.
    for (let i = 0; i < 600; i += 1) {
      answer = (await this.api(login, 'GET', `/search?q=${encodeURIComponent(query)}`)).json;
      if (test(answer)) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what}: the search for "${query}" as ${login} never did (last: ${JSON.stringify(answer)})`);
  }

  stop() {
    if (this.server) this.server.kill('SIGTERM');
    fs.closeSync(this.log);
    if (!process.env.SYNAPS_KEEP_TEST_DIR) fs.rmSync(this.work, { recursive: true, force: true });
  }

  serverLog() {
    try { return fs.readFileSync(path.join(this.work, 'server.log'), 'utf8'); } catch { return ''; }
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.SYNAPS_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A French-speaking agent's page, failing the test on any script error or CSP violation.
export async function newPage(browser, { locale = 'fr-FR' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) {
      page.problems.push(`CSP: ${message.text()}`);
    }
  });
  return page;
}

export async function logIn(page, portal, login) {
  await page.goto(`${portal.url}/`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(`${login}-password`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Rechercher', level: 1, exact: true }).waitFor();
}

// Runs axe-core on the page: no serious or critical violation is allowed.
export async function checkAccessibility(page, where) {
  // Evaluated through the browser's debugging protocol: the page's policy (rightly) refuses an
  // inline script tag.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const detail = bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    throw new Error(`accessibility of ${where}:\n  ${detail.join('\n  ')}`);
  }
  return result.violations.length;
}

// Types as a person does, one key at a time.
export async function typeSlowly(locator, text) {
  await locator.pressSequentially(text, { delay: 40 });
}

// Waits until the search page shows the answer to `query`.
export async function resultsFor(page, query) {
  await page.waitForFunction((q) => document.getElementById('main')?.dataset.rendered === q, query);
}

// A tiny harness: each step runs in order, the first failure stops the test (exit 1) after
// showing the server's log; the last line counts the steps.
export async function run(name, body) {
  let portal = null;
  let browser = null;
  let passed = 0;
  const step = async (title, fn) => {
    const started = Date.now();
    await fn();
    passed += 1;
    console.log(`ok ${passed} - ${title} (${Date.now() - started} ms)`);
  };
  try {
    portal = await Portal.start();
    browser = await launchBrowser();
    await body({ portal, browser, step });
    console.log(`${name}: ${passed} passed, 0 failed`);
  } catch (error) {
    console.log(`not ok - ${error.stack || error}`);
    if (portal) console.log(`--- server log (last lines)\n${portal.serverLog().split('\n').slice(-30).join('\n')}`);
    console.log(`${name}: ${passed} passed, 1 failed`);
    process.exitCode = 1;
  } finally {
    if (browser) await browser.close();
    if (portal) portal.stop();
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// Takes the screenshots of the portal shown in the README (docs/screenshots/), on the same
// real server and documents as the browser tests. Not a test: run it after a change of look.
//   node tests/portal/screenshots.mjs --bin build/bin --web build/web/root \
//     --modules build/web/npm/node_modules --out docs/screenshots
import path from 'node:path';
import fs from 'node:fs';
import { Portal, launchBrowser, newPage, logIn, typeSlowly, resultsFor } from './fixture.mjs';

const out = path.resolve(process.argv[process.argv.indexOf('--out') + 1]);
fs.mkdirSync(out, { recursive: true });
const portal = await Portal.start();
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${portal.url}/`);
  await page.locator('#login').waitFor();
  await page.screenshot({ path: path.join(out, 'login.png') });
  await logIn(page, portal, 'cab-manager');
  await typeSlowly(page.getByLabel('Rechercher dans les documents'), 'digue');
  await resultsFor(page, 'digue');
  await page.screenshot({ path: path.join(out, 'search.png'), fullPage: true });
  // A second version, so that the document page shows a comparison.
  await fetch(`${portal.url}/api/v1/documents/content?path=${encodeURIComponent('/CAB/Rapports/digue-synthese.md')}&comment=${encodeURIComponent('relu par le cabinet')}`, {
    method: 'PUT', body: '# Synthèse\n\nLa digue protège Valbourg et Montclar ; le préfet suit les travaux.\nRéception prévue en juin.\n',
    headers: { Authorization: `Basic ${Buffer.from('cab-manager:cab-manager-password').toString('base64')}` },
  });
  await page.getByRole('link', { name: 'digue-synthese.md' }).click();
  await page.locator('#versions-table').waitFor();
  await page.getByRole('button', { name: 'Comparer', exact: true }).click();
  await page.locator('#compare-summary').waitFor();
  await page.evaluate(() => document.activeElement.blur());
  await page.screenshot({ path: path.join(out, 'document.png'), fullPage: true });
  await page.goto(`${portal.url}/#/dossiers?chemin=${encodeURIComponent('/CAB/Rapports')}`);
  await page.locator('#folder-listing').waitFor();
  await page.locator('#share-form').waitFor();
  await page.evaluate(() => document.activeElement.blur());
  await page.screenshot({ path: path.join(out, 'folder.png'), fullPage: true });
} finally {
  await browser.close();
  portal.stop();
}
console.log(`screenshots in ${out}`);

// The main flow in headless Chromium against the real server: log in, search as one types,
// narrow by a facet, save the search and open it again from the home page, see what came in since
// it was last run, open a result, its
// versions (upload a new one, restore the old one, compare two), tag it and find it by its tag,
// upload a PDF, find it by a word inside it, see its first page drawn and preview its text;
// axe-core on every page; the query in the URL survives a reload; no script error, no CSP
// violation.
import { run, newPage, logIn, checkAccessibility, typeSlowly, resultsFor, expect } from './fixture.mjs';

await run('portal_search_flow', async ({ portal, browser, step }) => {
  const page = await newPage(browser);

  await step('the login page is accessible and a wrong password is refused in words', async () => {
    await page.goto(`${portal.url}/`);
    await page.getByLabel('Identifiant').waitFor();
    await checkAccessibility(page, 'the login page');
    await page.getByLabel('Identifiant').fill('cab-manager');
    await page.getByLabel('Mot de passe').fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'incorrect' }).waitFor();
  });

  await step('log in; the search page is the home page and explains the syntax', async () => {
    await logIn(page, portal, 'cab-manager');
    await page.locator('#search-help').waitFor();
    await checkAccessibility(page, 'the empty search page');
  });

  await step('results come as one types, with escaped snippets and facets', async () => {
    await typeSlowly(page.getByLabel('Rechercher dans les documents'), 'digue');
    await resultsFor(page, 'digue');
    const status = await page.locator('#search-status').textContent();
    expect(/3 documents trouvés/.test(status), `status: ${status}`);
    expect(page.url().includes('q=digue'), `the URL holds the query: ${page.url()}`);
    expect(await page.locator('.synaps-hit__snippet mark').count() > 0, 'highlighted words');
    await page.getByRole('group', { name: 'Type' }).waitFor();
    await checkAccessibility(page, 'the results page');
  });

  await step('a facet narrows the results, and the query survives a reload', async () => {
    await page.locator('label', { hasText: 'Markdown (1)' }).click();
    await page.waitForFunction(() => /1 document trouvé/.test(document.getElementById('search-status')?.textContent));
    expect(page.url().includes('type=text%2Fmarkdown'), `the URL holds the facet: ${page.url()}`);
    await page.reload();
    await page.waitForFunction(() => /1 document trouvé/.test(document.getElementById('search-status')?.textContent));
    expect(await page.getByLabel('Rechercher dans les documents').inputValue() === 'digue', 'query kept');
    expect(await page.getByLabel(/Markdown/).isChecked(), 'facet kept');
  });

  await step('save the narrowed search; the home page lists it with its count; it opens and goes', async () => {
    const narrowed = page.url();
    await page.getByRole('button', { name: 'Enregistrer cette recherche' }).click();
    await page.getByLabel('Nom de la recherche').fill('Digues en Markdown');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.locator('#save-search-done').waitFor();
    await page.goto(`${portal.url}/#/`);
    const item = page.locator('.synaps-saved-search', { hasText: 'Digues en Markdown' });
    await item.filter({ hasText: '1 document trouvé' }).waitFor();
    await checkAccessibility(page, 'the home page with a saved search');
    await item.getByRole('link', { name: 'Digues en Markdown' }).click();
    await page.waitForFunction(() => /1 document trouvé/.test(document.getElementById('search-status')?.textContent));
    expect(page.url().includes('type=text%2Fmarkdown'), `the saved search keeps its facet: ${page.url()}`);

    // Something comes in after that visit: the home page counts it, and shows it alone.
    const added = await portal.upload('cab-manager', '/CAB/Rapports/digue-inspection.md',
      '# Inspection\n\nNouvelle inspection de la digue nord.\n');
    await portal.searchUntil('cab-manager', 'digue', (a) => a.total === 4, 'the new document is indexed');
    await page.goto(`${portal.url}/#/`);
    await item.filter({ hasText: '2 documents trouvés' }).waitFor();
    await item.getByRole('link', { name: '1 nouveau depuis votre dernière visite' }).click();
    await page.waitForFunction(() => /1 document trouvé/.test(document.getElementById('search-status')?.textContent));
    expect(page.url().includes('depuis='), `the URL holds the time of the last visit: ${page.url()}`);
    await page.getByRole('link', { name: 'digue-inspection.md' }).waitFor();
    await page.locator('#search-since').getByText('Seulement les documents arrivés depuis le').waitFor();
    await checkAccessibility(page, 'the new matches of a saved search');
    await page.getByRole('link', { name: 'Voir tous les résultats' }).click();
    await page.waitForFunction(() => /2 documents trouvés/.test(document.getElementById('search-status')?.textContent));
    // That was a visit: nothing is new any more.
    await page.goto(`${portal.url}/#/`);
    await item.filter({ hasText: '2 documents trouvés' }).waitFor();
    expect(await item.locator('.synaps-saved-new').count() === 0, 'nothing new after the visit');

    await page.getByRole('button', { name: 'Supprimer la recherche « Digues en Markdown »' }).click();
    await item.waitFor({ state: 'detached' });
    expect((await portal.api('cab-manager', 'DELETE', `/documents/${added}`)).status === 204, 'trashed');
    await portal.searchUntil('cab-manager', 'digue', (a) => a.total === 3, 'the trashed document leaves the index');
    await page.goto(narrowed);
    await page.waitForFunction(() => /1 document trouvé/.test(document.getElementById('search-status')?.textContent));
  });

  await step('open a result: its details, tags, versions', async () => {
    await page.getByRole('link', { name: 'digue-synthese.md' }).click();
    await page.getByRole('heading', { name: 'digue-synthese.md', level: 1, exact: true }).waitFor();
    await page.locator('#versions-table').waitFor();
    expect(await page.locator('#versions-table tbody tr').count() === 1, 'one version');
    await checkAccessibility(page, 'a document page');
  });

  await step('tag it, then find it by its tag', async () => {
    await page.getByLabel('Nouvelle étiquette').fill('urgent');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByRole('button', { name: 'Retirer l’étiquette urgent' }).waitFor();
    await portal.searchUntil('cab-manager', 'tag:urgent', (a) => a.total === 1, 'the tag is indexed');
    await page.goto(`${portal.url}/#/?q=${encodeURIComponent('tag:urgent')}`);
    await resultsFor(page, 'tag:urgent');
    await page.getByRole('link', { name: 'digue-synthese.md' }).waitFor();
  });

  await step('browse to its folder and upload a new version, then a PDF', async () => {
    await page.goto(`${portal.url}/#/dossiers?chemin=${encodeURIComponent('/CAB/Rapports')}`);
    await page.getByRole('heading', { name: 'Rapports', level: 1, exact: true }).waitFor();
    await checkAccessibility(page, 'a folder page');
    await page.getByLabel('Choisir des fichiers à déposer dans ce dossier').setInputFiles({
      name: 'digue-synthese.md', mimeType: 'text/markdown',
      buffer: Buffer.from('# Synthèse révisée\n\nLa digue est confortée ; réception des travaux en juin.\n'),
    });
    await page.locator('#folder-notice').getByText('1 fichier déposé.').waitFor();
    // A PDF printed by the browser itself, with a word found nowhere else.
    const printer = await browser.newPage();
    await printer.setContent('<title>Compte rendu du chantier</title><h1>Compte rendu</h1><p>Le batardeau provisoire de la Vallière est retiré.</p>');
    const pdf = await printer.pdf({ format: 'A4' });
    await printer.close();
    await page.getByLabel('Choisir des fichiers à déposer dans ce dossier').setInputFiles({
      name: 'compte-rendu-batardeau.pdf', mimeType: 'application/pdf', buffer: pdf,
    });
    await page.getByRole('link', { name: 'compte-rendu-batardeau.pdf' }).waitFor();
  });

  await step('the PDF is found by a word inside it, its first page shown as an image, its text previewed', async () => {
    await portal.searchUntil('cab-manager', 'batardeau', (a) => a.total === 1, 'the PDF is indexed');
    await page.goto(`${portal.url}/#/`);
    await typeSlowly(page.getByLabel('Rechercher dans les documents'), 'batardeau');
    await resultsFor(page, 'batardeau');
    // The hit's title is the PDF's own; its path names the file.
    const hit = page.locator('.synaps-hit', { hasText: '/CAB/Rapports/compte-rendu-batardeau.pdf' });
    await hit.waitFor();
    expect(await page.locator('.synaps-hit').count() === 1, 'one hit');
    // The PDF has one page: the second is asked for once the first has loaded, and left out.
    const secondPage = page.waitForResponse((response) => response.url().includes('/preview?page=2'));
    await hit.getByRole('link').click();
    const firstPage = page.getByRole('img', { name: 'Page 1 de compte-rendu-batardeau.pdf' });
    await firstPage.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const image = document.getElementById('preview-page-1');
      return image && image.complete && image.naturalWidth > 0;
    });
    const size = await firstPage.evaluate((image) => [image.naturalWidth, image.naturalHeight]);
    expect(size[0] === 800 && size[1] > 800, `the first page drawn 800 pixels wide, upright: ${size}`);
    expect((await secondPage).status() === 404, 'no second page');
    await page.waitForFunction(() => !document.getElementById('preview-page-2'));
    expect(await page.locator('#preview-pages img').count() === 1, 'one page shown');
    await page.getByRole('button', { name: 'Afficher le texte du document' }).click();
    await page.getByRole('region', { name: 'Texte du document' }).getByText(/batardeau provisoire/).waitFor();
    await checkAccessibility(page, 'a document with its preview');
  });

  await step('a misspelt word gets "did you mean", which searches the right one', async () => {
    await page.goto(`${portal.url}/#/`);
    await typeSlowly(page.getByLabel('Rechercher dans les documents'), 'batardaeu');
    await resultsFor(page, 'batardaeu');
    await page.locator('#suggestion').getByRole('link', { name: 'batardeau' }).click();
    await resultsFor(page, 'batardeau');
    expect(await page.locator('.synaps-hit').count() === 1, 'the suggestion finds the PDF');
  });

  await step('restore the first version with a comment: a third version', async () => {
    await page.goto(`${portal.url}/#/?q=${encodeURIComponent('confortée')}`);
    await resultsFor(page, 'confortée');
    await page.getByRole('link', { name: 'digue-synthese.md' }).click();
    await page.locator('#versions-table').waitFor();
    expect(await page.locator('#versions-table tbody tr').count() === 2, 'two versions');
    await page.getByRole('button', { name: 'Restaurer la v1' }).click();
    await page.getByLabel('Commentaire de la restauration de la v1 (facultatif)').fill('retour au texte validé');
    await page.getByRole('button', { name: 'Restaurer', exact: true }).click();
    await page.locator('#document-notice').getByText('La version 1 est devenue la version actuelle.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#versions-table tbody tr').length === 3);
    expect(await page.getByRole('cell', { name: 'retour au texte validé' }).count() === 1, 'the comment is shown');
    const versions = await portal.api('cab-manager', 'GET', `/documents/${page.url().split('/').pop()}/versions`);
    expect(versions.json.versions.length === 3, 'three versions in the store');
  });

  await step('compare two versions: what changed in the text, computed by the server', async () => {
    await page.getByLabel('Version de départ').selectOption('2');
    await page.getByLabel('Version d’arrivée').selectOption('3');
    await page.getByRole('button', { name: 'Comparer', exact: true }).click();
    await page.locator('#compare-summary').waitFor();
    const summary = await page.locator('#compare-summary').textContent();
    expect(/De la v2 à la v3 : 2 ligne\(s\) retirée\(s\), 2 ligne\(s\) ajoutée\(s\)/.test(summary), `summary: ${summary}`);
    expect((await page.locator('#compare-result del').allTextContents()).some((l) => l.includes('confortée')), 'removed line shown');
    expect((await page.locator('#compare-result ins').allTextContents()).some((l) => l.includes('protège Valbourg')), 'added line shown');
    await checkAccessibility(page, 'a version comparison');
  });

  await step('a version downloads with its own bytes', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger la version 2' }).click(),
    ]);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file, 'utf8').includes('confortée'), 'version 2 holds its text');
  });

  await step('English is available, and the accessibility declaration is reachable', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Versions', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.getByRole('link', { name: 'Accessibility: not compliant' }).click();
    await page.getByRole('heading', { name: 'Accessibility statement', level: 1, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Déclaration d’accessibilité', level: 1, exact: true }).waitFor();
    await checkAccessibility(page, 'the accessibility declaration');
  });

  await step('log out: the API refuses the old session', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel('Identifiant').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/me', { headers: { 'X-Requested-With': 'XMLHttpRequest' } })).status);
    expect(status === 401, `after logout: ${status}`);
    expect(page.problems.length === 0, `problems in the page: ${page.problems.join('; ')}`);
  });
});

// Sharing across services in the browser: an agent of DDT does not find CAB's documents, not
// even as a facet count; CAB's manager shares a folder with DDT from its page; the agent then
// finds that folder's documents (and only those), sees it under "shared with me"; a single
// document shared from its page reaches the agent too; the folder's documents are lost again
// when its share is removed.
import { run, newPage, logIn, checkAccessibility, typeSlowly, resultsFor, expect } from './fixture.mjs';

async function serviceFacet(page) {
  const group = page.getByRole('group', { name: 'Service' });
  if (!(await group.count())) return [];
  return group.locator('label').allTextContents();
}

await run('portal_share', async ({ portal, browser, step }) => {
  const agent = await newPage(browser);
  const manager = await newPage(browser);
  let internalId = null;

  await step('before the share, DDT\'s agent finds only DDT\'s document: no CAB count anywhere', async () => {
    const api = await portal.api('ddt-agent', 'GET', '/search?q=digue');
    expect(api.json.total === 1, `API total ${api.json.total}`);
    expect(!JSON.stringify(api.json.facets).includes('CAB'), `API facets ${JSON.stringify(api.json.facets)}`);
    await logIn(agent, portal, 'ddt-agent');
    await typeSlowly(agent.getByLabel('Rechercher dans les documents'), 'digue');
    await resultsFor(agent, 'digue');
    expect(/^1 document trouvé/.test(await agent.locator('#search-status').textContent()), 'one result');
    const facet = await serviceFacet(agent);
    expect(facet.length === 1 && facet[0].startsWith('DDT'), `service facet: ${facet}`);
    expect(!(await agent.locator('#search-facets').textContent()).includes('CAB'), 'no CAB in any facet');
    const internal = await portal.api('cab-manager', 'GET', '/search?q=interne');
    internalId = internal.json.hits[0].id;
  });

  await step('CAB\'s manager shares /CAB/Rapports with DDT, read only, from the folder page', async () => {
    await logIn(manager, portal, 'cab-manager');
    await manager.getByRole('link', { name: 'Dossiers' }).click();
    await manager.getByRole('link', { name: /Cabinet du préfet/ }).click();
    await manager.getByRole('link', { name: 'Rapports' }).click();
    await manager.getByRole('heading', { name: 'Rapports', level: 1, exact: true }).waitFor();
    await manager.getByLabel('Partager avec').selectOption('DDT');
    await manager.getByLabel('Accès', { exact: true }).selectOption('read');
    await manager.getByRole('button', { name: 'Partager', exact: true }).click();
    await manager.getByRole('button', { name: 'Retirer le partage avec DDT' }).waitFor();
    await checkAccessibility(manager, 'a folder page with its shares');
  });

  await step('after the share, the agent finds the shared documents, and only those', async () => {
    await portal.searchUntil('ddt-agent', 'digue', (a) => a.total === 3, 'the share reaches the search');
    await agent.reload();
    await resultsFor(agent, 'digue');
    expect(/^3 documents trouvés/.test(await agent.locator('#search-status').textContent()), 'three results');
    const facet = await serviceFacet(agent);
    expect(facet.includes('CAB (2)') && facet.includes('DDT (1)'), `service facet: ${facet}`);
    expect(!(await agent.locator('#search-results').textContent()).includes('note-interne'), 'the unshared folder stays hidden');
    await agent.locator('label', { hasText: 'CAB (2)' }).click();
    await agent.waitForFunction(() => /^2 documents trouvés/.test(document.getElementById('search-status')?.textContent));
    await agent.getByRole('link', { name: 'rapport-digue.txt' }).click();
    await agent.getByRole('heading', { name: 'rapport-digue.txt', level: 1, exact: true }).waitFor();
    // A reader of a read-only share sees no restore button and no upload.
    expect(await agent.getByRole('button', { name: /Restaurer/ }).count() === 0, 'nothing to restore in a one-version document');
  });

  await step('the shared folder is under "shared with me"; an unshared document is "not found"', async () => {
    await agent.getByRole('link', { name: 'Dossiers' }).click();
    await agent.locator('#shared-with-me').getByRole('link', { name: '/CAB/Rapports' }).waitFor();
    await checkAccessibility(agent, 'the folders home page');
    await agent.goto(`${portal.url}/#/documents/${internalId}`);
    await agent.getByRole('heading', { name: 'Document introuvable', level: 1, exact: true }).waitFor();
  });

  await step('a single document shared from its page reaches the agent, who cannot share it on', async () => {
    await manager.goto(`${portal.url}/#/documents/${internalId}`);
    await manager.getByRole('heading', { name: 'note-interne.txt', level: 1, exact: true }).waitFor();
    await manager.getByLabel('Partager ce document avec').selectOption('DDT');
    await manager.getByRole('button', { name: 'Partager le document' }).click();
    await manager.locator('#document-share-list').getByText('(partage du document)').waitFor();
    await checkAccessibility(manager, 'a document page with its shares');
    await portal.searchUntil('ddt-agent', 'interne', (a) => a.total === 1, 'the document share reaches the search');
    await agent.reload();  // the agent's page is still the "not found" of this document
    await agent.getByRole('heading', { name: 'note-interne.txt', level: 1, exact: true }).waitFor();
    expect(await agent.locator('#document-share-form').count() === 0, 'a reader of another service cannot share it');
  });

  await step('the share removed, the documents are out of the agent\'s search again', async () => {
    await manager.goto(`${portal.url}/#/dossiers?chemin=${encodeURIComponent('/CAB/Rapports')}`);
    await manager.getByRole('button', { name: 'Retirer le partage avec DDT' }).click();
    await manager.getByText('Ce dossier n’est partagé avec aucun autre service.').waitFor();
    await portal.searchUntil('ddt-agent', 'digue', (a) => a.total === 2 && !a.hits.some((hit) => hit.path.startsWith('/CAB/Rapports')),
      'the removal reaches the search');
    expect(agent.problems.length === 0 && manager.problems.length === 0,
      `problems: ${agent.problems.concat(manager.problems).join('; ')}`);
  });
});

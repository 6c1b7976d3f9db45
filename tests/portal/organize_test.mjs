// Organising from the portal: a new folder, a document renamed and moved into it, sent to the
// trash and restored from it; a manager renames a folder and deletes it once empty; an editor
// is refused what only managers may do, in words.
import { run, newPage, logIn, checkAccessibility, expect } from './fixture.mjs';

await run('portal_organize', async ({ portal, browser, step }) => {
  const page = await newPage(browser);
  const folderPage = async (path) => {
    await page.goto(`${portal.url}/#/dossiers?chemin=${encodeURIComponent(path)}`);
    await page.locator('#folder-listing').waitFor();
  };

  await step('a manager creates a folder', async () => {
    await logIn(page, portal, 'cab-manager');
    await folderPage('/CAB/Rapports');
    await page.getByLabel('Nom du dossier', { exact: true }).fill('Archives 2026');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('link', { name: 'Archives 2026' }).waitFor();
  });

  await step('a document renamed, then moved into the new folder', async () => {
    await page.getByRole('link', { name: 'budget-cabinet.txt' }).click();
    await page.getByRole('button', { name: 'Renommer, déplacer, supprimer' }).click();
    await page.getByLabel('Nouveau nom').fill('budget-2026.txt');
    await page.getByRole('button', { name: 'Renommer', exact: true }).click();
    await page.getByRole('heading', { name: 'budget-2026.txt', level: 1, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Renommer, déplacer, supprimer' }).click();
    await page.getByLabel(/Dossier de destination/).fill('/CAB/Rapports/Archives 2026');
    await page.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await page.locator('#document-info').getByText('/CAB/Rapports/Archives 2026/budget-2026.txt').waitFor();
  });

  await step('to the trash, and back from it', async () => {
    await page.getByRole('button', { name: 'Renommer, déplacer, supprimer' }).click();
    await page.getByRole('button', { name: 'Mettre à la corbeille' }).click();
    await page.getByRole('heading', { name: 'Corbeille', level: 1, exact: true }).waitFor();
    await checkAccessibility(page, 'the trash');
    await page.getByRole('button', { name: 'Restaurer budget-2026.txt' }).click();
    await page.locator('#trash-notice').getByText('est de retour dans son dossier').waitFor();
    await folderPage('/CAB/Rapports/Archives 2026');
    await page.getByRole('link', { name: 'budget-2026.txt' }).waitFor();
  });

  await step('a folder that is not empty is not deleted; renamed, emptied, it is', async () => {
    await page.getByRole('button', { name: /Supprimer ce dossier/ }).click();
    await page.locator('#folder-notice').getByText('n’est pas vide').waitFor();
    await page.getByLabel('Nouveau nom du dossier').fill('Archives');
    await page.getByRole('button', { name: 'Renommer', exact: true }).click();
    await page.getByRole('heading', { name: 'Archives', level: 1, exact: true }).waitFor();
    const moved = await portal.api('cab-manager', 'GET', '/folders?path=%2FCAB%2FRapports%2FArchives');
    const id = moved.json.documents[0].id;
    expect((await portal.api('cab-manager', 'PATCH', `/documents/${id}`, { folder: '/CAB/Rapports' })).status === 200, 'moved out');
    await page.reload();
    await page.getByText('Ce dossier est vide.').waitFor();
    await page.getByRole('button', { name: /Supprimer ce dossier/ }).click();
    await page.getByRole('heading', { name: 'Rapports', level: 1, exact: true }).waitFor();
  });

  await step('an editor sees no manager actions, and a refusal is said in words', async () => {
    const editor = await newPage(browser);
    await logIn(editor, portal, 'cab-editor');
    await editor.goto(`${portal.url}/#/dossiers?chemin=${encodeURIComponent('/CAB/Rapports')}`);
    await editor.locator('#folder-listing').waitFor();
    expect(await editor.locator('#share-form').count() === 0, 'no share form for an editor');
    expect(await editor.locator('#folder-rename-form').count() === 0, 'no folder renaming for an editor');
    await editor.getByRole('link', { name: 'rapport-digue.txt' }).click();
    await editor.getByRole('button', { name: 'Renommer, déplacer, supprimer' }).click();
    await editor.getByLabel(/Dossier de destination/).fill('/DDT/Risques');
    await editor.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await editor.locator('#document-notice').getByRole('alert').waitFor();
    expect(page.problems.length === 0 && editor.problems.length === 0, `problems: ${page.problems.concat(editor.problems).join('; ')}`);
  });
});

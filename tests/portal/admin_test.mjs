// Administration from the portal: an administrator sees the index's health, creates an
// account in a service (who can then log in), sees a document whose text could not be
// extracted and tries it again, sees the storage use, makes and revokes an API token, and reads
// the audit log; a manager changes the
// roles of their own service's members only and sees no accounts; an editor has no page.
import { run, newPage, logIn, checkAccessibility, expect } from './fixture.mjs';

await run('portal_admin', async ({ portal, browser, step }) => {
  const admin = await newPage(browser);

  await step('an administrator\'s page: index health, services, accounts, audit log', async () => {
    await logIn(admin, portal, 'admin');
    await admin.getByRole('link', { name: 'Administration' }).click();
    await admin.getByRole('heading', { name: 'Administration', level: 1, exact: true }).waitFor();
    await admin.locator('#admin-health li').first().waitFor();
    expect(/attend|attendent/.test(await admin.locator('#admin-health').textContent()), 'the queue is shown');
    await admin.locator('#accounts-table').waitFor();
    await admin.locator('#audit-table').waitFor();
    await checkAccessibility(admin, 'the administration page');
  });

  await step('an account created in DDT logs in and finds DDT\'s documents', async () => {
    const accounts = admin.getByRole('region', { name: 'Comptes' });
    await accounts.getByLabel('Identifiant').fill('nouvel-agent');
    await accounts.getByLabel('Nom affiché').fill('Nouvel agent');
    await accounts.getByLabel('Mot de passe initial').fill('nouvel-agent-password');
    await accounts.getByLabel('Service').selectOption('DDT');
    await accounts.getByLabel('Rôle').selectOption('reader');
    await accounts.getByRole('button', { name: 'Créer le compte' }).click();
    await admin.locator('#admin-notice').getByText('Compte nouvel-agent créé.').waitFor();
    await admin.locator('#accounts-table').getByRole('cell', { name: 'nouvel-agent', exact: true }).waitFor();
    const answer = await portal.api('nouvel-agent', 'GET', '/search?q=digue');
    expect(answer.status === 200 && answer.json.total === 1, `the new agent's search: ${JSON.stringify(answer.json?.total)}`);
  });

  await step('a document whose text could not be extracted, tried again; the storage use', async () => {
    const put = await fetch(`${portal.url}/api/v1/documents/content?path=${encodeURIComponent('/CAB/casse.pdf')}`, {
      method: 'PUT',
      headers: { Authorization: `Basic ${Buffer.from('cab-manager:cab-manager-password').toString('base64')}` },
      body: '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R',
    });
    expect(put.ok, `the broken PDF was stored (${put.status})`);
    for (let tries = 0; tries < 300; ++tries) {
      if ((await portal.api('admin', 'GET', '/admin/extraction-failures')).json.total >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.reload();
    await admin.locator('#failures-table').getByRole('link', { name: '/CAB/casse.pdf' }).waitFor();
    await admin.getByRole('button', { name: 'Réessayer l’extraction' }).click();
    await admin.locator('#admin-notice').getByText(/remis? dans la file d’indexation/).waitFor();
    expect(/libres sur/.test(await admin.locator('#storage-use').textContent()), 'the disk\'s room is shown');
    await admin.locator('#admin-sources').getByText('Aucune source configurée').waitFor();
  });

  await step('an API token made in the portal works until it is revoked there', async () => {
    const tokens = admin.getByRole('region', { name: 'Jetons d’API' });
    await tokens.getByLabel('Nom du jeton').fill('rclone');
    await tokens.getByRole('button', { name: 'Créer un jeton' }).click();
    const secret = (await admin.locator('#token-secret').textContent()).trim();
    const asToken = async () => (await fetch(`${portal.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status;
    expect(await asToken() === 200, 'the new token authenticates');
    await checkAccessibility(admin, 'the administration page with a new token');
    await tokens.getByRole('button', { name: 'Révoquer le jeton rclone' }).click();
    await admin.locator('#admin-notice').getByText('Jeton rclone révoqué.').waitFor();
    expect(await asToken() === 401, 'the revoked token no longer authenticates');
  });

  await step('the audit log filtered by service', async () => {
    await admin.getByRole('region', { name: 'Journal d’audit' }).getByLabel('Service').selectOption('CAB');
    await admin.getByRole('button', { name: 'Filtrer' }).click();
    await admin.waitForFunction(() => [...document.querySelectorAll('#audit-table tbody tr td:nth-child(4)')]
      .every((cell) => cell.textContent === 'CAB'));
  });

  await step('a manager changes a member\'s role in their service, and sees no accounts', async () => {
    const manager = await newPage(browser);
    await logIn(manager, portal, 'cab-manager');
    await manager.getByRole('link', { name: 'Administration' }).click();
    await manager.locator('#members-CAB').waitFor();
    expect(await manager.locator('#admin-accounts').count() === 0, 'no accounts section');
    expect(await manager.locator('#members-DDT').count() === 0, 'no other service');
    await manager.getByLabel('Rôle de cab-editor').selectOption('reader');
    await manager.locator('#admin-notice').getByText('cab-editor est maintenant lecteur.').waitFor();
    const service = await portal.api('admin', 'GET', '/services/CAB');
    const editor = service.json.members.find((m) => m.login === 'cab-editor');
    expect(editor.role === 'reader', `cab-editor is ${editor.role}`);
    await checkAccessibility(manager, 'a manager\'s administration page');
  });

  await step('an editor has no administration link', async () => {
    const agent = await newPage(browser);
    await logIn(agent, portal, 'ddt-agent');
    expect(await agent.getByRole('link', { name: 'Administration' }).count() === 0, 'no link');
    expect(admin.problems.length === 0 && agent.problems.length === 0, `problems: ${admin.problems.concat(agent.problems).join('; ')}`);
  });
});

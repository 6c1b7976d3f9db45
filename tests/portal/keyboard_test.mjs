// The main flow with the keyboard alone, as an agent who uses no mouse: log in, search, narrow
// by a facet, open a result, tag it, restore a version, log out. Each focus is where the next
// key expects it, and a focused link shows its focus ring.
import { run, newPage, resultsFor, expect } from './fixture.mjs';

// Presses Tab until the focused element satisfies `test` (evaluated in the page with the
// element); fails after `limit` presses.
async function tabTo(page, test, what, limit = 80) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test, null)) return;
  }
  throw new Error(`${limit} presses of Tab never reached ${what}`);
}

const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return { id: e?.id || '', tag: e?.tagName || '', text: e?.textContent?.trim() || '' };
});

await run('portal_keyboard', async ({ portal, browser, step }) => {
  const page = await newPage(browser);

  await step('log in: the focus starts in the login field; Tab, Enter', async () => {
    await page.goto(`${portal.url}/`);
    await page.locator('#login').waitFor();
    expect((await focused(page)).id === 'login', 'the login field has the focus');
    await page.keyboard.type('cab-editor');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id === 'password', 'Tab goes to the password');
    await page.keyboard.type('cab-editor-password');
    await page.keyboard.press('Enter');
    await page.locator('#search-input').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'search-input');
  });

  await step('type a query; Tab to a facet, Space narrows; the focus stays on it', async () => {
    await page.keyboard.type('digue', { delay: 40 });
    await resultsFor(page, 'digue');
    await tabTo(page, () => document.activeElement?.dataset?.facetKey === 'type:text/markdown', 'the Markdown facet');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => /^1 document trouvé/.test(document.getElementById('search-status')?.textContent));
    await page.waitForFunction(() => document.activeElement?.dataset?.facetKey === 'type:text/markdown');
  });

  await step('Tab to the result, Enter opens it with the focus on its title; the focus shows', async () => {
    await tabTo(page, () => document.activeElement?.getAttribute('href')?.startsWith('#/documents/'), 'the result link');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline !== 'none', `a focused link has a visible focus (outline: ${outline})`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'digue-synthese.md', level: 1, exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'document-title');
  });

  await step('tag it from the keyboard; the focus comes back to the tag field', async () => {
    await tabTo(page, () => document.activeElement?.id === 'tag-new', 'the tag field');
    await page.keyboard.type('clavier');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Retirer l’étiquette clavier' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'tag-new');
  });

  await step('a second version, then restore the first one from the keyboard', async () => {
    const id = page.url().split('/').pop();
    const upload = await fetch(`${portal.url}/api/v1/documents/content?path=${encodeURIComponent('/CAB/Rapports/digue-synthese.md')}`, {
      method: 'PUT', body: '# Synthèse\n\nSeconde rédaction.\n',
      headers: { Authorization: `Basic ${Buffer.from('cab-editor:cab-editor-password').toString('base64')}` },
    });
    expect(upload.ok, `second version: ${upload.status}`);
    await page.reload();
    await page.locator('#versions-table').waitFor();
    await tabTo(page, () => document.activeElement?.id === 'restore-1', 'the restore button of v1');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'restore-comment');
    await page.keyboard.type('au clavier');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#versions-table tbody tr').length === 3);
    const versions = await portal.api('cab-editor', 'GET', `/documents/${id}/versions`);
    expect(versions.json.versions.some((v) => v.comment === 'au clavier'), 'the comment is stored');
  });

  await step('log out from the keyboard', async () => {
    await page.keyboard.press('Shift+Tab');  // away from the table, then round to the header
    await tabTo(page, () => document.activeElement?.id === 'logout', 'the logout button', 200);
    await page.keyboard.press('Enter');
    await page.locator('#login').waitFor();
    expect(page.problems.length === 0, `problems in the page: ${page.problems.join('; ')}`);
  });
});

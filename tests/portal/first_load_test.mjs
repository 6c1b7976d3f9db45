// What a first visit downloads: from a cold cache to the search box after logging in, under
// 300 KB over the wire (the aim of the portal's benchmark), and none of what that page does not
// show: the other views, the other language, the design system's italic fonts. Then those come
// when they are wanted: a document's page, English from the header's switch or the browser's
// language, which the next visit remembers.
import { run, newPage, resultsFor, expect } from './fixture.mjs';

const BUDGET_BYTES = 300 * 1024;

// Records every response's bytes as they crossed the wire (compressed), by path.
async function recordTransfers(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const transfers = [];
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.loadingFinished', (event) => {
    const url = urls.get(event.requestId) || '';
    if (!url.startsWith('data:')) transfers.push({ path: new URL(url).pathname, bytes: event.encodedDataLength });
  });
  return transfers;
}

const fetched = (transfers, pattern) => transfers.some((t) => pattern.test(t.path));

await run('portal_first_load', async ({ portal, browser, step }) => {
  const page = await newPage(browser);
  const transfers = await recordTransfers(page);

  await step('a cold first visit, up to the search box, stays under 300 KB', async () => {
    await page.goto(`${portal.url}/`);
    await page.getByLabel('Identifiant').fill('cab-editor');
    await page.getByLabel('Mot de passe').fill('cab-editor-password');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'search-input');
    await page.waitForLoadState('networkidle');
    const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
    const largest = [...transfers].sort((a, b) => b.bytes - a.bytes).slice(0, 5)
      .map((t) => `${t.path.replace(/.*\/assets\/[0-9a-f]+\//, '')} ${t.bytes}`).join(', ');
    console.log(`# first load: ${transfers.length} requests, ${total} bytes (largest: ${largest})`);
    expect(total < BUDGET_BYTES, `the first load took ${total} bytes, over ${BUDGET_BYTES}`);
  });

  await step('it did not fetch the other views, English or an italic font', async () => {
    for (const [what, pattern] of [['the document view', /views\/document\.js$/],
      ['the folders view', /views\/folders\.js$/], ['the administration view', /views\/admin\.js$/],
      ['English', /i18n\/en\.js$/], ['an italic font', /_Italic\.woff2$/]]) {
      expect(!fetched(transfers, pattern), `the first load fetched ${what}`);
    }
    expect(fetched(transfers, /views\/search\.js$/) && fetched(transfers, /i18n\/fr\.js$/),
      'the search view and French came with the page');
  });

  await step('a result opens: its view is fetched then', async () => {
    await page.locator('#search-input').pressSequentially('digue', { delay: 30 });
    await resultsFor(page, 'digue');
    await page.getByRole('link', { name: 'digue-synthese.md' }).click();
    await page.getByRole('heading', { name: 'digue-synthese.md', level: 1, exact: true }).waitFor();
    expect(fetched(transfers, /views\/document\.js$/), 'the document view was fetched');
  });

  await step('the header switches to English, fetched then; the next visit keeps it', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Français' }).waitFor();
    expect(fetched(transfers, /i18n\/en\.js$/), 'English was fetched');
    expect(await page.evaluate(() => document.documentElement.lang) === 'en', 'the page says it is in English');
    await page.goto(`${portal.url}/#/`);
    await page.getByRole('heading', { name: 'Search', level: 1, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Rechercher', level: 1, exact: true }).waitFor();
  });

  await step('an English-speaking browser gets the login form in English at once', async () => {
    const english = await newPage(browser, { locale: 'en-GB' });
    await english.goto(`${portal.url}/`);
    await english.getByRole('heading', { name: 'Log in to Synaps', level: 1 }).waitFor();
    expect(await english.evaluate(() => document.documentElement.lang) === 'en', 'the page says it is in English');
    expect(!english.problems.length, english.problems.join('\n'));
    await english.context().close();
  });

  expect(!page.problems.length, page.problems.join('\n'));
});

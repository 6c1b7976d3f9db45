// Administration, the appliance's side: the index's health (its queue and counters for anyone
// on this page; for administrators, the documents whose text could not be extracted, with the
// reason, and a button to try them again), the storage use, and the ingestion sources with
// their last run.
import { h, replace } from '../dom.js';
import { t, formatDate, formatSize } from '../i18n.js';
import { say, failure, table } from './admin_common.js';

export async function drawHealth(page, container) {
  let counters;
  let listed = null;
  try {
    [counters, listed] = await Promise.all([page.api.metrics(),
      page.user.is_admin ? page.api.extractionFailures(50) : null]);
  } catch (error) {
    replace(container, failure(error));
    return;
  }
  const summary = h('ul', {},
    h('li', {}, t('admin.health.queue', { n: counters.synaps_index_queue_length ?? 0 })),
    h('li', {}, t('admin.health.indexed', { n: counters.synaps_documents_indexed_total ?? 0 })),
    h('li', {}, t('admin.health.failures', { n: counters.synaps_extraction_failures_total ?? 0 })));
  if (!listed) {
    replace(container, summary);
    return;
  }
  const rows = listed.failures.map((item) => h('tr', {},
    h('td', { class: 'synaps-path' }, h('a', { class: 'fr-link', href: `#/documents/${item.document_id}` }, item.path)),
    h('td', {}, String(item.version)),
    h('td', {}, t(`admin.failure.${item.status}`)),
    h('td', {}, item.detail || ''),
    h('td', {}, formatDate(item.stored_at, true))));
  const retry = h('button', { type: 'button', class: 'fr-btn fr-btn--secondary', id: 'retry-extraction',
    on: { click: async () => {
      retry.disabled = true;
      try {
        const answer = await page.api.retryExtraction();
        say(page, true, t('admin.failures.queued', { n: answer.queued }));
        await drawHealth(page, container);
      } catch (error) {
        retry.disabled = false;
        say(page, false, failure(error));
      }
    } } }, t('admin.failures.retry'));
  replace(container, summary,
    h('h3', { class: 'fr-h6 fr-mt-3w' }, t('admin.failures', { n: listed.total })),
    rows.length
      ? [table('failures-table', t('admin.failures', { n: listed.total }),
        ['document.path', 'versions.number', 'admin.failure.status', 'admin.failure.detail', 'admin.failure.at'], rows),
      listed.total > rows.length ? h('p', {}, t('admin.failures.more', { n: listed.total - rows.length })) : null,
      retry]
      : h('p', {}, t('admin.failures.none')));
}

export async function drawStorage(page, container) {
  let use;
  try {
    use = await page.api.storage();
  } catch (error) {
    replace(container, failure(error));
    return;
  }
  const saved = use.logical_bytes > 0 ? Math.round(100 * (1 - use.stored_bytes / use.logical_bytes)) : 0;
  replace(container, h('ul', { id: 'storage-use' },
    h('li', {}, t('admin.storage.documents', { n: use.documents, versions: use.versions, trashed: use.trashed_documents })),
    h('li', {}, t('admin.storage.bytes', { stored: formatSize(use.stored_bytes), logical: formatSize(use.logical_bytes), saved })),
    h('li', {}, t('admin.storage.disk', { available: formatSize(use.disk_available_bytes), total: formatSize(use.disk_total_bytes) }))));
}

export async function drawSources(page, container) {
  let sources;
  try {
    sources = (await page.api.sources()).sources;
  } catch (error) {
    replace(container, failure(error));
    return;
  }
  if (!sources.length) {
    replace(container, h('p', {}, t('admin.sources.none')));
    return;
  }
  const lastRun = (run) => (run
    ? t('admin.sources.run', { at: formatDate(run.started_at, true), status: t(`admin.run.${run.status}`),
      created: run.created, versions: run.new_versions, failed: run.failed })
    : t('admin.sources.never'));
  const rows = sources.map((source) => h('tr', {},
    h('td', {}, source.name), h('td', {}, source.type), h('td', { class: 'synaps-path' }, source.location),
    h('td', {}, source.service), h('td', {}, lastRun(source.last_run))));
  replace(container, table('sources-table', t('admin.sources'),
    ['admin.sources.name', 'admin.sources.type', 'admin.sources.location', 'document.service', 'admin.sources.last'], rows));
}

// A document's page: what it is and where it lives, its tags and free metadata (changed in
// place), its versions (each downloadable; an old one restored as a new version, with a
// comment), who it is shared with, and the documents like it.
import { h, append, replace, focus, announce } from '../dom.js';
import { t, formatDate, formatSize } from '../i18n.js';
import { typeLabel } from './search.js';

export async function render(main, { api, values }) {
  const id = values.id;
  // The agent may have gone elsewhere while the document came: then its answer is dropped.
  const loading = h('p', { 'aria-busy': 'true' }, t('loading'));
  replace(main, loading);
  let documentInfo;
  let history;
  try {
    [documentInfo, history] = await Promise.all([api.documentOf(id), api.versions(id)]);
  } catch (error) {
    if (!loading.isConnected) return;
    document.title = `${t('document.missing')} — Synaps`;
    replace(main, h('h1', {}, t('document.missing')),
      h('p', {}, error.status === 404 ? t('document.missing.text') : t('error.generic', { message: error.message })),
      h('p', {}, h('a', { href: '#/', class: 'fr-link' }, t('notfound.back'))));
    focus(main.querySelector('h1'));
    return;
  }
  if (!loading.isConnected) return;
  const page = { api, id, main, doc: documentInfo, versions: history.versions || [] };
  draw(page);
  focus(main.querySelector('h1'));
  loadSimilar(page);
}

function draw(page) {
  const { doc, main } = page;
  document.title = `${doc.name} — Synaps`;
  const notice = h('div', { id: 'document-notice', role: 'status' });
  page.notice = notice;
  replace(main,
    h('nav', { role: 'navigation', class: 'fr-breadcrumb', 'aria-label': t('breadcrumb.label') },
      h('ol', { class: 'fr-breadcrumb__list' },
        h('li', {}, h('a', { class: 'fr-breadcrumb__link', href: '#/' }, t('nav.search'))),
        h('li', {}, h('a', { class: 'fr-breadcrumb__link', href: `#/dossiers?chemin=${encodeURIComponent(doc.folder)}` }, doc.folder)),
        h('li', {}, h('a', { class: 'fr-breadcrumb__link', 'aria-current': 'page' }, doc.name)))),
    h('h1', { class: 'fr-h2', id: 'document-title' }, doc.name),
    h('div', { class: 'synaps-actions fr-mb-3w' },
      h('a', { class: 'fr-btn fr-icon-download-line fr-btn--icon-left', href: page.api.contentUrl(doc.id), download: doc.name, id: 'download' },
        t('document.download')),
      h('a', { class: 'fr-btn fr-btn--secondary', href: `#/dossiers?chemin=${encodeURIComponent(doc.folder)}` }, t('document.folder')),
      doc.trashed ? null : h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary', id: 'organize-toggle',
        'aria-expanded': 'false', 'aria-controls': 'organize-panel', on: { click: (event) => toggleOrganize(page, event.currentTarget) } },
      t('organize.open'))),
    h('div', { id: 'organize-panel', hidden: true }),
    notice,
    h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
      h('div', { class: 'fr-col-12 fr-col-lg-7' },
        section('document-info', t('document.info'), infoTable(doc, page.versions))),
      h('div', { class: 'fr-col-12 fr-col-lg-5' },
        section('document-tags', t('document.tags'), tagsPart(page)),
        section('document-metadata', t('document.metadata'), metadataPart(page)))),
    section('document-shares', t('docshares.title'), sharesPart(page)),
    section('document-preview', t('preview.title'), previewPart(page)),
    section('document-versions', t('document.versions'), versionsTable(page)),
    page.versions.length > 1 ? section('document-compare', t('compare.title'), comparePart(page)) : null,
    section('document-similar', t('document.similar'), h('div', { id: 'similar-list' }, t('loading'))));
}

function section(id, title, ...content) {
  return h('section', { class: 'fr-mb-4w', 'aria-labelledby': `${id}-title`, id },
    h('h2', { class: 'fr-h4', id: `${id}-title` }, title), content);
}

// Where the document came from: the ingestion sources that bring it (a shared drive, a
// mailbox), else who put its first version (an upload, WebDAV, the command line).
function originOf(doc, versions) {
  if (doc.origins?.length) return doc.origins.map((o) => `${o.source} : ${o.key}`).join(' ; ');
  const first = [...versions].sort((a, b) => a.version - b.version)[0];
  return first ? t('document.origin.author', { author: first.author }) : '';
}

function infoTable(doc, versions) {
  const row = (label, value) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value));
  return h('div', { class: 'fr-table fr-table--no-caption' }, h('div', { class: 'fr-table__wrapper' }, h('div', { class: 'fr-table__container' },
    h('div', { class: 'fr-table__content' }, h('table', {},
      h('caption', {}, t('document.info')),
      h('tbody', {},
        row(t('document.service'), doc.service),
        row(t('document.path'), h('span', { class: 'synaps-path' }, doc.path)),
        row(t('document.type'), typeLabel(doc.mime_type)),
        row(t('document.size'), formatSize(doc.size)),
        row(t('document.version'), String(doc.version)),
        row(t('document.created'), formatDate(doc.created_at, true)),
        row(t('document.updated'), formatDate(doc.updated_at, true)),
        row(t('document.origin'), originOf(doc, versions))))))));
}

async function change(page, action, message) {
  try {
    const answer = await action();
    if (answer && answer.id === page.doc.id) page.doc = answer;
    if (message) {
      replace(page.notice, h('div', { class: 'fr-alert fr-alert--success fr-alert--sm' }, h('p', {}, message)));
      announce(message);
    }
    return true;
  } catch (error) {
    const text = error.status === 403 ? t('error.forbidden') : error.status === 423 ? t('error.locked') : t('error.generic', { message: error.message });
    replace(page.notice, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' }, h('p', {}, text)));
    return false;
  }
}

function tagsPart(page) {
  const container = h('div', { id: 'tags' });
  const drawTags = () => {
    const input = h('input', { class: 'fr-input', id: 'tag-new', name: 'tag', required: true, maxlength: 200 });
    replace(container,
      page.doc.tags.length
        ? h('ul', { class: 'fr-tags-group', id: 'tag-list' }, page.doc.tags.map((tag) => h('li', {},
          h('button', { type: 'button', class: 'fr-tag fr-tag--dismiss', 'aria-label': t('tags.remove', { tag }),
            on: { click: async () => {
              if (await change(page, () => page.api.removeTag(page.doc.id, tag), t('tags.removed', { tag }))) {
                drawTags();
                focus(document.getElementById('tag-new'));
              }
            } } }, tag))))
        : h('p', { class: 'fr-text--sm' }, t('tags.none')),
      h('form', { class: 'synaps-inline-form', id: 'tag-form', on: { submit: async (event) => {
        event.preventDefault();
        const tag = input.value.trim();
        if (!tag) return;
        if (await change(page, () => page.api.addTag(page.doc.id, tag), t('tags.added', { tag }))) {
          drawTags();
          focus(document.getElementById('tag-new'));
        }
      } } },
      h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'tag-new' }, t('tags.new')), input),
      h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('tags.add'))));
  };
  drawTags();
  return container;
}

function metadataPart(page) {
  const container = h('div', { id: 'metadata' });
  const drawMetadata = () => {
    const entries = Object.entries(page.doc.metadata || {});
    const key = h('input', { class: 'fr-input', id: 'metadata-key', required: true });
    const value = h('input', { class: 'fr-input', id: 'metadata-value', required: true });
    replace(container,
      entries.length ? h('dl', { id: 'metadata-list' }, entries.map(([name, text]) => [
        h('dt', { class: 'fr-text--bold' }, name),
        h('dd', { class: 'fr-mb-1w' }, text, ' ', h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary-no-outline fr-btn--sm',
          'aria-label': t('metadata.remove', { key: name }), on: { click: async () => {
            if (await change(page, () => page.api.removeMetadata(page.doc.id, name), t('metadata.removed', { key: name }))) drawMetadata();
          } } }, t('metadata.remove.short')))]))
        : h('p', { class: 'fr-text--sm' }, t('metadata.none')),
      h('form', { class: 'synaps-inline-form', id: 'metadata-form', on: { submit: async (event) => {
        event.preventDefault();
        if (!key.value.trim()) return;
        if (await change(page, () => page.api.setMetadata(page.doc.id, key.value.trim(), value.value), t('metadata.saved', { key: key.value.trim() }))) {
          drawMetadata();
          focus(document.getElementById('metadata-key'));
        }
      } } },
      h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'metadata-key' }, t('metadata.key')), key),
      h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'metadata-value' }, t('metadata.value')), value),
      h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('metadata.save'))));
  };
  drawMetadata();
  return container;
}

function versionsTable(page) {
  const container = h('div', { id: 'versions' });
  const drawVersions = () => {
    const newest = Math.max(...page.versions.map((v) => v.version));
    const rows = [...page.versions].sort((a, b) => b.version - a.version).map((version) => {
      const restore = version.version === newest ? null : h('button', {
        type: 'button', class: 'fr-btn fr-btn--sm fr-btn--secondary', id: `restore-${version.version}`,
        on: { click: () => askComment(page, version.version, restore) },
      }, t('versions.restore', { n: version.version }));
      return h('tr', {},
        h('th', { scope: 'row' }, `v${version.version}`),
        h('td', {}, formatDate(version.created_at, true)),
        h('td', {}, version.author),
        h('td', {}, formatSize(version.size)),
        h('td', {}, version.comment || ''),
        h('td', {}, extractionLabel(version)),
        h('td', {}, h('div', { class: 'synaps-actions' },
          h('a', { class: 'fr-btn fr-btn--sm fr-btn--tertiary', href: page.api.contentUrl(page.doc.id, version.version),
            download: page.doc.name, 'aria-label': t('versions.download.label', { n: version.version }) }, t('versions.download')),
          restore)));
    });
    replace(container, h('div', { class: 'fr-table fr-table--no-caption' }, h('div', { class: 'fr-table__wrapper' }, h('div', { class: 'fr-table__container' },
      h('div', { class: 'fr-table__content' }, h('table', { id: 'versions-table' },
        h('caption', {}, t('versions.caption', { n: page.versions.length })),
        h('thead', {}, h('tr', {}, ['versions.number', 'versions.date', 'versions.author', 'versions.size', 'versions.comment', 'versions.extraction', 'versions.actions']
          .map((key) => h('th', { scope: 'col' }, t(key))))),
        h('tbody', {}, rows)))))));
  };
  drawVersions();
  return container;
}

function extractionLabel(version) {
  if (!version.extraction_status) return '';
  if (version.extraction_status === 'ok') return t('extraction.ok');
  if (version.extraction_status === 'pending') return t('extraction.pending');
  return t('extraction.failed', { reason: version.extraction_error || version.extraction_status });
}

// Restoring asks for a comment in place (no pop-up window), then makes the new version.
function askComment(page, number, button) {
  const input = h('input', { class: 'fr-input', id: 'restore-comment', maxlength: 4096 });
  const form = h('form', { class: 'synaps-inline-form fr-mt-1w', id: 'restore-form', on: { submit: async (event) => {
    event.preventDefault();
    const ok = await change(page, () => page.api.restoreVersion(page.doc.id, number, input.value.trim()),
      t('versions.restored', { n: number }));
    if (ok) {
      const [doc, history] = await Promise.all([page.api.documentOf(page.doc.id), page.api.versions(page.doc.id)]);
      page.doc = doc;
      page.versions = history.versions;
      const notice = page.notice.cloneNode(true);
      draw(page);  // the whole page: the current version and what can be compared changed
      page.notice.replaceWith(notice);
      page.notice = notice;
      loadSimilar(page);
      focus(document.getElementById('versions-table'));
    }
  } } },
  h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'restore-comment' }, t('versions.comment.label', { n: number })), input),
  h('button', { class: 'fr-btn fr-btn--sm', type: 'submit' }, t('versions.restore.confirm')),
  h('button', { class: 'fr-btn fr-btn--sm fr-btn--tertiary', type: 'button', on: { click: () => { form.remove(); focus(button); } } }, t('cancel')));
  document.getElementById('restore-form')?.remove();
  button.after(form);
  focus(input);
}

async function loadSimilar(page) {
  const list = document.getElementById('similar-list');
  try {
    const answer = await page.api.similar(page.doc.id);
    if (!document.contains(list)) return;
    replace(list, answer.hits.length ? h('ul', {}, answer.hits.map((hit) => h('li', {},
      h('a', { class: 'fr-link', href: `#/documents/${encodeURIComponent(hit.parent_id || hit.id)}` }, hit.title || hit.file_name),
      ' ', h('span', { class: 'fr-text--xs' }, `(${hit.service})`))))
      : h('p', { class: 'fr-text--sm' }, t('similar.none')));
  } catch {
    replace(list, h('p', { class: 'fr-text--sm' }, t('similar.none')));
  }
}

// What changed in the text between two versions, computed by the server from each version's
// extracted text: removed lines in <del>, added ones in <ins>, each also said in words.
function comparePart(page) {
  const numbers = page.versions.map((v) => v.version).sort((a, b) => a - b);
  const select = (id, chosen) => h('select', { class: 'fr-select', id },
    numbers.map((n) => h('option', { value: n, selected: n === chosen }, `v${n}`)));
  const from = select('compare-from', numbers[numbers.length - 2]);
  const to = select('compare-to', numbers[numbers.length - 1]);
  const output = h('div', { id: 'compare-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'synaps-inline-form', id: 'compare-form', on: { submit: async (event) => {
    event.preventDefault();
    replace(output, h('p', { 'aria-busy': 'true' }, t('loading')));
    try {
      showComparison(output, await page.api.compareVersions(page.doc.id, from.value, to.value));
    } catch (error) {
      replace(output, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' },
        h('p', {}, t('error.generic', { message: error.message }))));
    }
  } } },
  h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'compare-from' }, t('compare.from')), from),
  h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'compare-to' }, t('compare.to')), to),
  h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('compare.submit')));
  return [form, output];
}

function showComparison(output, answer) {
  const notes = [];
  for (const side of [answer.from, answer.to]) {
    if (side.extraction !== 'ok') notes.push(h('p', { class: 'fr-text--sm' }, t('compare.extraction', { n: side.version, reason: side.reason || side.extraction })));
  }
  if (!answer.exact) notes.push(h('p', { class: 'fr-text--sm' }, t('compare.inexact')));
  if (answer.truncated) notes.push(h('p', { class: 'fr-text--sm' }, t('compare.truncated')));
  const summary = h('p', { id: 'compare-summary' }, answer.hunks.length
    ? t('compare.summary', { removed: answer.removed, added: answer.added, from: answer.from.version, to: answer.to.version })
    : t('compare.same', { from: answer.from.version, to: answer.to.version }));
  const hunks = answer.hunks.map((hunk) => h('div', { class: 'synaps-diff fr-mb-2w' },
    h('p', { class: 'fr-text--xs fr-mb-1w' }, t('compare.hunk', { old: hunk.old_start, new: hunk.new_start })),
    hunk.lines.map((line) => {
      if (line.op === '-') return h('del', {}, h('span', { class: 'fr-sr-only' }, t('compare.removed')), `- ${line.text}\n`);
      if (line.op === '+') return h('ins', {}, h('span', { class: 'fr-sr-only' }, t('compare.added')), `+ ${line.text}\n`);
      return h('span', {}, `  ${line.text}\n`);
    })));
  replace(output, summary, notes, hunks);
}

// Renaming, moving (to a folder named by its path) and sending to the trash, in a panel that
// opens in place. What the caller may not do, the server refuses and the notice says so.
function toggleOrganize(page, button) {
  const panel = document.getElementById('organize-panel');
  const open = panel.hidden;
  panel.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (!open) return;
  const name = h('input', { class: 'fr-input', id: 'rename-name', value: page.doc.name, required: true });
  const folder = h('input', { class: 'fr-input', id: 'move-folder', value: page.doc.folder, required: true });
  const apply = async (changes, message) => {
    if (await change(page, () => page.api.updateDocument(page.doc.id, changes), message)) {
      const notice = page.notice.cloneNode(true);
      draw(page);
      page.notice.replaceWith(notice);
      page.notice = notice;
      loadSimilar(page);
      focus(document.getElementById('document-title'));
    }
  };
  replace(panel,
    h('form', { class: 'synaps-inline-form fr-mb-2w', id: 'rename-form', on: { submit: (event) => {
      event.preventDefault();
      if (name.value.trim()) apply({ name: name.value.trim() }, t('organize.renamed', { name: name.value.trim() }));
    } } },
    h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'rename-name' }, t('organize.name')), name),
    h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('organize.rename'))),
    h('form', { class: 'synaps-inline-form fr-mb-2w', id: 'move-form', on: { submit: (event) => {
      event.preventDefault();
      if (folder.value.trim()) apply({ folder: folder.value.trim() }, t('organize.moved', { folder: folder.value.trim() }));
    } } },
    h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'move-folder' }, t('organize.folder'),
      h('span', { class: 'fr-hint-text' }, t('organize.folder.hint'))), folder),
    h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('organize.move'))),
    h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary fr-icon-delete-line fr-btn--icon-left', id: 'trash-button',
      on: { click: async () => {
        if (await change(page, () => page.api.trashDocument(page.doc.id), t('organize.trashed', { name: page.doc.name }))) {
          location.hash = `#/corbeille`;
        }
      } } }, t('organize.trash')));
  focus(name);
}

// The preview: a PDF's first pages as images, and for every type the text of the current
// version, as the server extracts it (the first 64 KiB), on demand: each text preview parses
// the document in the server's isolated worker.
function previewPart(page) {
  return [page.doc.mime_type === 'application/pdf' ? pageImages(page) : null, textPreview(page)];
}

// At most this many pages of a PDF are shown (the server draws up to 5).
const PREVIEW_PAGES = 3;

// The first pages of a PDF, drawn by the server in its isolated worker and kept once drawn.
// Each image is loaded when it comes near the screen; the next page is asked for once one has
// loaded, and the first that does not exist (a 404 past the last page) is left out silently.
function pageImages(page) {
  const { doc } = page;
  const list = h('ul', { class: 'synaps-preview-pages fr-raw-list', id: 'preview-pages', 'aria-label': t('preview.pages', { name: doc.name }) });
  const status = h('div', { id: 'preview-pages-status', 'aria-live': 'polite' });
  const addPage = (n) => {
    const item = h('li', { class: 'fr-mb-2w' });
    const image = h('img', {
      class: 'synaps-preview-image', id: `preview-page-${n}`, loading: 'lazy', decoding: 'async',
      src: page.api.previewImageUrl(doc.id, n, doc.version), alt: t('preview.image.alt', { n, name: doc.name }),
      on: {
        load: () => { if (n < PREVIEW_PAGES) addPage(n + 1); },
        error: () => {
          item.remove();
          if (n === 1) replace(status, h('p', { class: 'fr-text--sm' }, t('preview.image.failed')));
        },
      },
    });
    list.append(append(item, [image]));
  };
  addPage(1);
  return [list, status];
}

function textPreview(page) {
  const output = h('div', { id: 'preview-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'fr-btn fr-btn--secondary', id: 'preview-button', on: { click: async () => {
    replace(output, h('p', { 'aria-busy': 'true' }, t('loading')));
    try {
      const answer = await page.api.preview(page.doc.id);
      const pages = answer.text.split('\f');
      const notes = [];
      if (answer.extraction !== 'ok') notes.push(h('p', { class: 'fr-text--sm' }, t('preview.extraction', { reason: answer.reason || answer.extraction })));
      if (answer.truncated) notes.push(h('p', { class: 'fr-text--sm' }, t('preview.truncated')));
      replace(output, notes, answer.text.trim()
        ? h('div', { class: 'synaps-preview-text', id: 'preview-text', tabindex: '0', role: 'region', 'aria-label': t('preview.region') },
          pages.map((text, i) => [pages.length > 1 ? h('p', { class: 'fr-text--xs fr-mb-1w' }, t('preview.page', { n: i + 1 })) : null, text]))
        : h('p', {}, t('preview.empty')));
    } catch (error) {
      replace(output, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' }, h('p', {}, t('error.generic', { message: error.message }))));
    }
  } } }, t('preview.show'));
  return [button, output];
}

// Who else may read the document: its own shares and those of the folders above it. Its
// service's managers share it with another service or with every service.
function sharesPart(page) {
  const container = h('div', { id: 'document-share-list' }, t('loading'));
  const drawShares = async () => {
    let shares;
    let services;
    try {
      [shares, services] = await Promise.all([page.api.documentShares(page.doc.id).then((a) => a.shares),
        page.api.services().then((a) => a.services)]);
    } catch (error) {
      replace(container, t('error.generic', { message: error.message }));
      return;
    }
    const role = services.find((s) => s.code === page.doc.service)?.role;
    const items = shares.map((share) => h('li', {},
      share.service || t('shares.everyone'), ' — ', t(share.mode === 'write' ? 'access.read-write' : 'access.read'),
      ' ', h('span', { class: 'fr-text--xs' }, share.document_id ? t('docshares.own') : t('docshares.folder'))));
    const parts = [items.length ? h('ul', {}, items) : h('p', {}, t('docshares.none'))];
    if (role === 'admin' || role === 'manager') {
      const target = h('select', { class: 'fr-select', id: 'document-share-service' },
        h('option', { value: '' }, t('shares.everyone')),
        services.filter((s) => s.code !== page.doc.service).map((s) => h('option', { value: s.code }, `${s.name} (${s.code})`)));
      const mode = h('select', { class: 'fr-select', id: 'document-share-mode' },
        h('option', { value: 'read' }, t('access.read')), h('option', { value: 'write' }, t('access.read-write')));
      parts.push(h('form', { class: 'synaps-inline-form', id: 'document-share-form', on: { submit: async (event) => {
        event.preventDefault();
        if (await change(page, () => page.api.shareDocument(page.doc.id, target.value, mode.value),
          t('shares.done', { service: target.value || t('shares.everyone') }))) {
          await drawShares();
          focus(document.getElementById('document-share-service'));
        }
      } } },
      h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'document-share-service' }, t('docshares.with')), target),
      h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'document-share-mode' }, t('docshares.mode')), mode),
      h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('docshares.submit'))));
    }
    replace(container, parts);
  };
  drawShares();
  return container;
}

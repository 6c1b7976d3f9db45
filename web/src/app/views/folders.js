// Browsing: the caller's services and what other services share with them; a folder with its
// subfolders and documents; uploads (chosen or dropped, several files, with progress); new
// folders; and, for the service's managers, the folder's shares, its renaming and deletion.
import { h, replace, focus, announce } from '../dom.js';
import { t, formatDate, formatSize } from '../i18n.js';
import * as router from '../router.js';
import { typeLabel } from './search.js';

export async function render(main, { api, values, params, user }) {
  // The agent may have gone elsewhere while the folder came: then its answer is dropped.
  const loading = h('p', { 'aria-busy': 'true' }, t('loading'));
  replace(main, loading);
  const path = params.get('chemin');
  if (!values.id && !path) return renderHome(main, api, user, loading);
  let folder;
  try {
    folder = values.id ? await api.folder(values.id) : await api.folderByPath(path);
  } catch (error) {
    if (!loading.isConnected) return;
    replace(main, h('h1', {}, t('folders.missing')),
      h('p', {}, error.status === 404 ? t('folders.missing.text') : t('error.generic', { message: error.message })),
      h('p', {}, h('a', { href: '#/dossiers', class: 'fr-link' }, t('folders.back'))));
    focus(main.querySelector('h1'));
    return;
  }
  let role = null;
  try {
    const services = await api.services();
    role = services.services.find((s) => s.code === folder.service)?.role || null;
  } catch { /* no role known: nothing to manage */ }
  if (!loading.isConnected) return;
  const page = { api, main, folder, role, user };
  drawFolder(page);
  focus(main.querySelector('h1'));
}

async function renderHome(main, api, user, loading) {
  document.title = `${t('folders.title')} — Synaps`;
  let services = [];
  let shares = [];
  try {
    [services, shares] = await Promise.all([
      api.services().then((a) => a.services), api.incomingShares().then((a) => a.shares)]);
  } catch (error) {
    if (!loading.isConnected) return;
    replace(main, h('div', { class: 'fr-alert fr-alert--error', role: 'alert' }, h('p', {}, t('error.generic', { message: error.message }))));
    return;
  }
  if (!loading.isConnected) return;
  const mine = services.filter((s) => s.role);
  replace(main,
    h('h1', { class: 'fr-h2' }, t('folders.title')),
    h('h2', { class: 'fr-h4' }, t('folders.mine')),
    mine.length ? h('ul', { class: 'fr-raw-list', id: 'my-services' }, mine.map((s) => h('li', { class: 'fr-mb-1w' },
      h('a', { class: 'fr-link fr-icon-folder-2-line fr-link--icon-left', href: `#/dossiers?chemin=${encodeURIComponent(`/${s.code}`)}` }, `${s.name} (${s.code})`),
      ' ', h('span', { class: 'fr-badge fr-badge--sm' }, t(`role.${s.role}`)))))
      : h('p', {}, t('folders.mine.none')),
    h('h2', { class: 'fr-h4 fr-mt-4w' }, t('folders.shared')),
    shares.length ? h('ul', { class: 'fr-raw-list', id: 'shared-with-me' }, shares.map((share) => h('li', { class: 'fr-mb-1w' },
      share.folder_id
        ? h('a', { class: 'fr-link', href: `#/dossiers/${share.folder_id}` }, share.path)
        : h('a', { class: 'fr-link', href: `#/documents/${share.document_id}` }, share.path),
      ' — ', t('shares.from', { service: share.service, access: t(`access.${share.access}`) }))))
      : h('p', {}, t('folders.shared.none')));
  focus(main.querySelector('h1'));
  void user;
}

function canWrite(role) { return ['admin', 'manager', 'editor'].includes(role); }
function canManage(role) { return ['admin', 'manager'].includes(role); }

function breadcrumb(folder) {
  const parts = folder.path.split('/').filter(Boolean);
  const items = [h('li', {}, h('a', { class: 'fr-breadcrumb__link', href: '#/dossiers' }, t('folders.title')))];
  parts.forEach((part, i) => {
    const path = `/${parts.slice(0, i + 1).join('/')}`;
    const last = i === parts.length - 1;
    items.push(h('li', {}, h('a', { class: 'fr-breadcrumb__link', href: last ? null : `#/dossiers?chemin=${encodeURIComponent(path)}`,
      'aria-current': last ? 'page' : null }, part)));
  });
  return h('nav', { role: 'navigation', class: 'fr-breadcrumb', 'aria-label': t('breadcrumb.label') }, h('ol', { class: 'fr-breadcrumb__list' }, items));
}

function drawFolder(page) {
  const { folder, main } = page;
  document.title = `${folder.path} — Synaps`;
  page.notice = h('div', { id: 'folder-notice', role: 'status' });
  const rows = [
    ...folder.folders.map((sub) => h('tr', {},
      h('td', {}, h('a', { class: 'fr-link fr-icon-folder-2-line fr-link--icon-left', href: `#/dossiers/${sub.id}` }, sub.name)),
      h('td', {}, t('folders.kind.folder')), h('td', {}), h('td', {}))),
    ...folder.documents.map((doc) => h('tr', {},
      h('td', {}, h('a', { class: 'fr-link', href: `#/documents/${doc.id}` }, doc.name)),
      h('td', {}, typeLabel(doc.mime_type)),
      h('td', {}, formatSize(doc.size)),
      h('td', {}, formatDate(doc.updated_at, true)))),
  ];
  replace(main,
    breadcrumb(folder),
    h('h1', { class: 'fr-h2', id: 'folder-title' }, folder.name || folder.service),
    page.notice,
    h('div', { class: 'fr-table fr-table--no-caption', id: 'folder-listing' }, h('div', { class: 'fr-table__wrapper' }, h('div', { class: 'fr-table__container' },
      h('div', { class: 'fr-table__content' }, h('table', {},
        h('caption', {}, t('folders.caption', { path: folder.path })),
        h('thead', {}, h('tr', {}, ['folders.name', 'folders.type', 'folders.size', 'folders.updated'].map((key) => h('th', { scope: 'col' }, t(key))))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 4 }, t('folders.empty'))))))))),
    canWrite(page.role) ? uploadPart(page) : null,
    canWrite(page.role) ? newFolderPart(page) : null,
    canManage(page.role) ? sharesPart(page) : null,
    canManage(page.role) && folder.parent_id ? manageFolderPart(page) : null);
}

// A manager renames the folder (everything in it keeps its history) or deletes it once empty.
function manageFolderPart(page) {
  const name = h('input', { class: 'fr-input', id: 'folder-rename', value: page.folder.name, required: true });
  return h('section', { class: 'fr-mt-4w', 'aria-labelledby': 'folder-manage-title' },
    h('h2', { class: 'fr-h4', id: 'folder-manage-title' }, t('folder.manage.title')),
    h('form', { class: 'synaps-inline-form fr-mb-2w', id: 'folder-rename-form', on: { submit: async (event) => {
      event.preventDefault();
      const wanted = name.value.trim();
      if (!wanted) return;
      try {
        await page.api.updateFolder(page.folder.id, { name: wanted });
        // The URL named the folder by its old path: it names it by its id from now on.
        router.go(`/dossiers/${page.folder.id}`, null, { replace: true });
        await reload(page, 'folder-title');
        notify(page, true, t('folder.renamed', { name: wanted }));
      } catch (error) {
        notify(page, false, errorText(error));
      }
    } } },
    h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'folder-rename' }, t('folder.rename.label')), name),
    h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('folder.rename'))),
    h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary', id: 'folder-delete', on: { click: async () => {
      try {
        await page.api.deleteFolder(page.folder.id);
        location.hash = `#/dossiers/${page.folder.parent_id}`;
      } catch (error) {
        notify(page, false, error.code === 'folder_not_empty' ? t('folder.not_empty') : errorText(error));
      }
    } } }, t('folder.delete')));
}

async function reload(page, focusId) {
  page.folder = await page.api.folder(page.folder.id);
  drawFolder(page);
  if (focusId) focus(document.getElementById(focusId));
}

function notify(page, ok, text) {
  replace(page.notice, h('div', { class: `fr-alert fr-alert--${ok ? 'success' : 'error'} fr-alert--sm`, role: ok ? null : 'alert' }, h('p', {}, text)));
  if (ok) announce(text);
}

function errorText(error) {
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 409) return t('error.conflict', { message: error.message });
  if (error.status === 413) return t('upload.too_big');
  return t('error.generic', { message: error.message });
}

function uploadPart(page) {
  const input = h('input', { class: 'fr-upload', type: 'file', id: 'upload-input', multiple: true, name: 'files' });
  const progress = h('progress', { id: 'upload-progress', max: 100, value: 0, hidden: true, 'aria-label': t('upload.progress') });
  const zone = h('div', { class: 'synaps-dropzone', id: 'dropzone' },
    h('div', { class: 'fr-upload-group' },
      h('label', { class: 'fr-label', for: 'upload-input' }, t('upload.label'), h('span', { class: 'fr-hint-text' }, t('upload.hint'))),
      input),
    progress);
  const send = async (files) => {
    if (!files.length) return;
    progress.hidden = false;
    progress.value = 0;
    try {
      await page.api.upload(page.folder.id, files, { onProgress: (fraction) => { progress.value = Math.round(fraction * 100); } });
      await reload(page, 'folder-title');
      notify(page, true, t('upload.done', { n: files.length }));
    } catch (error) {
      progress.hidden = true;
      notify(page, false, errorText(error));
    }
  };
  input.addEventListener('change', () => send([...input.files]));
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('synaps-dropzone--over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('synaps-dropzone--over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('synaps-dropzone--over');
    send([...(event.dataTransfer?.files || [])]);
  });
  return h('section', { class: 'fr-mt-4w', 'aria-labelledby': 'upload-title' }, h('h2', { class: 'fr-h4', id: 'upload-title' }, t('upload.title')), zone);
}

function newFolderPart(page) {
  const input = h('input', { class: 'fr-input', id: 'folder-new', required: true });
  return h('section', { class: 'fr-mt-4w', 'aria-labelledby': 'mkdir-title' },
    h('h2', { class: 'fr-h4', id: 'mkdir-title' }, t('mkdir.title')),
    h('form', { class: 'synaps-inline-form', id: 'mkdir-form', on: { submit: async (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) return;
      try {
        await page.api.createFolder(`${page.folder.path}/${name}`);
        await reload(page, 'folder-new');
        notify(page, true, t('mkdir.done', { name }));
      } catch (error) {
        notify(page, false, errorText(error));
      }
    } } },
    h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'folder-new' }, t('mkdir.name')), input),
    h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('mkdir.submit'))));
}

function sharesPart(page) {
  const container = h('div', { id: 'folder-shares' }, t('loading'));
  const drawShares = async () => {
    let shares = [];
    let services = [];
    try {
      [shares, services] = await Promise.all([page.api.folderShares(page.folder.id).then((a) => a.shares),
        page.api.services().then((a) => a.services)]);
    } catch (error) {
      replace(container, t('error.generic', { message: error.message }));
      return;
    }
    const target = h('select', { class: 'fr-select', id: 'share-service' },
      h('option', { value: '' }, t('shares.everyone')),
      services.filter((s) => s.code !== page.folder.service).map((s) => h('option', { value: s.code }, `${s.name} (${s.code})`)));
    const mode = h('select', { class: 'fr-select', id: 'share-mode' },
      h('option', { value: 'read' }, t('access.read')), h('option', { value: 'write' }, t('access.read-write')));
    replace(container,
      // A folder's share: `service` is the one it is shared with (null: every service).
      shares.length ? h('ul', { id: 'share-list' }, shares.map((share) => h('li', {},
        share.service || t('shares.everyone'), ' — ', t(share.mode === 'write' ? 'access.read-write' : 'access.read'), ' ',
        h('button', { type: 'button', class: 'fr-btn fr-btn--sm fr-btn--tertiary-no-outline',
          'aria-label': t('shares.remove.label', { service: share.service || t('shares.everyone') }),
          on: { click: async () => {
            try { await page.api.removeShare(share.id); notify(page, true, t('shares.removed')); await drawShares(); focus(document.getElementById('share-service')); }
            catch (error) { notify(page, false, errorText(error)); }
          } } }, t('shares.remove')))))
        : h('p', {}, t('shares.none')),
      h('form', { class: 'synaps-inline-form', id: 'share-form', on: { submit: async (event) => {
        event.preventDefault();
        try {
          await page.api.shareFolder(page.folder.id, target.value, mode.value);
          notify(page, true, t('shares.done', { service: target.value || t('shares.everyone') }));
          await drawShares();
          focus(document.getElementById('share-service'));
        } catch (error) {
          notify(page, false, errorText(error));
        }
      } } },
      h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'share-service' }, t('shares.with')), target),
      h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'share-mode' }, t('shares.mode')), mode),
      h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('shares.submit'))));
  };
  drawShares();
  return h('section', { class: 'fr-mt-4w', 'aria-labelledby': 'shares-title' },
    h('h2', { class: 'fr-h4', id: 'shares-title' }, t('shares.title')), container);
}



// The trash: the documents the caller may read that were sent there, each restorable to its
// folder (unless a live document took its name meanwhile: the server says so).
import { h, replace, focus, announce } from '../dom.js';
import { t, formatDate, formatSize } from '../i18n.js';

export async function render(main, { api }) {
  document.title = `${t('trash.title')} — Synaps`;
  // The agent may have gone elsewhere while the list came: then it is dropped.
  const loading = h('p', { 'aria-busy': 'true' }, t('loading'));
  replace(main, loading);
  let documents = [];
  try {
    documents = (await api.trash()).documents;
  } catch (error) {
    if (!loading.isConnected) return;
    replace(main, h('div', { class: 'fr-alert fr-alert--error', role: 'alert' }, h('p', {}, t('error.generic', { message: error.message }))));
    return;
  }
  if (!loading.isConnected) return;
  const notice = h('div', { id: 'trash-notice', role: 'status' });
  const rows = documents.map((doc) => h('tr', {},
    h('td', {}, doc.path),
    h('td', {}, formatSize(doc.size)),
    h('td', {}, formatDate(doc.updated_at, true)),
    h('td', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--sm fr-btn--secondary',
      'aria-label': t('trash.restore.label', { name: doc.name }), on: { click: async (event) => {
        try {
          await api.restoreDocument(doc.id);
          event.target.closest('tr').remove();
          const text = t('trash.restored', { name: doc.name });
          replace(notice, h('div', { class: 'fr-alert fr-alert--success fr-alert--sm' }, h('p', {}, text,
            ' ', h('a', { href: `#/documents/${doc.id}`, class: 'fr-link' }, t('trash.open')))));
          announce(text);
          focus(document.getElementById('trash-title'));
        } catch (error) {
          replace(notice, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' },
            h('p', {}, error.status === 409 ? t('error.conflict', { message: error.message }) : t('error.generic', { message: error.message }))));
        }
      } } }, t('trash.restore')))));
  replace(main,
    h('h1', { class: 'fr-h2', id: 'trash-title' }, t('trash.title')),
    h('p', {}, t('trash.intro')),
    notice,
    rows.length ? h('div', { class: 'fr-table fr-table--no-caption' }, h('div', { class: 'fr-table__wrapper' }, h('div', { class: 'fr-table__container' },
      h('div', { class: 'fr-table__content' }, h('table', { id: 'trash-table' },
        h('caption', {}, t('trash.title')),
        h('thead', {}, h('tr', {}, ['trash.path', 'folders.size', 'trash.when', 'versions.actions'].map((key) => h('th', { scope: 'col' }, t(key))))),
        h('tbody', {}, rows))))))
      : h('p', { id: 'trash-empty' }, t('trash.empty')));
  focus(document.getElementById('trash-title'));
}

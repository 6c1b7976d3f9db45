// The pieces every section of the administration page shares: a titled section, the notice
// that says how an action went, the words for a refusal, a table in the design system's frame.
import { h, replace, announce } from '../dom.js';
import { t } from '../i18n.js';

export function section(id, title, content) {
  return h('section', { class: 'fr-mb-5w', 'aria-labelledby': id }, h('h2', { class: 'fr-h4', id }, title), content);
}

export function say(page, ok, text) {
  replace(page.notice, h('div', { class: `fr-alert fr-alert--${ok ? 'success' : 'error'} fr-alert--sm`, role: ok ? null : 'alert' }, h('p', {}, text)));
  if (ok) announce(text);
}

export function failure(error) {
  return error.status === 403 ? t('error.forbidden') : t('error.generic', { message: error.message });
}

export function table(id, caption, headers, rows) {
  return h('div', { class: 'fr-table fr-table--no-caption' }, h('div', { class: 'fr-table__wrapper' }, h('div', { class: 'fr-table__container' },
    h('div', { class: 'fr-table__content' }, h('table', { id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, rows))))));
}

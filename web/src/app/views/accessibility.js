// The accessibility declaration that RGAA 4 asks of a State's web application: its state of
// compliance, what was checked and how, what is known not to comply, how to report a problem
// and the remedies. Shown without logging in.
import { h, replace, focus } from '../dom.js';
import { t } from '../i18n.js';

export function render(main) {
  document.title = `${t('a11y.title')} — Synaps`;
  const paragraphs = (key) => t(key).split('\n').map((text) => h('p', {}, text));
  const list = (key) => h('ul', {}, t(key).split('\n').map((text) => h('li', {}, text)));
  replace(main, h('div', { class: 'fr-grid-row' }, h('div', { class: 'fr-col-12 fr-col-lg-9' },
    h('h1', {}, t('a11y.title')),
    paragraphs('a11y.intro'),
    h('h2', {}, t('a11y.status.title')),
    paragraphs('a11y.status'),
    h('h2', {}, t('a11y.tests.title')),
    paragraphs('a11y.tests'),
    list('a11y.tests.list'),
    h('h2', {}, t('a11y.known.title')),
    list('a11y.known'),
    h('h2', {}, t('a11y.tech.title')),
    list('a11y.tech'),
    h('h2', {}, t('a11y.contact.title')),
    paragraphs('a11y.contact'),
    h('h2', {}, t('a11y.remedy.title')),
    paragraphs('a11y.remedy'),
    list('a11y.remedy.list'))));
  focus(main.querySelector('h1'));
}

// The portal's entry: finds out who is logged in, draws the header and footer, and shows the
// view the URL names. Each view is a module of views/ exporting render(main, context).
import * as api from './api.js';
import { h, replace, focus } from './dom.js';
import { t, chooseLanguage, language, languages, setLanguage } from './i18n.js';
import * as router from './router.js';
import * as loginView from './views/login.js';
import * as searchView from './views/search.js';
import * as documentView from './views/document.js';
import * as foldersView from './views/folders.js';
import * as accessibilityView from './views/accessibility.js';
import * as trashView from './views/trash.js';
import * as adminView from './views/admin.js';

const ROUTES = [
  { path: '/', view: searchView, nav: 'search' },
  { path: '/recherche', view: searchView, nav: 'search' },
  { path: '/documents/:id', view: documentView, nav: 'search' },
  { path: '/dossiers', view: foldersView, nav: 'folders' },
  { path: '/dossiers/:id', view: foldersView, nav: 'folders' },
  { path: '/corbeille', view: trashView, nav: 'trash' },
  { path: '/administration', view: adminView, nav: 'admin' },
  { path: '/accessibilite', view: accessibilityView, public: true },
];

const state = { user: null, view: null, path: null };
const main = document.getElementById('main');

function navigationLink(key, target, current) {
  return h('li', { class: 'fr-nav__item' },
    h('a', { class: 'fr-nav__link', href: target, 'aria-current': current ? 'page' : null }, t(key)));
}

// Administrators, and the managers of a service, have an administration page.
function administers() {
  return state.user.is_admin || (state.user.memberships || []).some((m) => m.role === 'manager');
}

function drawHeader(nav) {
  const tools = [];
  if (state.user) {
    tools.push(h('li', {}, h('span', { class: 'fr-btn fr-icon-account-circle-line', id: 'current-user' },
      state.user.display_name || state.user.login)));
  }
  const other = languages().find((code) => code !== language());
  tools.push(h('li', {}, h('button', {
    class: 'fr-btn fr-icon-translate-2', type: 'button', lang: other, id: 'language-switch',
    title: t('header.language.title'),
    on: { click: () => { setLanguage(other); render(true); } },
  }, t('header.language.other'))));
  if (state.user) {
    tools.push(h('li', {}, h('button', {
      class: 'fr-btn fr-icon-logout-box-r-line', type: 'button', id: 'logout',
      on: { click: logout },
    }, t('header.logout'))));
  }
  const menuId = 'header-menu';
  const header = h('header', { role: 'banner', class: 'fr-header' },
    h('div', { class: 'fr-header__body' }, h('div', { class: 'fr-container' },
      h('div', { class: 'fr-header__body-row' },
        h('div', { class: 'fr-header__brand fr-enlarge-link' },
          h('div', { class: 'fr-header__brand-top' },
            h('div', { class: 'fr-header__logo' }, h('p', { class: 'fr-logo' }, 'République', h('br'), 'Française')),
            h('div', { class: 'fr-header__navbar' },
              h('button', {
                class: 'fr-btn--menu fr-btn', type: 'button', 'data-fr-opened': 'false',
                'aria-controls': menuId, title: t('header.menu'), id: 'menu-button',
              }, t('header.menu')))),
          h('div', { class: 'fr-header__service' },
            h('a', { href: '#/', title: t('header.home') },
              h('p', { class: 'fr-header__service-title' }, 'Synaps')),
            h('p', { class: 'fr-header__service-tagline' }, t('header.tagline')))),
        h('div', { class: 'fr-header__tools' },
          h('div', { class: 'fr-header__tools-links' }, h('ul', { class: 'fr-btns-group' }, tools)))))),
    h('div', { class: 'fr-header__menu fr-modal', id: menuId, 'aria-labelledby': 'menu-button' },
      h('div', { class: 'fr-container' },
        h('button', { class: 'fr-btn--close fr-btn', type: 'button', 'aria-controls': menuId, title: t('header.close') },
          t('header.close')),
        h('div', { class: 'fr-header__menu-links' }),
        state.user ? h('nav', { class: 'fr-nav', role: 'navigation', 'aria-label': t('header.nav') },
          h('ul', { class: 'fr-nav__list' },
            navigationLink('nav.search', '#/', nav === 'search'),
            navigationLink('nav.folders', '#/dossiers', nav === 'folders'),
            navigationLink('nav.trash', '#/corbeille', nav === 'trash'),
            administers() ? navigationLink('nav.admin', '#/administration', nav === 'admin') : null)) : null)));
  replace(document.getElementById('header'), header);
}

function drawFooter() {
  const footer = h('footer', { class: 'fr-footer', role: 'contentinfo', id: 'footer-content' },
    h('div', { class: 'fr-container' },
      h('div', { class: 'fr-footer__body' },
        h('div', { class: 'fr-footer__brand fr-enlarge-link' },
          h('a', { href: '#/', title: t('header.home') }, h('p', { class: 'fr-logo' }, 'République', h('br'), 'Française'))),
        h('div', { class: 'fr-footer__content' },
          h('p', { class: 'fr-footer__content-desc' }, t('footer.description')))),
      h('div', { class: 'fr-footer__bottom' },
        h('ul', { class: 'fr-footer__bottom-list' },
          h('li', { class: 'fr-footer__bottom-item' },
            h('a', { class: 'fr-footer__bottom-link', href: '#/accessibilite' }, t('footer.accessibility'))),
          h('li', { class: 'fr-footer__bottom-item' },
            h('a', { class: 'fr-footer__bottom-link', href: '/api/v1/openapi.json' }, t('footer.api')))))));
  replace(document.getElementById('footer'), footer);
  const skip = document.getElementById('skip-main');
  if (skip) skip.textContent = t('skip.content');
  document.getElementById('skiplinks')?.setAttribute('aria-label', t('skip.label'));
}

async function logout() {
  try { await api.logout(); } catch { /* already ended */ }
  state.user = null;
  router.go('/', null);
  render(true);
}

// Shows the view of the URL. `force` draws it anew even if only its parameters changed (the
// language switched, the user logged in).
async function render(force = false) {
  const { path, params } = router.current();
  const found = router.match(ROUTES, path);
  const route = found?.route;
  drawHeader(route?.nav);
  drawFooter();
  if (!state.user && !route?.public) {
    state.view = loginView;
    state.path = null;
    loginView.render(main, { api, params, onLogin: async (user) => { state.user = user; render(true); } });
    return;
  }
  if (!route) {
    state.view = null;
    replace(main, h('h1', {}, t('notfound.title')), h('p', {}, h('a', { href: '#/' }, t('notfound.back'))));
    document.title = `${t('notfound.title')} — Synaps`;
    focus(main.querySelector('h1'));
    return;
  }
  // A view that stays (the search page while its query changes) is told, not redrawn.
  if (!force && state.view === route.view && state.path === route.path && route.view.update) {
    route.view.update(params);
    return;
  }
  state.view = route.view;
  state.path = route.path;
  await route.view.render(main, { api, params, values: found.values, user: state.user });
}

async function start() {
  chooseLanguage();
  try {
    state.user = await api.currentSession();
  } catch {
    state.user = null;
  }
  // The skip link moves the focus; followed as a link it would change the route.
  document.getElementById('skip-main')?.addEventListener('click', (event) => {
    event.preventDefault();
    focus(main);
  });
  window.addEventListener('hashchange', () => render(false));
  window.addEventListener('synaps:unauthenticated', () => {
    if (state.user) { state.user = null; render(true); }
  });
  render(true);
}

start();

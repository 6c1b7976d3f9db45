// The portal's entry: finds out who is logged in, draws the header and footer, and shows the
// view the URL names. Each view is a module of views/ exporting render(main, context).
import * as api from './api.js';
import { h, replace, focus } from './dom.js';
import { t, chooseLanguage, language, languages, setLanguage } from './i18n.js';
import * as router from './router.js';
import * as loginView from './views/login.js';
import * as searchView from './views/search.js';

// The login and search views come with the page (they are what an agent sees first); the
// others are fetched when first opened, so that the first visit downloads only what it shows.
const searchPage = async () => searchView;
const ROUTES = [
  { path: '/', view: searchPage, nav: 'search' },
  { path: '/recherche', view: searchPage, nav: 'search' },
  { path: '/documents/:id', view: () => import('./views/document.js'), nav: 'search' },
  { path: '/dossiers', view: () => import('./views/folders.js'), nav: 'folders' },
  { path: '/dossiers/:id', view: () => import('./views/folders.js'), nav: 'folders' },
  { path: '/corbeille', view: () => import('./views/trash.js'), nav: 'trash' },
  { path: '/administration', view: () => import('./views/admin.js'), nav: 'admin' },
  { path: '/accessibilite', view: () => import('./views/accessibility.js'), public: true },
];

// `drawn` counts the renders begun: one that finds a later one begun while it waited for its
// module gives way to it.
const state = { user: null, view: null, path: null, drawn: 0 };
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
    on: { click: async () => { await setLanguage(other); render(true); } },
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
  const turn = ++state.drawn;
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
  let view;
  try {
    view = await route.view();
  } catch {
    // The module could not be fetched: the network is down, or a new version replaced the files.
    if (turn !== state.drawn) return;
    state.view = null;
    replace(main, h('h1', {}, t('unavailable.title')), h('p', {}, t('unavailable.text')));
    focus(main.querySelector('h1'));
    return;
  }
  if (turn !== state.drawn) return;
  // A view that stays (the search page while its query changes) is told, not redrawn.
  if (!force && state.view === view && state.path === route.path && view.update) {
    view.update(params);
    return;
  }
  state.view = view;
  state.path = route.path;
  await view.render(main, { api, params, values: found.values, user: state.user });
}

async function start() {
  await chooseLanguage();
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

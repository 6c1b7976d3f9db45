// Administration, API tokens: one's own (made here, shown once, revoked here), for scripts and
// WebDAV clients; administrators also look up and revoke anyone's. Tokens are listed by name
// and date only: the server keeps no token in clear.
import { h, replace, focus } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { say, failure, table } from './admin_common.js';

export async function drawTokens(page, container, shown = null) {
  let own;
  try {
    own = (await page.api.myTokens()).tokens;
  } catch (error) {
    replace(container, failure(error));
    return;
  }
  const redraw = (created) => drawTokens(page, container, created);
  const name = h('input', { class: 'fr-input', id: 'token-name', required: true, maxlength: 100, autocomplete: 'off' });
  const form = h('form', { class: 'synaps-inline-form', id: 'token-form', on: { submit: async (event) => {
    event.preventDefault();
    try {
      const created = await page.api.createToken(name.value.trim());
      say(page, true, t('admin.tokens.created', { name: created.name }));
      await redraw(created);
      focus(document.getElementById('token-secret'));
    } catch (error) { say(page, false, error.status === 409 ? t('error.conflict', { message: error.message }) : failure(error)); }
  } } },
  h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'token-name' }, t('admin.tokens.name')), name),
  h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('admin.tokens.create')));
  replace(container,
    shown ? h('div', { class: 'fr-alert fr-alert--info fr-mb-2w' },
      h('p', {}, t('admin.tokens.once', { name: shown.name })),
      h('p', {}, h('code', { id: 'token-secret', tabindex: '-1' }, shown.token))) : null,
    tokenTable(page, 'own-tokens', t('admin.tokens.own'), own, (token) => page.api.revokeToken(token.name), () => redraw(null)),
    form,
    page.user.is_admin ? othersTokens(page) : null);
}

function tokenTable(page, id, caption, tokens, revoke, after) {
  if (!tokens.length) return h('p', { id }, t('admin.tokens.none'));
  const rows = tokens.map((token) => h('tr', {},
    h('td', {}, token.name), h('td', {}, formatDate(token.created_at, true)),
    h('td', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--sm fr-btn--tertiary', 'aria-label': t('admin.tokens.revoke', { name: token.name }),
      on: { click: async () => {
        try { await revoke(token); say(page, true, t('admin.tokens.revoked', { name: token.name })); await after(); }
        catch (error) { say(page, false, failure(error)); }
      } } }, t('admin.tokens.revoke.short')))));
  return table(id, caption, ['admin.tokens.name', 'admin.tokens.created_at', 'versions.actions'], rows);
}

// An administrator's look at another account's tokens.
function othersTokens(page) {
  const result = h('div', { id: 'user-tokens' });
  const login = h('input', { class: 'fr-input', id: 'token-login', required: true, autocomplete: 'off' });
  const show = async () => {
    const who = login.value.trim();
    try {
      const tokens = (await page.api.userTokens(who)).tokens;
      replace(result, tokenTable(page, 'user-tokens-table', t('admin.tokens.of', { login: who }), tokens,
        (token) => page.api.revokeUserToken(who, token.name), show));
    } catch (error) {
      replace(result, h('p', {}, error.status === 404 ? t('admin.tokens.nouser', { login: who }) : failure(error)));
    }
  };
  return h('div', { class: 'fr-mt-3w' },
    h('h3', { class: 'fr-h6' }, t('admin.tokens.others')),
    h('form', { class: 'synaps-inline-form', id: 'user-tokens-form', on: { submit: (event) => { event.preventDefault(); show(); } } },
      h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'token-login' }, t('admin.login')), login),
      h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('admin.tokens.show'))),
    result);
}

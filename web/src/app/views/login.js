// The login form: the session API sets the cookie; the page then shows the view it was asked
// for (the URL is kept).
import { h, replace, focus } from '../dom.js';
import { t } from '../i18n.js';

export function render(main, { api, onLogin }) {
  document.title = `${t('login.title')} — Synaps`;
  const error = h('div', { id: 'login-error', role: 'alert' });
  const loginInput = h('input', { class: 'fr-input', id: 'login', name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const passwordInput = h('input', { class: 'fr-input', id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { class: 'fr-btn', type: 'submit' }, t('login.submit'));
  const form = h('form', { id: 'login-form', novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    replace(error);
    if (!loginInput.value || !passwordInput.value) {
      replace(error, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm' }, h('p', {}, t('login.missing'))));
      return;
    }
    submit.disabled = true;
    try {
      const user = await api.login(loginInput.value.trim(), passwordInput.value);
      await onLogin(user);
    } catch (failure) {
      submit.disabled = false;
      const key = failure.status === 401 ? 'login.wrong' : failure.status === 429 ? 'login.throttled' : 'error.generic';
      replace(error, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm' }, h('p', {}, t(key, { message: failure.message }))));
      passwordInput.value = '';
      focus(passwordInput);
    }
  } } },
  h('fieldset', { class: 'fr-fieldset' },
    h('legend', { class: 'fr-fieldset__legend' }, t('login.legend')),
    h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: 'login' }, t('login.login'),
        h('span', { class: 'fr-hint-text' }, t('login.login.hint'))),
      loginInput)),
    h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: 'password' }, t('login.password')),
      passwordInput))),
  error,
  h('div', { class: 'fr-mt-2w' }, submit));
  replace(main,
    h('div', { class: 'fr-grid-row fr-grid-row--center' }, h('div', { class: 'fr-col-12 fr-col-md-8 fr-col-lg-6' },
      h('h1', {}, t('login.title')),
      h('p', {}, t('login.intro')),
      form)));
  focus(loginInput);
}

// Administration: the index's health (administrators also see the extraction failures and
// retry them), the storage use and the ingestion sources (administrators), the services with
// their members (managers change their own services' roles), the accounts (administrators
// create them), API tokens, and the audit log with filters. What each may see and change, the
// server decides: this page shows what it answers.
import { h, replace, focus } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { section, say, failure, table } from './admin_common.js';
import { drawHealth, drawStorage, drawSources } from './admin_operations.js';
import { drawTokens } from './admin_tokens.js';

const ROLES = ['reader', 'editor', 'manager'];

export async function render(main, { api, user }) {
  document.title = `${t('admin.title')} — Synaps`;
  const notice = h('div', { id: 'admin-notice', role: 'status' });
  const page = { api, user, notice };
  const box = (id) => h('div', { id }, t('loading'));
  const health = box('admin-health');
  const storage = user.is_admin ? box('admin-storage') : null;
  const sources = user.is_admin ? box('admin-sources') : null;
  const services = box('admin-services');
  const accounts = user.is_admin ? box('admin-accounts') : null;
  const tokens = box('admin-tokens');
  const audit = box('admin-audit');
  replace(main,
    h('h1', { class: 'fr-h2', id: 'admin-title' }, t('admin.title')),
    notice,
    section('admin-health-title', t('admin.health'), health),
    storage ? section('admin-storage-title', t('admin.storage'), storage) : null,
    sources ? section('admin-sources-title', t('admin.sources'), sources) : null,
    section('admin-services-title', t('admin.services'), services),
    accounts ? section('admin-accounts-title', t('admin.accounts'), accounts) : null,
    section('admin-tokens-title', t('admin.tokens'), tokens),
    section('admin-audit-title', t('admin.audit'), audit));
  focus(document.getElementById('admin-title'));
  await Promise.all([drawHealth(page, health), storage ? drawStorage(page, storage) : null,
    sources ? drawSources(page, sources) : null, drawServices(page, services),
    accounts ? drawAccounts(page, accounts) : null, drawTokens(page, tokens), drawAudit(page, audit, {})]);
}

async function drawServices(page, container) {
  let list;
  try {
    list = (await page.api.services()).services.filter((s) => s.role === 'admin' || s.role === 'manager');
  } catch (error) {
    replace(container, failure(error));
    return;
  }
  const blocks = [];
  for (const summary of list) {
    let service;
    try { service = await page.api.service(summary.code); } catch (error) { blocks.push(h('p', {}, failure(error))); continue; }
    const code = service.code;
    const roleSelect = (member) => {
      const select = h('select', { class: 'fr-select', id: `role-${code}-${member.login}`, 'aria-label': t('admin.member.role', { login: member.login }),
        on: { change: async () => {
          try { await page.api.setMember(code, member.login, select.value); say(page, true, t('admin.member.changed', { login: member.login, role: t(`role.${select.value}`) })); }
          catch (error) { say(page, false, failure(error)); }
        } } }, ROLES.map((role) => h('option', { value: role, selected: role === member.role }, t(`role.${role}`))));
      return select;
    };
    const rows = (service.members || []).map((member) => h('tr', {},
      h('td', {}, member.login), h('td', {}, member.display_name || ''), h('td', {}, roleSelect(member)),
      h('td', {}, h('button', { type: 'button', class: 'fr-btn fr-btn--sm fr-btn--tertiary', 'aria-label': t('admin.member.remove', { login: member.login, service: code }),
        on: { click: async () => {
          try { await page.api.removeMember(code, member.login); say(page, true, t('admin.member.removed', { login: member.login })); await drawServices(page, container); }
          catch (error) { say(page, false, failure(error)); }
        } } }, t('shares.remove')))));
    const loginInput = h('input', { class: 'fr-input', id: `member-login-${code}`, required: true });
    const role = h('select', { class: 'fr-select', id: `member-role-${code}` }, ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
    blocks.push(h('div', { class: 'fr-mb-3w' },
      h('h3', { class: 'fr-h6' }, `${service.name} (${code})`),
      rows.length ? table(`members-${code}`, t('admin.members', { service: code }), ['admin.login', 'admin.name', 'admin.role', 'versions.actions'], rows)
        : h('p', {}, t('admin.members.none')),
      h('form', { class: 'synaps-inline-form', on: { submit: async (event) => {
        event.preventDefault();
        try {
          await page.api.setMember(code, loginInput.value.trim(), role.value);
          say(page, true, t('admin.member.changed', { login: loginInput.value.trim(), role: t(`role.${role.value}`) }));
          await drawServices(page, container);
        } catch (error) { say(page, false, failure(error)); }
      } } },
      h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: `member-login-${code}` }, t('admin.member.add', { service: code })), loginInput),
      h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: `member-role-${code}` }, t('admin.role')), role),
      h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('admin.member.submit')))));
  }
  replace(container, blocks.length ? blocks : h('p', {}, t('admin.services.none')));
}

async function drawAccounts(page, container) {
  let list;
  let services;
  try {
    [list, services] = await Promise.all([page.api.users().then((a) => a.users), page.api.services().then((a) => a.services)]);
  } catch (error) {
    replace(container, failure(error));
    return;
  }
  const rows = list.map((account) => h('tr', {},
    h('td', {}, account.login), h('td', {}, account.display_name || ''),
    h('td', {}, account.memberships.map((m) => `${m.service} (${t(`role.${m.role}`)})`).join(', ') || (account.is_admin ? t('role.admin') : '')),
    h('td', {}, account.disabled ? t('admin.disabled') : t('admin.enabled'))));
  const field = (id, label, attributes = {}) => h('div', { class: 'fr-input-group' },
    h('label', { class: 'fr-label', for: id }, label), h('input', { class: 'fr-input', id, required: true, ...attributes }));
  const service = h('select', { class: 'fr-select', id: 'account-service' },
    h('option', { value: '' }, t('admin.account.noservice')), services.map((s) => h('option', { value: s.code }, `${s.name} (${s.code})`)));
  const role = h('select', { class: 'fr-select', id: 'account-role' }, ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
  const form = h('form', { id: 'account-form', on: { submit: async (event) => {
    event.preventDefault();
    const value = (id) => document.getElementById(id).value.trim();
    const account = { login: value('account-login'), display_name: value('account-name'), password: document.getElementById('account-password').value };
    if (service.value) account.memberships = [{ service: service.value, role: role.value }];
    try {
      await page.api.createUser(account);
      say(page, true, t('admin.account.created', { login: account.login }));
      await drawAccounts(page, container);
      focus(document.getElementById('account-login'));
    } catch (error) { say(page, false, error.status === 409 ? t('error.conflict', { message: error.message }) : failure(error)); }
  } } },
  h('div', { class: 'fr-grid-row fr-grid-row--gutters' },
    h('div', { class: 'fr-col-12 fr-col-md-4' }, field('account-login', t('admin.login'), { autocomplete: 'off' })),
    h('div', { class: 'fr-col-12 fr-col-md-4' }, field('account-name', t('admin.name'))),
    h('div', { class: 'fr-col-12 fr-col-md-4' }, field('account-password', t('admin.password'), { type: 'password', autocomplete: 'new-password', minlength: 8 })),
    h('div', { class: 'fr-col-12 fr-col-md-4' }, h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'account-service' }, t('admin.account.service')), service)),
    h('div', { class: 'fr-col-12 fr-col-md-4' }, h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'account-role' }, t('admin.role')), role))),
  h('button', { class: 'fr-btn fr-btn--secondary fr-mt-2w', type: 'submit' }, t('admin.account.submit')));
  replace(container, table('accounts-table', t('admin.accounts'), ['admin.login', 'admin.name', 'admin.memberships', 'admin.state'], rows),
    h('h3', { class: 'fr-h6 fr-mt-3w' }, t('admin.account.new')), form);
}

async function drawAudit(page, container, filter) {
  let answer;
  let services = [];
  try {
    [answer, services] = await Promise.all([page.api.audit({ limit: 50, ...filter }), page.api.services().then((a) => a.services)]);
  } catch (error) {
    replace(container, failure(error));
    return;
  }
  const service = h('select', { class: 'fr-select', id: 'audit-service' },
    h('option', { value: '' }, t('admin.audit.all')),
    services.filter((s) => s.role === 'admin' || s.role === 'manager').map((s) => h('option', { value: s.code, selected: s.code === filter.service }, s.code)));
  const documentId = h('input', { class: 'fr-input', id: 'audit-document', inputmode: 'numeric', value: filter.document || '' });
  const rows = answer.entries.map((entry) => h('tr', {},
    h('td', {}, formatDate(entry.at, true)), h('td', {}, entry.actor), h('td', {}, entry.action),
    h('td', {}, entry.service || ''), h('td', {}, entry.document_id ? h('a', { class: 'fr-link', href: `#/documents/${entry.document_id}` }, String(entry.document_id)) : ''),
    h('td', { class: 'synaps-path' }, entry.detail || '')));
  replace(container,
    h('form', { class: 'synaps-inline-form fr-mb-2w', id: 'audit-form', on: { submit: (event) => {
      event.preventDefault();
      const next = {};
      if (service.value) next.service = service.value;
      if (documentId.value.trim()) next.document = documentId.value.trim();
      drawAudit(page, container, next);
    } } },
    h('div', { class: 'fr-select-group' }, h('label', { class: 'fr-label', for: 'audit-service' }, t('document.service')), service),
    h('div', { class: 'fr-input-group' }, h('label', { class: 'fr-label', for: 'audit-document' }, t('admin.audit.document')), documentId),
    h('button', { class: 'fr-btn fr-btn--secondary', type: 'submit' }, t('admin.audit.filter'))),
    rows.length ? table('audit-table', t('admin.audit'), ['admin.audit.at', 'admin.audit.actor', 'admin.audit.action', 'document.service', 'admin.audit.document', 'admin.audit.detail'], rows)
      : h('p', {}, t('admin.audit.none')),
    answer.next_before ? h('button', { type: 'button', class: 'fr-btn fr-btn--tertiary', id: 'audit-older',
      on: { click: () => drawAudit(page, container, { ...filter, before: answer.next_before }) } }, t('admin.audit.older')) : null);
}

// The search page, the portal's home: results as the agent types (debounced; an answer that
// arrives after a newer question is dropped), snippets, facets to narrow, a date range, sort,
// pagination, the "did you mean" suggestion, and the query syntax when there is no query. The
// whole state is in the URL (#/?q=…&service=…&page=…; depuis=… keeps only what entered Synaps
// since a saved search was last run).
import { h, replace, snippetNodes, focus, announce } from '../dom.js';
import { t, formatDate, formatSize } from '../i18n.js';
import * as router from '../router.js';

const FACETS = ['service', 'type', 'tag', 'year'];
const PAGE_SIZE = 20;
// Between two keys of a typist (~60 ms apart) no search starts; after the last one, soon.
const DEBOUNCE_MS = 100;
// A suggestion is asked for when fewer results than this were found.
const SUGGESTION_BELOW = 5;

let view = null;  // the elements and state of the page on screen

function paramsFromUrl(params) {
  const state = { q: params.get('q') || '', sort: params.get('sort') || 'relevance',
    page: Math.max(1, parseInt(params.get('page'), 10) || 1),
    from: params.get('du') || '', to: params.get('au') || '', since: params.get('depuis') || '' };
  for (const facet of FACETS) state[facet] = params.getAll(facet);
  return state;
}

function urlParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.from) params.set('du', state.from);
  if (state.to) params.set('au', state.to);
  if (state.since) params.set('depuis', state.since);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

function hasQuestion(state) {
  return Boolean(state.q.trim() || state.from || state.to || state.since || FACETS.some((facet) => state[facet].length));
}

// The question as a saved search keeps it: the API's query string, without the page (the date
// range in the words, as the API takes it); opened again as the portal's own URL.
function savedQuery(state) {
  const params = new URLSearchParams();
  const api = apiParams(state);
  if (api.q) params.set('q', api.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  return params.toString();
}

// The question as the API takes it: the date range joins the words as "date:A..B".
function apiParams(state) {
  let q = state.q.trim();
  if (state.from || state.to) q = `${q} date:${state.from}..${state.to}`.trim();
  const params = { q, sort: state.sort, page: state.page, page_size: PAGE_SIZE, suggestion: false };
  for (const facet of FACETS) params[facet] = state[facet];
  if (state.since) params.added_since = state.since;
  return params;
}

export function render(main, { api, params }) {
  const state = paramsFromUrl(params);
  const input = h('input', {
    class: 'fr-input', type: 'search', id: 'search-input', name: 'q', value: state.q,
    autocomplete: 'off', 'aria-describedby': 'search-hint',
  });
  const form = h('form', { role: 'search', class: 'fr-search-bar fr-search-bar--lg', id: 'search-form',
    on: { submit: (event) => { event.preventDefault(); commit({ q: input.value, page: 1 }, false); } } },
  h('label', { class: 'fr-label', for: 'search-input' }, t('search.label')),
  input,
  h('button', { class: 'fr-btn', type: 'submit', title: t('search.submit') }, t('search.submit')));

  const sort = h('select', { class: 'fr-select', id: 'search-sort', on: { change: () => commit({ sort: sort.value, page: 1 }, false) } },
    ['relevance', 'newest', 'oldest'].map((value) =>
      h('option', { value, selected: value === state.sort }, t(`search.sort.${value}`))));
  const from = h('input', { class: 'fr-input', type: 'date', id: 'search-from', value: state.from,
    on: { change: () => commit({ from: from.value, page: 1 }, false) } });
  const to = h('input', { class: 'fr-input', type: 'date', id: 'search-to', value: state.to,
    on: { change: () => commit({ to: to.value, page: 1 }, false) } });

  const since = h('div', { id: 'search-since' });
  const status = h('p', { id: 'search-status', class: 'fr-mb-1w' });
  const saving = h('div', { id: 'search-save', class: 'fr-mb-2w' });
  const suggestion = h('div', { id: 'search-suggestion' });
  const results = h('div', { id: 'search-results' });
  const pagination = h('div', { id: 'search-pagination' });
  const facets = h('div', { id: 'search-facets' });
  const options = h('div', { class: 'fr-grid-row fr-grid-row--gutters fr-mb-2w' },
    h('div', { class: 'fr-col-12 fr-col-md-4' }, h('div', { class: 'fr-select-group' },
      h('label', { class: 'fr-label', for: 'search-sort' }, t('search.sort')), sort)),
    h('div', { class: 'fr-col-6 fr-col-md-4' }, h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: 'search-from' }, t('search.from')), from)),
    h('div', { class: 'fr-col-6 fr-col-md-4' }, h('div', { class: 'fr-input-group' },
      h('label', { class: 'fr-label', for: 'search-to' }, t('search.to')), to)));

  replace(main,
    h('h1', { class: 'fr-h2', id: 'search-title' }, t('search.title')),
    form,
    // The syntax's reminder stays visible under the box (a placeholder would vanish at the first
    // key, and the design system draws placeholders in italics, one more font to download).
    h('p', { class: 'fr-hint-text fr-mt-1w', id: 'search-hint' }, t('search.hint')),
    h('div', { class: 'synaps-search-layout fr-mt-3w' },
      h('aside', { 'aria-labelledby': 'facets-title' },
        h('h2', { class: 'fr-h5', id: 'facets-title' }, t('search.facets')), facets),
      h('section', { 'aria-labelledby': 'results-title' },
        h('h2', { class: 'fr-sr-only', id: 'results-title' }, t('search.results')),
        options, since, status, saving, suggestion, results, pagination)));

  view = { api, main, state, input, sort, from, to, since, status, saving, suggestion, results, pagination, facets,
    timer: 0, controller: null, sequence: 0 };
  input.addEventListener('input', () => {
    clearTimeout(view.timer);
    view.timer = setTimeout(() => commit({ q: input.value, page: 1 }, true), DEBOUNCE_MS);
  });
  document.title = titleOf(state);
  focus(input);
  run();
}

// The URL changed (back, forward, a facet, a page): the page stays, its state follows.
export function update(params) {
  if (!view || !document.contains(view.input)) return;
  const state = paramsFromUrl(params);
  // Another page of results: the focus (on the link followed, now gone) goes to their start.
  view.focusAfter = state.page !== view.state.page;
  view.state = state;
  if (view.input.value !== state.q) view.input.value = state.q;
  view.sort.value = state.sort;
  view.from.value = state.from;
  view.to.value = state.to;
  document.title = titleOf(state);
  run();
}

function titleOf(state) {
  return state.q ? `${t('search.title.query', { q: state.q })} — Synaps` : `${t('search.title')} — Synaps`;
}

// Changes the state and the URL. While typing, the history entry is replaced (one entry per
// search, not per key) and the search runs at once; otherwise the URL change runs it.
function commit(changes, typing) {
  const state = { ...view.state, ...changes };
  view.state = state;
  clearTimeout(view.timer);
  document.title = titleOf(state);
  if (typing) {
    router.go('/', urlParams(state), { replace: true });
    run();
  } else {
    const before = location.hash;
    router.go('/', urlParams(state));
    if (location.hash === before) run();
  }
}

async function run() {
  const { api, state } = view;
  if (view.controller) view.controller.abort();
  const sequence = ++view.sequence;
  if (!hasQuestion(state)) {
    view.controller = null;
    showHelp();
    return;
  }
  const controller = new AbortController();
  view.controller = controller;
  view.results.setAttribute('aria-busy', 'true');
  let answer;
  try {
    answer = await api.search(apiParams(state), controller.signal);
  } catch (error) {
    if (error.name === 'AbortError' || sequence !== view.sequence) return;
    view.results.removeAttribute('aria-busy');
    const message = error.code === 'invalid_query' ? t('search.invalid', { message: error.message }) : t('error.generic', { message: error.message });
    replace(view.results, h('div', { class: 'fr-alert fr-alert--error fr-alert--sm', role: 'alert' }, h('p', {}, message)));
    replace(view.status);
    replace(view.facets);
    replace(view.pagination);
    return;
  }
  if (sequence !== view.sequence) return;  // a newer question was asked meanwhile
  view.results.removeAttribute('aria-busy');
  show(answer);
  // "Did you mean" costs the server twice the rest of a search (the nearest words of the index
  // are looked up for each word): it is asked for apart, once the results are on screen, and
  // only when they are few, which is when a typo is likely.
  if (answer.total < SUGGESTION_BELOW && state.q.trim()) {
    try {
      const hint = await api.search({ ...apiParams(state), page: 1, page_size: 1, snippets: false, facets: false, suggestion: true },
        controller.signal);
      if (sequence === view.sequence) showSuggestion(hint.suggestion);
    } catch { /* no suggestion: the results stand */ }
  }
}

// "Save this search": a name, then the API keeps the question (its query string).
function showSaveButton() {
  const button = h('button', { class: 'fr-btn fr-btn--tertiary fr-btn--sm fr-icon-bookmark-line fr-btn--icon-left',
    type: 'button', id: 'save-search', on: { click: () => showSaveForm() } }, t('saved.save'));
  replace(view.saving, button);
}

function showSaveForm() {
  const { api } = view;
  const name = h('input', { class: 'fr-input', id: 'save-search-name', required: true, maxlength: 100,
    value: view.state.q.trim().slice(0, 100) });
  const message = h('p', { id: 'save-search-message', role: 'status' });
  const form = h('form', { class: 'synaps-save-search', on: { submit: async (event) => {
    event.preventDefault();
    try {
      await api.saveSearch(name.value.trim(), savedQuery(view.state));
      replace(view.saving, h('p', { class: 'fr-text--sm', id: 'save-search-done', role: 'status' },
        t('saved.done', { name: name.value.trim() })));
      announce(t('saved.done', { name: name.value.trim() }));
    } catch (error) {
      replace(message, h('span', { class: 'fr-error-text' },
        error.code === 'already_exists' ? t('saved.exists') : t('error.generic', { message: error.message })));
    }
  } } },
  h('div', { class: 'fr-input-group' },
    h('label', { class: 'fr-label', for: 'save-search-name' }, t('saved.name')), name),
  h('button', { class: 'fr-btn fr-btn--sm', type: 'submit' }, t('saved.confirm')), message);
  replace(view.saving, form);
  focus(name);
}

// The agent's saved searches, on the page without a question: each opens its search again and
// says how many documents it finds now (counted by the server for this agent alone).
async function showSavedSearches(sequence) {
  let answer;
  try {
    answer = await view.api.savedSearches();
  } catch { return; /* none shown: the help stands */ }
  if (sequence !== view.sequence || !answer.saved_searches.length) return;
  const list = h('ul', { class: 'fr-raw-list', id: 'saved-searches' }, answer.saved_searches.map((saved) => {
    // Running it again is a visit: what is new is counted from then on.
    const visit = () => { view.api.visitSavedSearch(saved.id).catch(() => {}); };
    const link = h('a', { class: 'fr-link', href: `#/?${saved.query}`, on: { click: visit } }, saved.name);
    const count = saved.count === null ? '' : ` — ${t('search.count.short', { n: saved.count })}`;
    const fresh = !saved.new_count ? '' : h('a', {
      class: 'fr-tag fr-tag--sm fr-ml-1w synaps-saved-new', on: { click: visit },
      href: `#/?${saved.query}${saved.query ? '&' : ''}depuis=${encodeURIComponent(saved.visited_at)}`,
    }, t('saved.new', { n: saved.new_count }));
    const forget = h('button', { class: 'fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-delete-line',
      type: 'button', title: t('saved.forget', { name: saved.name }), on: { click: async () => {
        try {
          await view.api.forgetSavedSearch(saved.id);
          item.remove();
          announce(t('saved.forgotten', { name: saved.name }));
        } catch (error) { announce(t('error.generic', { message: error.message })); }
      } } }, t('saved.forget', { name: saved.name }));
    const item = h('li', { class: 'synaps-saved-search' }, link, count, fresh, ' ', forget);
    return item;
  }));
  view.saving.before(h('section', { id: 'saved-searches-section', 'aria-labelledby': 'saved-searches-title', class: 'fr-mb-3w' },
    h('h3', { class: 'fr-h5', id: 'saved-searches-title' }, t('saved.title')), list));
}

function showHelp() {
  replace(view.status);
  replace(view.saving);
  document.getElementById('saved-searches-section')?.remove();
  showSavedSearches(view.sequence);
  replace(view.suggestion);
  replace(view.facets, h('p', { class: 'fr-text--sm' }, t('search.facets.none')));
  replace(view.pagination);
  const example = (query, key) => h('li', {},
    h('a', { href: router.href('/', { q: query }), class: 'fr-link' }, h('code', {}, query)), ' — ', t(key));
  replace(view.results, h('div', { class: 'fr-callout', id: 'search-help' },
    h('h3', { class: 'fr-callout__title' }, t('help.title')),
    h('p', { class: 'fr-callout__text' }, t('help.intro')),
    h('ul', {},
      example('arrêté préfectoral', 'help.words'),
      example('"plan de prévention"', 'help.phrase'),
      example('crue OU inondation', 'help.or'),
      example('travaux ET route SAUF nuit', 'help.andnot'),
      example('titre:compte-rendu', 'help.title.field'),
      example('auteur:martin', 'help.author'),
      example('service:DDT tag:exemple', 'help.filters'),
      example('date:2025-01-01..2025-06-30', 'help.dates'),
      example('inond*', 'help.wildcard'))));
  view.main.dataset.rendered = 'help';
}

function show(answer) {
  const { state } = view;
  const total = answer.total || 0;
  const first = total ? (state.page - 1) * PAGE_SIZE + 1 : 0;
  const last = Math.min(total, first + answer.hits.length - 1);
  replace(view.status, total ? t('search.count', { n: total, first, last }) : t('search.none'));
  announce(total ? t('search.count.short', { n: total }) : t('search.none'));

  replace(view.suggestion);
  showSince();
  document.getElementById('saved-searches-section')?.remove();
  if (!view.saving.querySelector('form')) showSaveButton();

  replace(view.results, total === 0 ? h('p', {}, t('search.none.hint')) : h('ol', { class: 'fr-raw-list', start: first },
    answer.hits.map((hit) => hitItem(hit))));
  showFacets(answer.facets || {});
  showPagination(total);
  view.main.dataset.rendered = state.q;
  performance.mark('synaps:results');
  if (view.focusAfter) {
    view.focusAfter = false;
    focus(view.status);
  }
}

// Only what is new since a saved search was last run: said so, with the way back to everything.
function showSince() {
  if (!view.state.since) {
    replace(view.since);
    return;
  }
  replace(view.since, h('div', { class: 'fr-notice fr-notice--info fr-mb-2w' }, h('div', { class: 'fr-container' },
    h('div', { class: 'fr-notice__body' }, h('p', { class: 'fr-notice__title' },
      t('saved.since', { date: formatDate(view.state.since, true) }), ' ',
      h('a', { class: 'fr-link', href: '#', id: 'search-since-all', on: { click: (event) => {
        event.preventDefault();
        commit({ since: '', page: 1 }, false);
      } } }, t('saved.since.all')))))));
}

function showSuggestion(suggestion) {
  if (!suggestion) return;
  const { state } = view;
  replace(view.suggestion, h('p', { class: 'fr-text--lg', id: 'suggestion' }, t('search.suggestion'), ' ',
    h('a', { href: router.href('/', urlParams({ ...state, q: suggestion, page: 1 })), class: 'fr-link' }, suggestion), ' ?'));
}

function hitItem(hit) {
  const documentId = hit.parent_id || hit.id;
  const title = hit.title || hit.file_name || hit.path;
  return h('li', { class: 'synaps-hit' },
    h('h3', {}, h('a', { href: `#/documents/${encodeURIComponent(documentId)}`, class: 'fr-link' }, title)),
    h('p', { class: 'synaps-hit__meta' },
      h('span', { class: 'fr-badge fr-badge--sm fr-badge--blue-ecume fr-mr-1w' }, hit.service),
      h('span', { class: 'synaps-path' }, hit.path),
      ' · ', typeLabel(hit.mime_type),
      hit.date ? [' · ', h('time', { datetime: hit.date }, formatDate(hit.date))] : null,
      ' · ', formatSize(hit.size)),
    hit.snippet_html ? h('p', { class: 'synaps-hit__snippet' }, snippetNodes(hit.snippet_html)) : null,
    hit.tags?.length ? h('ul', { class: 'fr-tags-group' }, hit.tags.map((tag) => h('li', {}, h('p', { class: 'fr-tag fr-tag--sm' }, tag)))) : null);
}

export function typeLabel(mime) {
  const known = t(`type.${mime}`);
  return known === `type.${mime}` ? (mime || '') : known;
}

function facetLabel(facet, value) {
  return facet === 'type' ? typeLabel(value) : value;
}

function showFacets(facets) {
  const { state } = view;
  const active = document.activeElement?.dataset?.facetKey;
  const groups = [];
  for (const facet of FACETS) {
    const values = facets[facet] || [];
    // A chosen value stays listed (to be unchecked) even when no hit has it any more.
    const shown = [...values];
    for (const chosen of state[facet]) if (!shown.some((v) => v.value === chosen)) shown.push({ value: chosen, count: 0 });
    if (!shown.length) continue;
    groups.push(h('fieldset', { class: 'synaps-facet fr-fieldset', id: `facet-${facet}` },
      h('legend', { class: 'fr-fieldset__legend--regular' }, t(`facet.${facet}`)),
      shown.map((entry) => {
        const id = `facet-${facet}-${entry.value}`.replace(/[^\w-]/g, '_');
        const checked = state[facet].includes(entry.value);
        const box = h('input', { type: 'checkbox', id, checked, dataset: { facetKey: `${facet}:${entry.value}` },
          on: { change: () => {
            const chosen = checked ? state[facet].filter((v) => v !== entry.value) : [...state[facet], entry.value];
            commit({ [facet]: chosen, page: 1 }, false);
          } } });
        return h('div', { class: 'fr-fieldset__element' }, h('div', { class: 'fr-checkbox-group fr-checkbox-group--sm' }, box,
          h('label', { class: 'fr-label', for: id }, `${facetLabel(facet, entry.value)} (${entry.count})`)));
      })));
  }
  replace(view.facets, groups.length ? groups : h('p', { class: 'fr-text--sm' }, t('search.facets.none')));
  if (active) {
    const again = [...view.facets.querySelectorAll('input')].find((box) => box.dataset.facetKey === active);
    if (again) again.focus();
  }
}

function showPagination(total) {
  const { state } = view;
  const pages = Math.min(500, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) { replace(view.pagination); return; }
  const link = (page, label, extra = {}) => h('li', {}, h('a', {
    class: `fr-pagination__link ${extra.class || ''}`.trim(),
    href: page ? router.href('/', urlParams({ ...state, page })) : null,
    'aria-current': page === state.page ? 'page' : null,
    'aria-disabled': page ? null : 'true', role: page ? null : 'link',
    title: extra.title || null,
  }, label));
  const items = [];
  items.push(link(state.page > 1 ? state.page - 1 : 0, t('pagination.previous'),
    { class: 'fr-pagination__link--prev fr-pagination__link--lg-label' }));
  const around = new Set([1, pages, state.page - 1, state.page, state.page + 1].filter((p) => p >= 1 && p <= pages));
  let previous = 0;
  for (const page of [...around].sort((a, b) => a - b)) {
    if (page - previous > 1) items.push(h('li', {}, h('span', { class: 'fr-pagination__link fr-displayed-lg' }, '…')));
    items.push(link(page, String(page), { title: t('pagination.page', { n: page }) }));
    previous = page;
  }
  items.push(link(state.page < pages ? state.page + 1 : 0, t('pagination.next'),
    { class: 'fr-pagination__link--next fr-pagination__link--lg-label' }));
  replace(view.pagination, h('nav', { role: 'navigation', class: 'fr-pagination fr-mt-3w', 'aria-label': t('pagination.label') },
    h('ul', { class: 'fr-pagination__list' }, items)));
}

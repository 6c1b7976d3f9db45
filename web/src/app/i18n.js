// The portal's words. Each language is one file of i18n/ (French by default, English
// available): the browser's language chooses, then the switch in the header, remembered.
// French comes with the page; another language is fetched only when chosen, so that most
// agents never download it.
import fr from './i18n/fr.js';

const LOADERS = { fr: async () => fr, en: async () => (await import('./i18n/en.js')).default };
const LANGUAGES = { fr };
const STORAGE_KEY = 'synaps.language';
let current = 'fr';

// Resolves once the words of the chosen language are here (French if it cannot be fetched).
export async function chooseLanguage() {
  let chosen = null;
  try { chosen = localStorage.getItem(STORAGE_KEY); } catch { /* private mode */ }
  if (!LOADERS[chosen]) {
    chosen = (navigator.languages || [navigator.language || 'fr'])
      .map((tag) => String(tag).slice(0, 2).toLowerCase())
      .find((code) => LOADERS[code]) || 'fr';
  }
  await use(chosen);
  return current;
}

export function language() { return current; }
export function languages() { return Object.keys(LOADERS); }

export async function setLanguage(code) {
  if (!LOADERS[code]) return;
  await use(code);
  try { localStorage.setItem(STORAGE_KEY, code); } catch { /* private mode */ }
}

async function use(code) {
  try {
    LANGUAGES[code] ??= await LOADERS[code]();
  } catch {
    return;  // not fetched (offline, a new build replaced the files): the words stay as they were
  }
  current = code;
  document.documentElement.lang = code;
}

// t('search.count', {n: 3}) → the string of the current language, with {name} replaced. A
// string given as {one, other} is chosen by `n`. A key missing in a language falls back to
// French, then to the key itself (seen at once in a test).
export function t(key, values = {}) {
  let text = LANGUAGES[current][key] ?? fr[key] ?? key;
  if (typeof text === 'object') {
    const rule = formatter('plural', {}).select(values.n ?? 0);
    text = text[rule] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    (name in values ? formatValue(values[name]) : whole));
}

// Formatters are costly to make (a page of results formats ~60 dates, sizes and counts: made
// anew each time, they were a quarter of its drawing): one of each kind per language is kept.
const FORMATTERS = { date: Intl.DateTimeFormat, number: Intl.NumberFormat, plural: Intl.PluralRules };
const formatters = new Map();
function formatter(kind, options) {
  const key = `${current} ${kind} ${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new FORMATTERS[kind](current, options);
    formatters.set(key, made);
  }
  return made;
}

function formatValue(value) {
  return typeof value === 'number' ? formatter('number', {}).format(value) : String(value);
}

export function formatDate(iso, withTime = false) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter('date', withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
}

export function formatSize(bytes) {
  const units = current === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(bytes) || 0;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${formatter('number', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

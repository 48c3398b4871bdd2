// i18n.js - the UI's languages (English, Swedish, French) and the locale-aware
// formatting of prices, numbers, dates and distances.
//
// Strings live beside the views that use them: each view module exports
// `strings = {en: {...}, sv: {...}, fr: {...}}`, registered with addStrings()
// when the module loads. A string is text with {name} placeholders, or an
// object of plural forms ({one: ..., other: ...}) chosen by the `n` value.
// A key missing in sv or fr falls back to English, then to the key itself,
// so a half-translated page still works (and tests catch the gap).

export const LANGS = [
  {code: 'en', name: 'English', locale: 'en-GB'},
  {code: 'sv', name: 'Svenska', locale: 'sv-SE'},
  {code: 'fr', name: 'Français', locale: 'fr-FR'},
];

const STORAGE_KEY = 'agora.lang';
const dict = {en: {}, sv: {}, fr: {}};
let current = pickInitial();
const listeners = new Set();

// The saved choice, else the first of the browser's languages we speak.
function pickInitial() {
  const saved = safeGet(STORAGE_KEY);
  if (saved && LANGS.some((l) => l.code === saved)) return saved;
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGS.some((l) => l.code === base)) return base;
  }
  return 'en';
}

function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function addStrings(strings) {
  for (const code of Object.keys(dict)) Object.assign(dict[code], (strings && strings[code]) || {});
}

export function lang() {
  return current;
}

export function locale() {
  return LANGS.find((l) => l.code === current).locale;
}

export function setLang(code) {
  if (!LANGS.some((l) => l.code === code) || code === current) return;
  current = code;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = code;
  for (const fn of listeners) fn(code);
}

// fn(code) runs after every language change.
export function onLangChange(fn) {
  listeners.add(fn);
}

// t('search.results', {n: 3, q: 'milk'})
export function t(key, vars) {
  let text = dict[current][key] ?? dict.en[key] ?? key;
  if (typeof text === 'object') {
    const form = new Intl.PluralRules(locale()).select(Number(vars && vars.n) || 0);
    text = text[form] ?? text.other;
  }
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) =>
    name in vars ? (typeof vars[name] === 'number' ? number(vars[name]) : String(vars[name])) : m);
}

export function number(n, opts) {
  return new Intl.NumberFormat(locale(), opts).format(n);
}

// money({amount: 1299, currency: 'EUR'}) -> "12,99 €" in French. Amounts are
// integer minor units; the currency's own number of decimals applies.
export function money(m) {
  if (!m || typeof m.amount !== 'number') return '';
  const fmt = new Intl.NumberFormat(locale(), {style: 'currency', currency: m.currency});
  const digits = fmt.resolvedOptions().maximumFractionDigits;
  return fmt.format(m.amount / 10 ** digits);
}

// Parses what a person typed as a price ("12,99" or "12.99") into minor units
// of the currency; NaN when it is not a number.
export function parseMoney(text, currency) {
  const digits = new Intl.NumberFormat('en', {style: 'currency', currency}).resolvedOptions()
    .maximumFractionDigits;
  const clean = String(text).trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return NaN;
  return Math.round(Number(clean) * 10 ** digits);
}

// An RFC 3339 time as a date (and time, unless dateOnly).
export function date(iso, dateOnly) {
  if (!iso) return '';
  const opts = dateOnly ? {dateStyle: 'medium'} : {dateStyle: 'medium', timeStyle: 'short'};
  return new Intl.DateTimeFormat(locale(), opts).format(new Date(iso));
}

// A distance in kilometres: metres below 1 km.
export function distance(km) {
  if (typeof km !== 'number') return '';
  if (km < 1) {
    return number(Math.round(km * 1000 / 10) * 10, {style: 'unit', unit: 'meter'});
  }
  return number(km, {style: 'unit', unit: 'kilometer', maximumFractionDigits: km < 10 ? 1 : 0});
}

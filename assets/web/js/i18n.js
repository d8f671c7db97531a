// One catalogue per language (assets/web/i18n/<code>.json); languages.json lists them for the
// switch, so adding a language is adding data files, not code.

const kStorageKey = 'lanyard.lang';
let catalogue = {};
let fallback = {};
let lang = 'en';
let languages = [{code: 'en', name: 'English'}];
let settings = {currency: 'IDR', currency_minor_digits: 0, site_name: 'Lanyard'};

async function loadJson(path) {
  const res = await fetch(path, {headers: {Accept: 'application/json'}});
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

function pickLanguage(available, preferred) {
  const codes = available.map((l) => l.code);
  const stored = localStorage.getItem(kStorageKey);
  if (stored && codes.includes(stored)) return stored;
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = String(tag).toLowerCase().split('-')[0];
    // "in" is the legacy code some Android browsers still send for Indonesian.
    const normal = base === 'in' ? 'id' : base;
    if (codes.includes(normal)) return normal;
  }
  if (preferred && codes.includes(preferred)) return preferred;
  return codes.includes('en') ? 'en' : codes[0];
}

export async function initI18n(publicSettings) {
  if (publicSettings) settings = {...settings, ...publicSettings};
  try {
    languages = await loadJson('/assets/i18n/languages.json');
  } catch (e) {
    languages = [{code: 'en', name: 'English'}];
  }
  const preferred = settings.default_locale || settings.locale;
  lang = pickLanguage(languages, preferred);
  fallback = await loadJson('/assets/i18n/en.json').catch(() => ({}));
  catalogue = lang === 'en' ? fallback : await loadJson(`/assets/i18n/${lang}.json`).catch(() => ({}));
  document.documentElement.lang = lang;
}

export function setLanguage(code) {
  localStorage.setItem(kStorageKey, code);
}

export function currentLanguage() { return lang; }
export function availableLanguages() { return languages; }
export function siteSettings() { return settings; }

// t('orders.pay_by', {date}) — {name} placeholders; falls back to English, then to the key.
export function t(key, params) {
  let text = catalogue[key] ?? fallback[key];
  if (text === undefined) return key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (params[name] ?? m));
  }
  return text;
}

export function has(key) {
  return key in catalogue || key in fallback;
}

// The locale used for numbers and dates: the page language, made regional for Intl.
function intlLocale() {
  return {en: 'en-GB', id: 'id-ID'}[lang] || lang;
}

// Currencies whose customary formatting should win over the page language (Rp 150.000).
const kCurrencyLocale = {IDR: 'id-ID'};

function minorDigits() {
  const d = Number(settings.currency_minor_digits);
  return Number.isInteger(d) && d >= 0 && d <= 4 ? d : 2;
}

// money(150000) -> "Rp 150.000" for IDR; money(1500) -> "€15.00" for EUR (minor units in).
export function money(minor, currency) {
  const cur = currency || settings.currency || 'IDR';
  const digits = cur === settings.currency ? minorDigits() : 2;
  const value = Number(minor || 0) / 10 ** digits;
  const locale = kCurrencyLocale[cur] || intlLocale();
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency', currency: cur, currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(value);
  } catch (e) {
    return `${cur} ${value.toFixed(digits)}`;
  }
}

// Amount typed by a person (major units, "150.000" or "15.5") -> integer minor units, or NaN.
export function parseMoney(text) {
  const digits = minorDigits();
  let s = String(text).trim().replace(/\s/g, '');
  if (s === '') return NaN;
  if (digits === 0) {
    s = s.replace(/[.,](?=\d{3}(\D|$))/g, '');
    if (!/^\d+$/.test(s)) return NaN;
    return Number(s);
  }
  // Accept both decimal separators; a separator followed by exactly 3 digits before another
  // separator is a thousands mark.
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  let whole = s;
  let frac = '';
  if (lastSep >= 0 && s.length - lastSep - 1 <= digits) {
    whole = s.slice(0, lastSep);
    frac = s.slice(lastSep + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(frac) || (whole + frac) === '') return NaN;
  return Number(whole || '0') * 10 ** digits + Number((frac + '0000').slice(0, digits));
}

// Minor units -> the plain number a person edits in an amount field.
export function moneyInput(minor) {
  const digits = minorDigits();
  return (Number(minor || 0) / 10 ** digits).toFixed(digits);
}

export function moneyStep() {
  return (1 / 10 ** minorDigits()).toFixed(minorDigits());
}

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(), {dateStyle: 'medium', timeStyle: 'short'}).format(d);
}

export function dateOnly(iso) {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const opts = {dateStyle: 'medium'};
  if (iso.length === 10) opts.timeZone = 'UTC';
  return new Intl.DateTimeFormat(intlLocale(), opts).format(d);
}

export function timeOnly(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(), {timeStyle: 'medium'}).format(d);
}

export function timeShort(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(), {timeStyle: 'short'}).format(d);
}

export function number(n) {
  return new Intl.NumberFormat(intlLocale()).format(Number(n || 0));
}

// RFC 3339 UTC <-> the value of an <input type="datetime-local"> (local time).
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value) {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

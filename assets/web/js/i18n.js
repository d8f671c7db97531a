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

// t() in the catalogue's plural form for `n` (CLDR categories of the page language):
// plural('programme.seats_left', 1, {capacity}) reads 'programme.seats_left_one' in English and
// falls back to 'programme.seats_left' (Indonesian has no plural, so one key serves). `n` is
// passed formatted as {n}.
export function plural(key, n, params = {}) {
  let form = 'other';
  try { form = new Intl.PluralRules(lang).select(Number(n)); } catch (e) { /* other */ }
  const all = {...params, n: number(n)};
  return has(`${key}_${form}`) ? t(`${key}_${form}`, all) : t(key, all);
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

// Times are shown in the deployment's time zone (settings.timezone): an event happens at its
// venue, whatever zone the viewer's phone or laptop is set to.
function timeZone() { return knownZone(settings.timezone); }

export function siteTimeZone() { return timeZone() || Intl.DateTimeFormat().resolvedOptions().timeZone; }

function fmt(iso, opts) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(), {timeZone: timeZone(), ...opts}).format(d);
}

// The zone's short name as the tz database writes it (WIB, WITA, CET, GMT, UTC); browsers know
// WIB only in Indonesian, so that is asked second. A bare offset reads "UTC+7", as in mails.
function zoneLabel(date, zone = timeZone()) {
  const name = (locale) => {
    try {
      const part = new Intl.DateTimeFormat(locale, {timeZone: zone, timeZoneName: 'short'})
        .formatToParts(date).find((p) => p.type === 'timeZoneName');
      return part ? part.value : '';
    } catch (e) {
      return '';
    }
  };
  const isOffset = (v) => /^(GMT|UTC)[+-−]/.test(v);
  let label = name('en-GB');
  if (!label || isOffset(label)) {
    const id = name('id');
    if (id && !isOffset(id)) label = id;
  }
  return label.replace(/^GMT(?=[+-−])/, 'UTC').replace('−', '-');
}

// One format for every time on the pages, the same as the server's FormatLocalTime in mails:
// "Saturday 16 January 2027, 09:00 WIB" / "Sabtu, 16 Januari 2027 09.00 WIB". The patterns are
// in the catalogues (time.*), the names come from the browser for the page's language.
function localParts(iso, zone = timeZone()) {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const parts = {};
  const f = new Intl.DateTimeFormat(intlLocale(), {
    timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  for (const p of f.formatToParts(d)) if (p.type !== 'literal') parts[p.type] = p.value;
  const short = new Intl.DateTimeFormat(intlLocale(), {timeZone: zone, month: 'short'}).format(d);
  const pad = (v) => String(Number(v) % 24).padStart(2, '0');
  return {
    weekday: parts.weekday, day: String(Number(parts.day)), month: parts.month, mon: short.replace('.', ''),
    year: parts.year, hour: pad(parts.hour), minute: String(parts.minute).padStart(2, '0'),
    second: String(parts.second).padStart(2, '0'), zone: zoneLabel(d, zone),
  };
}

function formatted(iso, patternKey, zone) {
  const p = localParts(iso, zone);
  return p ? t(patternKey, p) : (iso ? String(iso) : '');
}

// Minutes east of UTC of `zone` at `date` (for comparing two zones at one instant).
function offsetMinutes(date, zone) {
  const f = new Intl.DateTimeFormat('en-US', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric'});
  const p = {};
  for (const part of f.formatToParts(date)) p[part.type] = Number(part.value);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute) - date.getTime()) / 60000);
}

// A zone this browser knows, else undefined (= the site's zone).
function knownZone(zone) {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', {timeZone: zone});
    return zone;
  } catch (e) {
    return undefined;
  }
}

// The zone an event-bound time leads with: the event's own (`ev.time_zone`), else the site's.
// Pass it as the `zone` argument of dateTime, dateOnly, timeShort, timeRange, dateTimeRange,
// toLocalInput and fromLocalInput for everything that belongs to the event (its start and end,
// sale windows, sessions, nomination windows, campaigns).
export function eventZone(ev) {
  return knownZone(ev && (ev.time_zone || ev.event_time_zone)) || siteTimeZone();
}

// "WITA (Asia/Makassar)": how a form says which zone its wall-clock fields are read in.
export function zoneTitle(zone, iso) {
  const z = knownZone(zone) || siteTimeZone();
  const d = iso ? new Date(iso) : new Date();
  const label = zoneLabel(Number.isNaN(d.getTime()) ? new Date() : d, z);
  return label && label !== z ? `${label} (${z})` : z;
}

// True when the site's zone shows another wall clock than `zone` at `iso`: the site's time is
// then added in brackets, after the event's ("09.00 WITA (08.00 WIB)").
function siteDiffers(iso, zone) {
  const own = knownZone(zone);
  const site = timeZone() || 'UTC';
  if (!own || own === site) return false;
  try {
    const d = new Date(iso);
    return offsetMinutes(d, own) !== offsetMinutes(d, site);
  } catch (e) {
    return false;  // a zone this browser does not know
  }
}

// The one format for every time on the pages, the same as the server's FormatLocalTime in
// mails. `zone`: the zone the time belongs to (eventZone(ev) for an event's times; omitted =
// the site's). It leads; the site's time follows in brackets only when it differs:
// "Sabtu, 16 Januari 2027 09.00 WITA (08.00 WIB)".
export function dateTime(iso, zone) {
  const own = knownZone(zone);
  const text = formatted(iso, 'time.date_time', own);
  if (!text || !siteDiffers(iso, own)) return text;
  const mine = localParts(iso, own);
  const site = localParts(iso);
  if (!mine || !site) return text;
  const sameDay = mine.day === site.day && mine.month === site.month && mine.year === site.year;
  return `${text} (${sameDay ? t('time.time', site) : t('time.date_time', site)})`;
}
// dateTime with seconds (door scans): "Saturday 16 January 2027, 09:00:05 WITA"; with an
// event's `zone` (eventZone(ev)) that zone first and the site's time, with seconds too, in
// brackets when it differs: "… 09:00:05 WITA (08:00:05 WIB)".
export function dateTimeSeconds(iso, zone) {
  const own = knownZone(zone);
  const text = formatted(iso, 'time.date_time_seconds', own);
  if (!text || !own || !siteDiffers(iso, own)) return text;
  const mine = localParts(iso, own);
  const site = localParts(iso);
  if (!mine || !site) return text;
  const sameDay = mine.day === site.day && mine.month === site.month && mine.year === site.year;
  return `${text} (${sameDay ? t('time.time_seconds', site) : t('time.date_time_seconds', site)})`;
}

export function dateOnly(iso, zone) {
  if (!iso) return '';
  if (String(iso).length === 10) {
    // A calendar date (charts, filters): the same day wherever the reader is.
    const d = new Date(`${iso}T12:00:00Z`);
    if (Number.isNaN(d.getTime())) return String(iso);
    const parts = {};
    for (const p of new Intl.DateTimeFormat(intlLocale(), {timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric'}).formatToParts(d)) parts[p.type] = p.value;
    return t('time.short_date', {day: parts.day, mon: String(parts.month).replace('.', ''), year: parts.year});
  }
  return formatted(iso, 'time.date', knownZone(zone));
}

// A time of day with seconds and the zone's name, in `zone` (the event's for a scan at its door,
// the site's when omitted): "09:00:05 WITA".
export function timeOnly(iso, zone) {
  const own = knownZone(zone) || timeZone();
  const text = fmt(iso, {timeStyle: 'medium', ...(own ? {timeZone: own} : {})});
  const d = new Date(iso);
  return text && !Number.isNaN(d.getTime()) ? `${text} ${zoneLabel(d, own)}` : text;
}

// Wall-clock parts of an instant in `zone` (the site's when omitted).
function zoneParts(date, zone = timeZone()) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const out = {};
  for (const p of parts) if (p.type !== 'literal') out[p.type] = Number(p.value);
  if (out.hour === 24) out.hour = 0;
  return out;
}

// 'YYYY-MM-DD HH' of an instant in `zone` (per-hour charts: the event's zone, eventZone(ev);
// the site's when omitted).
export function zoneHourKey(iso, zone) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const p = zoneParts(d, knownZone(zone) || timeZone());
  const pad = (n) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}`;
}

// The hour an instant falls in, as a clock in the page's language and no zone ("16:00" in
// English, "16.00" in Indonesian: the catalogue's time.clock), read in `zone` (per-hour charts:
// the event's zone, said once in the chart's caption).
export function hourLabel(iso, zone) {
  const p = localParts(iso, knownZone(zone));
  return p ? t('time.clock', {...p, minute: '00'}) : '';
}

// "09.00 WITA (08.00 WIB)": a time of day in `zone`, the site's added when it differs.
export function timeShort(iso, zone) {
  const own = knownZone(zone);
  const text = formatted(iso, 'time.time', own);
  return siteDiffers(iso, own) ? `${text} (${formatted(iso, 'time.time')})` : text;
}

// A span of time: on one day (in `zone`) the date once and the zone once,
// "Minggu, 20 Desember 2026 09.00–17.00 WITA (08.00–16.00 WIB)" (time.date_range); across days
// both ends in full.
export function dateTimeRange(startIso, endIso, zone) {
  if (!endIso) return dateTime(startIso, zone);
  if (dateOnly(startIso, zone) !== dateOnly(endIso, zone)) return `${dateTime(startIso, zone)} – ${dateTime(endIso, zone)}`;
  return t('time.date_range', {date: dateOnly(startIso, zone), range: timeRange(startIso, endIso, zone)});
}

// A span of time on one day with the zone said once at the end: "09.00–10.30 WITA" (catalogue
// pattern time.range), then the site's span in brackets when its clock differs; the end's zone
// when the two differ (a DST change).
export function timeRange(startIso, endIso, zone) {
  const own = knownZone(zone);
  const span = (z) => {
    const a = localParts(startIso, z);
    const b = localParts(endIso, z);
    if (!a || !b) return null;
    return t('time.range', {start: t('time.clock', a), end: t('time.clock', b), zone: b.zone});
  };
  const text = span(own);
  if (!text) return [timeShort(startIso, zone), timeShort(endIso, zone)].filter(Boolean).join('–');
  return siteDiffers(startIso, own) ? `${text} (${span(undefined)})` : text;
}

export function number(n) {
  return new Intl.NumberFormat(intlLocale()).format(Number(n || 0));
}

// RFC 3339 UTC <-> the value of an <input type="datetime-local">, read as wall-clock time in
// `zone` (the event's for an event-bound field: eventZone(ev); the site's when omitted). The
// form says which zone (zoneTitle).
export function toLocalInput(iso, zone) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = zoneParts(d, knownZone(zone) || timeZone());
  const pad = (n) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

// The wall time `value` ("2027-01-16T09:00") in `zone` as RFC 3339 UTC, or null. A time inside a
// DST gap (02:30 on Europe/Berlin's spring change) moves forward by the gap (03:30 CEST); a
// time that occurs twice (the autumn change) is its first occurrence — as the server's
// LocalWallToUtc does.
export function fromLocalInput(value, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  if (!m) return null;
  const z = knownZone(zone) || timeZone() || 'UTC';
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // Offsets a few hours either side of the wall time cover every transition near it.
  const before = offsetMinutes(new Date(wall - 12 * 3600e3), z);
  const after = offsetMinutes(new Date(wall + 12 * 3600e3), z);
  // The first occurrence: try the earlier offset (the one before a transition) first.
  for (const off of [before, after]) {
    const guess = wall - off * 60000;
    if (offsetMinutes(new Date(guess), z) === off) return new Date(guess).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  // In a gap neither offset reads back: keep the offset before the gap (02:30 CET → 03:30 CEST).
  return new Date(wall - before * 60000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

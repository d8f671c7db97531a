// History-API router: the server answers every page path with index.html and the route table
// below picks the page from location.pathname. Pages live in ./pages/*.js and are loaded on
// first use; each exports functions page(ctx) that render into ctx.main.

import {h, replace} from './dom.js';
import {t} from './i18n.js';
import {accessToken, currentUser, hasRole} from './api.js';
import {errorBox, pageTitle} from './ui.js';
import {adminRoutes} from './pages/admin/pages.js';

// [pattern, module, export, minimum role or null]. ':name' matches one path segment; module is
// the file under pages/ without .js. The admin area's rows come from pages/admin/pages.js.
// Draw pages are rendered by pages/draws.js (one draw, an attendee's draws, and its re-exports
// `live` and `verify` for the projector and verification screens) and pages/draws_admin.js.
const kRoutes = [
  ['/', 'public', 'eventList', null],
  ['/events', 'public', 'eventList', null],
  ['/events/:id', 'public', 'eventPage', null],
  ['/events/:id/programme', 'programme', 'programme', null],
  ['/events/:id/sessions/:sid', 'programme', 'sessionPage', null],
  ['/account', 'account', 'home', 'attendee'],
  ['/account/login', 'account', 'login', null],
  ['/account/register', 'account', 'register', null],
  ['/account/confirm', 'account', 'confirm', null],
  ['/account/forgot', 'account', 'forgot', null],
  ['/account/reset', 'account', 'reset', null],
  ['/account/profile', 'account', 'profile', 'attendee'],
  ['/account/organizer', 'account', 'organizerApplication', 'attendee'],
  ['/account/orders', 'orders', 'orderList', 'attendee'],
  ['/account/orders/:id', 'orders', 'orderPage', 'attendee'],
  ['/account/tickets', 'tickets', 'ticketList', 'attendee'],
  // Open to a companion with the ?key= of their mail; the page sends others to sign in.
  ['/account/tickets/:id', 'tickets', 'ticketPage', null],
  ['/account/draws', 'draws', 'myDraws', 'attendee'],
  ['/account/teams', 'teams', 'myTeams', 'attendee'],
  ['/account/teams/:id', 'teams', 'teamPage', 'attendee'],
  ['/join/:token', 'teams', 'joinPage', null],
  ['/account/agenda', 'programme', 'agenda', 'attendee'],
  ['/setup', 'setup', 'setup', null],
  ['/invite/:token', 'invite', 'invitePage', null],
  ['/staff', 'staff', 'home', 'staff'],
  ['/staff/payments', 'staff', 'payments', 'staff'],
  ['/staff/scan', 'scanner', 'scan', 'staff'],
  ['/staff/lookup', 'staff', 'lookup', 'staff'],
  ...adminRoutes(),
  ['/events/:id/nominations', 'nominations', 'nominationsPage', null],
  ['/events/:id/nominations/results', 'nominations', 'resultsPage', null],
  ['/nominations/respond/:token', 'nominations', 'respondPage', null],
  ['/unsubscribe/:token', 'unsubscribe', 'unsubscribePage', null],
  ['/draws/:id', 'draws', 'drawPage', null],
  ['/draws/:id/live', 'draws', 'live', null],
  ['/draws/:id/verify', 'draws', 'verify', null],
].map(([pattern, module, name, role]) => {
  const keys = [];
  const source = pattern.replace(/:(\w+)/g, (m, key) => { keys.push(key); return '([^/]+)'; });
  return {regex: new RegExp(`^${source}$`), keys, module, name, role};
});

function normalize(path) {
  if (path.length > 1 && path.endsWith('/')) return path.replace(/\/+$/, '');
  return path;
}

function match(path) {
  for (const route of kRoutes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    const params = {};
    route.keys.forEach((key, i) => { params[key] = decodeURIComponent(m[i + 1]); });
    return {route, params};
  }
  return null;
}

let leaveHandlers = [];
let renderCount = 0;
let afterRender = () => {};
export function setAfterRender(fn) { afterRender = fn; }

export function navigate(url, {replace: replaceState = false} = {}) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) { location.href = target.href; return; }
  if (replaceState) history.replaceState(null, '', target.pathname + target.search + target.hash);
  else history.pushState(null, '', target.pathname + target.search + target.hash);
  render();
}

// Cards a reader acts on in place (a session's register button, a nomination's vote): after a
// reload the page returns to them instead of jumping to the top.
const kCardAttributes = ['data-session-id', 'data-nomination'];

// Where the reader is: the scroll position and the card holding the focused control.
function placeOf() {
  const active = document.activeElement;
  let card = null;
  for (const attr of kCardAttributes) {
    const el = active && active.closest ? active.closest(`[${attr}]`) : null;
    if (el) { card = `[${attr}="${CSS.escape(el.getAttribute(attr))}"]`; break; }
  }
  return {y: window.scrollY, card};
}

// Puts the reader back: the same scroll position, the focus on the same card (made focusable),
// scrolled into view only if the change moved it out of sight.
function restorePlace(main, place) {
  window.scrollTo(0, place.y);
  const card = place.card ? main.querySelector(place.card) : null;
  if (!card) return;
  if (!card.hasAttribute('tabindex')) card.setAttribute('tabindex', '-1');
  card.focus({preventScroll: true});
  const box = card.getBoundingClientRect();
  if (box.bottom < 0 || box.top > window.innerHeight) card.scrollIntoView({block: 'center'});
}

// Re-renders the current page in place (after a change that alters what it shows), keeping the
// scroll position and the focus on the card that was acted on.
export function reload() { render(placeOf()); }

// A `next` parameter as a path on this site, or null. Parsed the way the browser will parse it
// (tab, CR and LF are stripped, backslashes are slashes), so "/\t/evil.test/" is seen as the
// off-site "//evil.test/" it becomes; only the parsed URL's origin decides.
export function sameSitePath(next) {
  if (typeof next !== 'string' || !next.startsWith('/')) return null;
  let url;
  try { url = new URL(next, location.origin); } catch { return null; }
  if (url.origin !== location.origin) return null;
  return url.pathname + url.search + url.hash;
}

export function loginUrl() {
  const next = location.pathname + location.search;
  return `/account/login?next=${encodeURIComponent(next)}`;
}

function runLeaveHandlers() {
  const handlers = leaveHandlers;
  leaveHandlers = [];
  for (const fn of handlers) {
    try { fn(); } catch (e) { console.error(e); }
  }
}

// `place`: from placeOf() for a reload in place; omitted for a navigation (top of the page).
export async function render(place = null) {
  const keepScroll = !!place;
  runLeaveHandlers();
  const token = ++renderCount;
  const main = document.getElementById('main');
  const path = normalize(location.pathname);
  const found = match(path);
  const query = new URLSearchParams(location.search);
  if (!found) {
    replace(main, pageTitle(t('notfound.title')), h('p', null, t('notfound.text')),
      h('p', null, h('a', {href: '/'}, t('notfound.home'))));
    afterRender();
    return;
  }
  const {route, params} = found;
  if (route.role && !accessToken()) {
    navigate(loginUrl(), {replace: true});
    return;
  }
  if (route.role && !hasRole(route.role, currentUser())) {
    replace(main, pageTitle(t('forbidden.title')), h('p', null, t('forbidden.text')));
    afterRender();
    return;
  }
  const ctx = {
    params, query, main, navigate,
    onLeave(fn) { leaveHandlers.push(fn); },
    // True while this render is still the current one; async pages check it before drawing.
    get current() { return token === renderCount; },
  };
  try {
    const mod = await import(`./pages/${route.module}.js`);
    if (token !== renderCount) return;
    const page = mod[route.name];
    if (typeof page !== 'function') throw new Error(`no page ${route.module}.${route.name}`);
    await page(ctx);
  } catch (err) {
    console.error(err);
    if (token === renderCount) replace(main, pageTitle(t('error.title')), errorBox(err));
  }
  if (token !== renderCount) return;
  if (keepScroll) restorePlace(main, place);
  else window.scrollTo(0, 0);
  // Move focus to the page (screen readers announce it) unless the page focused a control.
  if (!main.contains(document.activeElement) || document.activeElement === main) {
    const title = main.querySelector('h1');
    if (title && !keepScroll) title.focus({preventScroll: true});
  }
  afterRender();
}

// Same-origin links become History navigations; API, asset, docs and download links load
// normally, as do clicks with modifier keys.
export function startRouter() {
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin) return;
    if (/^\/(api|assets|docs)(\/|$)/.test(url.pathname)) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    ev.preventDefault();
    navigate(url.href);
  });
  window.addEventListener('popstate', () => render());
  render();
}

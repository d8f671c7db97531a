// What every admin page shares: the admin navigation (built from pages/admin/pages.js), the
// page frame under it, the links of an event's admin pages, and reading a list reply.

import {h, replace} from '../dom.js';
import {t} from '../i18n.js';
import {hasRole} from '../api.js';
import {pageTitle} from '../ui.js';
import {kAdminPages} from './admin/pages.js';

// The admin navigation: one link per page of kAdminPages with a `nav` key that the signed-in
// user may open; the current page's link carries aria-current.
export function adminNav() {
  const items = kAdminPages.filter((p) => p.nav && hasRole(p.role)).map((p) => [p.routes[0][0], t(p.nav)]);
  const hrefs = items.map(([href]) => href);
  const path = location.pathname.replace(/\/$/, '') || '/';
  // The current link is the longest href that is the path or a parent of it.
  const current = hrefs.filter((href) => path === href || (href !== '/admin' && path.startsWith(`${href}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return h('nav', {class: 'subnav', 'aria-label': t('admin.nav')},
    h('ul', null, items.map(([href, label]) => h('li', null, h('a', {href, 'aria-current': href === current ? 'page' : null}, label)))));
}

// Replaces the page with the admin navigation, the title (h1) and `content`.
export function adminFrame(ctx, title, ...content) {
  replace(ctx.main, adminNav(), pageTitle(title), ...content);
}

// The items of a list reply ({items, total, ...}) or of a plain array.
export function listItems(page) {
  return Array.isArray(page) ? page : (page && page.items) || [];
}

// Links to the admin pages of one event (kAdminPages lines with `eventLink`) that the user may
// open, separated by ' · '.
export function eventLinks(eventId) {
  const links = kAdminPages.filter((p) => p.eventLink && hasRole(p.role))
    .map((p) => h('a', {href: p.routes[0][0].replace(':id', encodeURIComponent(eventId))}, t(p.eventLink)));
  return links.flatMap((a, i) => (i ? [' · ', a] : [a]));
}

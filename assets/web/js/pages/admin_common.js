// The organizer/admin area's own navigation, shown above every /admin page.

import {h} from '../dom.js';
import {t} from '../i18n.js';
import {hasRole} from '../api.js';

export function adminNav() {
  const items = [['/admin', t('admin.dashboard'), 'staff']];
  items.push(['/admin/events', t('admin.events'), 'organizer']);
  items.push(['/staff/payments', t('nav.payments'), 'staff']);
  items.push(['/staff/lookup', t('lookup.title'), 'staff']);
  items.push(['/admin/users', t('admin.users'), 'admin']);
  items.push(['/admin/applications', t('admin.applications'), 'admin']);
  items.push(['/admin/mail', t('admin.outbox'), 'admin']);
  items.push(['/admin/mail/templates', t('admin.templates'), 'admin']);
  items.push(['/admin/settings', t('admin.settings'), 'admin']);
  items.push(['/admin/audit', t('admin.audit'), 'admin']);
  items.push(['/admin/backups', t('admin.backups'), 'admin']);
  const path = location.pathname.replace(/\/$/, '') || '/';
  return h('nav', {class: 'subnav', 'aria-label': t('admin.nav')},
    h('ul', null, items.filter(([, , role]) => hasRole(role)).map(([href, label]) => {
      const here = path === href || (href !== '/admin' && path.startsWith(`${href}/`) && !(href === '/admin/mail' && path.startsWith('/admin/mail/templates')));
      return h('li', null, h('a', {href, 'aria-current': here ? 'page' : null}, label));
    })));
}

// What an event still lacks before it can take money, said where the organizer publishes (the
// event's admin page): GET /events/{id}/setup-checks, the dashboard's bank-instructions rule
// over this event's ticket types. It warns and asks, it never blocks: free events need nothing.

import {h, replace} from '../dom.js';
import {t} from '../i18n.js';
import {get, hasRole} from '../api.js';
import {notice, confirmDialog} from '../ui.js';

// The open checks of event `id` ([] when none, or when they cannot be read: the page works
// without them).
async function openChecks(id) {
  try {
    const r = await get(`/events/${id}/setup-checks`);
    return Array.isArray(r.items) ? r.items : [];
  } catch (err) {
    return [];
  }
}

// What to do about the checks: admins get a link to the setting, organizers whom to ask.
function remedy() {
  return hasRole('admin')
    ? [h('a', {href: '/admin/settings#setting-bank_instructions'}, t('publish_checks.fix')), ' ', t('publish_checks.still_publish')]
    : [t('publish_checks.ask_admin')];
}

// Said on the page when its ticket types change (admin_events.js), so the box reads the checks
// again: a paid type added on the page warns at once, not after a reload.
export const kTicketTypesChanged = 'lanyard:ticket-types-changed';

// A warning box for the event's page, filled once the checks are read (empty when nothing is
// missing), and read again whenever the page's ticket types change.
export function publishChecksBox(ev) {
  const box = h('div', {id: 'publish-checks'});
  const load = () => openChecks(ev.id).then((checks) => {
    const missing = checks.some((c) => c.code === 'bank_instructions_missing');
    replace(box, missing ? notice('warn', h('strong', null, t('publish_checks.bank_missing')), ' ', ...remedy()) : []);
  });
  const onChange = (e) => {
    if (!box.isConnected) { document.removeEventListener(kTicketTypesChanged, onChange); return; }
    if (String(e.detail && e.detail.eventId) === String(ev.id)) load();
  };
  document.addEventListener(kTicketTypesChanged, onChange);
  load();
  return box;
}

// Before publishing: true to go on. With a check open the organizer is asked again (the
// checks are read afresh: ticket types may have changed on the page).
export async function confirmPublish(ev) {
  const checks = await openChecks(ev.id);
  if (!checks.some((c) => c.code === 'bank_instructions_missing')) return true;
  // What to do about it, in the dialog too (not only in the box above the button).
  const what = hasRole('admin') ? t('publish_checks.fix') : t('publish_checks.ask_admin');
  const ok = await confirmDialog({
    title: t('publish_checks.confirm_title'), text: `${t('publish_checks.bank_missing')} ${what}`,
    confirm: t('publish_checks.confirm'), dismiss: t('publish_checks.dismiss'),
  });
  return ok !== null;
}

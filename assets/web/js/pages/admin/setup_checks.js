// The first-run checklist: what a committee should still set before its first real event
// (GET /settings `setup_checks`: bank instructions when a ticket type takes money, a sender
// address the mail server accepts). Shown on the admin dashboard and on top of the settings
// page, one line per open check, in the page's language (by code), with a link to the setting.

import {h} from '../../dom.js';
import {t, has} from '../../i18n.js';
import {get, hasRole} from '../../api.js';
import {notice} from '../../ui.js';

// The checklist element for `checks`, or null when nothing is open. `inSettings`: the links
// jump to the field on this page instead of opening the settings page.
export function setupChecklist(checks, {inSettings = false} = {}) {
  if (!Array.isArray(checks) || !checks.length) return null;
  const setting = {bank_instructions_missing: 'bank_instructions', mail_from_default: 'mail_from'};
  const items = checks.map((c) => {
    const key = `setup_checks.${c.code}`;
    const text = has(key) ? t(key, c.params || {}) : c.message;
    const target = setting[c.code];
    const link = target ? h('a', {href: inSettings ? `#setting-${target}` : `/admin/settings#setting-${target}`}, t('setup_checks.fix')) : null;
    return h('li', {dataset: {check: c.code}}, text, link ? ' ' : null, link);
  });
  const box = notice('warn', h('strong', null, t('setup_checks.title')), h('ul', null, items));
  box.id = 'setup-checks';
  return box;
}

// The checklist for the dashboard: only admins may read the settings; null for others or when
// the settings cannot be read (the dashboard works without it).
export async function loadSetupChecklist() {
  if (!hasRole('admin')) return null;
  try {
    return setupChecklist((await get('/settings')).setup_checks);
  } catch (err) {
    return null;
  }
}

// Organizer applications (/admin/applications): approve or reject with a message.

import {h, replace} from '../../dom.js';
import {t, dateTime, siteTimeZone} from '../../i18n.js';
import {get, post} from '../../api.js';
import {loading, errorBox, toast, badge, actionButton, confirmDialog} from '../../ui.js';
import {adminFrame, listItems} from '../admin_common.js';

export async function applications(ctx) {
  const status = ctx.query.get('status') ?? 'pending';
  const statusSelect = h('select', {id: 'app-status'},
    ['pending', 'approved', 'rejected', ''].map((s) => h('option', {value: s, selected: s === status}, s ? t(`app_status.${s}`) : t('common.all'))));
  statusSelect.addEventListener('change', () => ctx.navigate(`/admin/applications?status=${statusSelect.value}`, {replace: true}));
  const list = h('div', null, loading());
  adminFrame(ctx, t('admin.applications'), h('div', {class: 'field'}, h('label', {for: 'app-status'}, t('common.status')), statusSelect), list);
  try {
    const page = await get('/organizer-applications', {status, limit: 100});
    if (!ctx.current) return;
    const apps = listItems(page);
    replace(list, apps.length ? h('ul', {class: 'list'}, apps.map((a) => {
      const who = (a.user && (a.user.name || a.user.email)) || a.user_name || a.name || `#${a.user_id}`;
      const email = (a.user && a.user.email) || a.user_email || a.email || '';
      const decide = (decision) => actionButton(t(`applications.${decision}`), async () => {
        const message = await confirmDialog({
          title: t(`applications.${decision}`), text: t('applications.confirm', {name: who}),
          reason: true, reasonLabel: t('applications.message'), reasonRequired: decision === 'reject', danger: decision === 'reject',
        });
        if (message === null) return;
        await post(`/organizer-applications/${a.id}/decision`, {decision, message});
        toast(t('applications.done'));
        ctx.navigate(location.pathname + location.search, {replace: true});
      }, decision === 'approve' ? 'btn btn-ok' : 'btn btn-danger');
      return h('li', {class: 'list-item'},
        h('h2', null, who, ' ', badge(a.status, 'app_status')),
        h('p', {class: 'meta'}, email, ' · ', dateTime(a.created_at, siteTimeZone())),
        h('p', null, h('strong', null, a.organization)),
        a.description ? h('p', {class: 'desc'}, a.description) : null,
        a.message ? h('p', {class: 'meta'}, t('applications.message'), ': ', a.message) : null,
        a.status === 'pending' ? h('p', {class: 'actions'}, decide('approve'), ' ', decide('reject')) : null);
    })) : h('p', {class: 'empty'}, t('applications.none')));
  } catch (err) {
    if (ctx.current) replace(list, errorBox(err));
  }
}

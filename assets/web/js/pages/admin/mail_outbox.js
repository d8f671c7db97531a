// Mail outbox (/admin/mail): what was queued, sent or failed; retry a failed mail.

import {h, replace} from '../../dom.js';
import {t, dateTime, dateTimeSeconds, siteTimeZone} from '../../i18n.js';
import {get, post} from '../../api.js';
import {loading, errorBox, toast, badge, actionButton, table, pager} from '../../ui.js';
import {adminFrame, listItems} from '../admin_common.js';
import {mailKindName} from './mail_common.js';

export async function outbox(ctx) {
  const status = ctx.query.get('status') || '';
  const offset = Number(ctx.query.get('offset') || 0);
  const statusSelect = h('select', {id: 'outbox-status'},
    ['', 'queued', 'sent', 'failed'].map((s) => h('option', {value: s, selected: s === status}, s ? t(`mail_status.${s}`) : t('common.all'))));
  statusSelect.addEventListener('change', () => ctx.navigate(`/admin/mail${statusSelect.value ? `?status=${statusSelect.value}` : ''}`, {replace: true}));
  const list = h('div', null, loading());
  adminFrame(ctx, t('admin.outbox'), h('div', {class: 'field'}, h('label', {for: 'outbox-status'}, t('common.status')), statusSelect), list);
  try {
    const page = await get('/mail/outbox', {status, limit: 50, offset});
    if (!ctx.current) return;
    replace(list, table([t('common.date'), t('mail.kind'), t('mail.to'), t('common.status'), t('mail.attempts'), ''],
      listItems(page).map((m) => [
        dateTime(m.created_at, siteTimeZone()),
        h('a', {href: `/admin/mail/templates/${encodeURIComponent(m.kind)}`}, mailKindName(m.kind)),
        h('span', null, m.to_name || '', m.to_name ? h('br') : null, h('span', {class: 'meta'}, m.to_email || m.to || '')),
        h('span', null, badge(m.status, 'mail_status'),
          m.status === 'sent' && m.sent_at ? h('span', {class: 'meta'}, ` ${dateTime(m.sent_at, siteTimeZone())}`) : null,
          m.status === 'queued' && m.next_attempt_at ? h('span', {class: 'meta'}, ` ${t('mail.next_try', {date: dateTime(m.next_attempt_at, siteTimeZone())})}`) : null,
          m.sending ? h('div', {class: 'meta break'}, t('mail.sending', {instance: m.sending.instance, date: dateTimeSeconds(m.sending.until, siteTimeZone())})) : null,
          m.last_error ? h('div', {class: 'meta break'}, m.last_error) : null),
        String(m.attempts ?? ''),
        m.status === 'failed' ? actionButton(t('mail.retry'), async () => {
          await post(`/mail/outbox/${m.id}/retry`, {});
          toast(t('mail.retried'));
          ctx.navigate(location.pathname + location.search, {replace: true});
        }, 'btn btn-small') : '',
      ]), {empty: t('mail.none'), stack: true}),  // labelled cards on a phone: the status stays in view
    pager(page, (next) => ctx.navigate(`/admin/mail?${new URLSearchParams({...(status ? {status} : {}), offset: String(next)})}`)));
  } catch (err) {
    if (ctx.current) replace(list, errorBox(err));
  }
}

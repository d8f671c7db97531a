// Audit log (/admin/audit): who did what, newest first.

import {h} from '../../dom.js';
import {t, dateTime, siteTimeZone} from '../../i18n.js';
import {get} from '../../api.js';
import {loading, errorBox, table, pager} from '../../ui.js';
import {adminFrame, listItems} from '../admin_common.js';

export async function audit(ctx) {
  const offset = Number(ctx.query.get('offset') || 0);
  adminFrame(ctx, t('admin.audit'), loading());
  try {
    const page = await get('/audit', {limit: 50, offset});
    if (!ctx.current) return;
    adminFrame(ctx, t('admin.audit'),
      table([t('common.date'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.details')],
        listItems(page).map((e) => {
          const actor = (e.actor && (e.actor.name || e.actor.email)) || e.actor_name || e.actor_email || (e.actor_id ? `#${e.actor_id}` : t('audit.system'));
          const target = [e.target_type || e.entity, e.target_id ?? e.entity_id].filter((x) => x !== undefined && x !== null).join(' #');
          const details = e.details ?? e.data ?? e.detail;
          return [dateTime(e.created_at || e.at, siteTimeZone()), actor, e.action || '', target,
            details ? h('code', {class: 'break'}, typeof details === 'string' ? details : JSON.stringify(details)) : ''];
        }), {empty: t('audit.none'), stack: true}),  // labelled cards on a phone, nothing cut
      pager(page, (next) => ctx.navigate(`/admin/audit?offset=${next}`)));
  } catch (err) {
    if (ctx.current) adminFrame(ctx, t('admin.audit'), errorBox(err));
  }
}

// Backups (/admin/backups): the list of online backups and a button to take one now; on
// PostgreSQL (available: false) a note that pg_dump on the database server takes them instead.

import {h, replace} from '../../dom.js';
import {t, dateTime, number, siteTimeZone} from '../../i18n.js';
import {get, post} from '../../api.js';
import {loading, errorBox, toast, actionButton, table, notice} from '../../ui.js';
import {adminFrame, listItems} from '../admin_common.js';

export async function backups(ctx) {
  const list = h('div', null, loading());
  const createRow = h('div', null, h('p', null, actionButton(t('backups.create'), async () => {
    await post('/admin/backups', {});
    toast(t('backups.created'));
    await refresh();
  }, 'btn btn-primary')));
  const refresh = async () => {
    try {
      const page = await get('/admin/backups');
      if (!ctx.current) return;
      if (page.available === false) {
        replace(createRow, notice('warn', t('backups.postgres')));
        replace(list);
        return;
      }
      replace(list, table([t('backups.file'), t('backups.size'), t('common.date')],
        listItems(page).map((b) => [b.name || b.file || b.path || '', b.size != null ? `${number(Math.round(b.size / 1024))} KiB` : '', dateTime(b.created_at, siteTimeZone())]),
        {empty: t('backups.none')}));
    } catch (err) {
      if (ctx.current) replace(list, errorBox(err));
    }
  };
  adminFrame(ctx, t('admin.backups'),
    h('p', null, t('backups.intro')),
    createRow,
    list);
  refresh();
}

// Users and roles (/admin/users): search, change a role, deactivate an account.

import {h, replace} from '../../dom.js';
import {t, dateTime, siteTimeZone} from '../../i18n.js';
import {get, patch, currentUser} from '../../api.js';
import {field, form, loading, errorBox, toast, table, pager, errorText} from '../../ui.js';
import {adminFrame, listItems} from '../admin_common.js';
import {inviteSection} from '../admin_invitations.js';

const kRoles = ['attendee', 'staff', 'organizer', 'admin'];

export async function users(ctx) {
  const q = ctx.query.get('q') || '';
  const role = ctx.query.get('role') || '';
  const offset = Number(ctx.query.get('offset') || 0);
  const results = h('div', null, loading());
  const filter = form({
    class: 'inline-form', submit: t('events.search'),
    fields: [
      field({name: 'q', label: t('users.search'), type: 'search', value: q}),
      field({name: 'role', label: t('profile.role'), type: 'select', value: role, options: [{value: '', label: t('users.any_role')}, ...kRoles.map((r) => ({value: r, label: t(`role.${r}`)}))]}),
    ],
    onSubmit: async (values) => {
      const p = new URLSearchParams();
      if (values.q) p.set('q', values.q);
      if (values.role) p.set('role', values.role);
      ctx.navigate(`/admin/users${p.toString() ? `?${p}` : ''}`);
    },
  });
  adminFrame(ctx, t('admin.users'), inviteSection(ctx, () => ctx.navigate(location.pathname + location.search, {replace: true})), filter, results);
  try {
    const page = await get('/users', {q, role, limit: 50, offset});
    if (!ctx.current) return;
    const me = currentUser();
    replace(results, table([t('profile.name'), t('auth.email'), t('profile.role'), t('users.active'), t('users.since')],
      listItems(page).map((u) => {
        const roleSelect = h('select', {'aria-label': t('users.role_of', {name: u.name}), disabled: me && me.id === u.id},
          kRoles.map((r) => h('option', {value: r, selected: r === u.role}, t(`role.${r}`))));
        roleSelect.addEventListener('change', async () => {
          try {
            await patch(`/users/${u.id}`, {role: roleSelect.value});
            u.role = roleSelect.value;
            toast(t('users.saved', {name: u.name}));
          } catch (err) {
            roleSelect.value = u.role;
            toast(errorText(err), 'error');
          }
        });
        const active = h('input', {type: 'checkbox', checked: u.active !== false, 'aria-label': t('users.active_of', {name: u.name}), disabled: me && me.id === u.id});
        active.addEventListener('change', async () => {
          try {
            await patch(`/users/${u.id}`, {active: active.checked});
            toast(t('users.saved', {name: u.name}));
          } catch (err) {
            active.checked = !active.checked;
            toast(errorText(err), 'error');
          }
        });
        const email = u.email_confirmed === false
          ? h('span', null, u.email, ' ', h('span', {class: 'chip'}, t('users.status_unconfirmed'))) : u.email;
        return [u.name, email, roleSelect, active, dateTime(u.created_at, siteTimeZone())];
      }), {empty: t('users.none'), stack: true}),  // labelled cards on a phone, nothing cut
    pager(page, (next) => {
      const p = new URLSearchParams(location.search);
      p.set('offset', String(next));
      ctx.navigate(`/admin/users?${p}`);
    }));
  } catch (err) {
    if (ctx.current) replace(results, errorBox(err));
  }
}

// The users page's "add a person by address" form and the list of open invitations
// (POST /users/invitations, GET /users/invitations).

import {h, replace} from '../dom.js';
import {t, dateTime, siteTimeZone} from '../i18n.js';
import {get, post} from '../api.js';
import {field, form, loading, errorBox, toast, table} from '../ui.js';

const kInvitableRoles = ['staff', 'organizer', 'admin'];

export function inviteSection(ctx, onChanged) {
  const list = h('div', {id: 'open-invitations'}, loading());
  const refresh = async () => {
    try {
      const page = await get('/users/invitations');
      if (!ctx.current) return;
      const rows = (page.items || []).map((inv) => [
        inv.name, inv.email, t(`role.${inv.role}`),
        h('span', {class: 'chip'}, t('users.status_invited')),
        t('users.expires', {date: dateTime(inv.expires_at, siteTimeZone())})]);
      replace(list, rows.length ? h('div', null, h('h3', null, t('users.open_invitations')),
        table([t('profile.name'), t('auth.email'), t('profile.role'), '', ''], rows)) : null);
    } catch (err) {
      if (ctx.current) replace(list, errorBox(err));
    }
  };
  const f = form({
    class: 'stack-form', submit: t('users.invite_submit'),
    fields: [
      field({name: 'name', label: t('profile.name'), required: true, maxlength: 200, autocomplete: 'off'}),
      field({name: 'email', label: t('auth.email'), type: 'email', required: true, autocomplete: 'off'}),
      field({name: 'role', label: t('profile.role'), type: 'select', value: 'staff', options: kInvitableRoles.map((r) => ({value: r, label: t(`role.${r}`)}))}),
    ],
    onSubmit: async (values, formEl) => {
      const email = values.email.trim();
      const r = await post('/users/invitations', {email, name: values.name.trim(), role: values.role});
      toast(r.status === 'role_changed' ? t('users.role_changed', {email}) : t('users.invited', {email}));
      formEl.reset();
      refresh();
      if (r.status === 'role_changed' && onChanged) onChanged();
    },
  });
  refresh();
  return h('details', {class: 'section', id: 'invite-section'},
    h('summary', null, t('users.invite_title')),
    h('p', {class: 'hint'}, t('users.invite_hint')), f, list);
}

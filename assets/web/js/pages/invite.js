// /invite/{token}: a person an admin invited by address chooses a password and is signed in with
// the role of the invitation (staff, organizer, admin), address confirmed.

import {h, replace} from '../dom.js';
import {t, dateTime, currentLanguage, siteTimeZone} from '../i18n.js';
import {get, post, login, ApiError} from '../api.js';
import {field, form, pageTitle, notice, invalid, loading, errorBox} from '../ui.js';

function homeForRole(role) {
  if (role === 'staff') return '/staff/scan';
  return '/admin';
}

export async function invitePage(ctx) {
  const token = ctx.params.token;
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('invite.title')), loading()));
  let inv;
  try {
    inv = await get(`/invitations/${encodeURIComponent(token)}`);
  } catch (err) {
    if (!ctx.current) return;
    const used = err instanceof ApiError && err.code === 'invitation_used';
    replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('invite.title')),
      used ? notice('ok', t('invite.used')) : errorBox(err),
      h('p', null, h('a', {class: 'btn btn-primary', href: '/account/login'}, t('auth.sign_in')))));
    return;
  }
  if (!ctx.current) return;
  const f = form({
    submit: t('invite.accept'),
    fields: [
      field({name: 'email', label: t('auth.email'), type: 'email', value: inv.email, readonly: true, autocomplete: 'username'}),
      field({name: 'password', label: t('auth.password'), type: 'password', required: true, autocomplete: 'new-password', minlength: 8, maxlength: 256, hint: t('auth.password_hint'), autofocus: true}),
      field({name: 'password2', label: t('auth.repeat_password'), type: 'password', required: true, autocomplete: 'new-password'}),
    ],
    onSubmit: async (values) => {
      if (values.password.length < 8) throw invalid({password: t('auth.password_hint')});
      if (values.password !== values.password2) throw invalid({password2: t('auth.passwords_differ')});
      await post(`/invitations/${encodeURIComponent(token)}/accept`, {password: values.password, locale: currentLanguage()}, {auth: false});
      await login(inv.email, values.password);
      ctx.navigate(homeForRole(inv.role), {replace: true});
    },
  });
  replace(ctx.main, h('div', {class: 'narrow'},
    pageTitle(t('invite.title')),
    h('p', null, t('invite.intro', {name: inv.name, inviter: inv.inviter_name || '', role: t(`role.${inv.role}`)})),
    h('p', {class: 'meta'}, t('invite.valid_until', {date: dateTime(inv.expires_at, siteTimeZone())})),
    f));
}

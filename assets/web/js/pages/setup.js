// First-run setup: the one-time link printed by `lanyard serve` creates the first admin.

import {h, replace} from '../dom.js';
import {t, currentLanguage} from '../i18n.js';
import {post, login} from '../api.js';
import {field, form, pageTitle, notice, invalid} from '../ui.js';

export async function setup(ctx) {
  const token = ctx.query.get('token');
  if (!token) {
    replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('setup.title')), notice('warn', t('setup.no_token')),
      h('p', null, h('code', null, 'lanyard admin create --email you@example.org'))));
    return;
  }
  // A link is used once: when it can no longer create the first admin (used, expired, or an
  // admin exists, made by this link or another server's), the page says so at once instead of
  // showing a form that can only be refused (POST /setup/check, read-only).
  let state = {usable: true, needs_setup: true};
  try {
    state = await post('/setup/check', {token}, {auth: false});
  } catch (err) {
    state = {usable: true, needs_setup: true};  // unknown: the form, whose answer says what is wrong
  }
  if (!ctx.current) return;
  if (!state.usable) {
    const exists = state.needs_setup === false;
    replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('setup.title')),
      h('div', {class: 'notice notice-warn', role: 'alert', id: 'setup-used'},
        h('p', null, t('setup.link_used')), h('p', null, t(exists ? 'setup.admin_exists' : 'setup.link_expired'))),
      exists ? h('p', null, h('a', {class: 'btn btn-primary', href: '/account/login', id: 'setup-sign-in'}, t('setup.sign_in')))
        : h('p', null, h('code', null, 'lanyard admin create --email you@example.org'))));
    return;
  }
  const f = form({
    submit: t('setup.create'),
    fields: [
      field({name: 'name', label: t('profile.name'), required: true, autocomplete: 'name', autofocus: true}),
      field({name: 'email', label: t('auth.email'), type: 'email', required: true, autocomplete: 'username'}),
      field({name: 'password', label: t('auth.password'), type: 'password', required: true, autocomplete: 'new-password', minlength: 8, maxlength: 256, hint: t('auth.password_hint')}),
      field({name: 'password2', label: t('auth.repeat_password'), type: 'password', required: true, autocomplete: 'new-password'}),
    ],
    onSubmit: async (values) => {
      if (values.password !== values.password2) throw invalid({password2: t('auth.passwords_differ')});
      // The page's language becomes the admin's and the site's default language for mails.
      const body = {token, email: values.email.trim(), name: values.name.trim(), password: values.password, locale: currentLanguage()};
      await post('/setup', body, {auth: false});
      await login(body.email, body.password);
      ctx.navigate('/admin', {replace: true});
    },
  });
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('setup.title')), h('p', null, t('setup.intro')), f));
}

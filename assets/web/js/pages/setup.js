// First-run setup: the one-time link printed by `lanyard serve` creates the first admin.

import {h, replace} from '../dom.js';
import {t, currentLanguage} from '../i18n.js';
import {post, login} from '../api.js';
import {field, form, pageTitle, notice, invalid} from '../ui.js';

// The command that creates an admin without a link, and what it needs on PostgreSQL.
function commandHint() {
  return [h('p', null, h('code', null, 'lanyard admin create --email you@example.org')),
    h('p', {class: 'muted', id: 'setup-cli-db'}, t('setup.cli_db_hint'))];
}

// The page for a link that can no longer create the first admin: why, and what to do instead.
function showUnusable(ctx, state) {
  const exists = state.needs_setup === false;
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('setup.title')),
    h('div', {class: 'notice notice-warn', role: 'alert', id: 'setup-used'},
      h('p', null, t('setup.link_used')), h('p', null, t(exists ? 'setup.admin_exists' : 'setup.link_expired'))),
    ...(exists ? [h('p', null, h('a', {class: 'btn btn-primary', href: '/account/login', id: 'setup-sign-in'}, t('setup.sign_in')))]
      : commandHint())));
}

export async function setup(ctx) {
  const token = ctx.query.get('token');
  if (!token) {
    replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('setup.title')), notice('warn', t('setup.no_token')),
      ...commandHint()));
    return;
  }
  // A link is used once: when it can no longer create the first admin (used, expired, or an
  // admin exists, made by this link or another server's), the page says so at once instead of
  // showing a form that can only be refused (POST /setup/check, read-only).
  const check = async () => {
    try {
      return await post('/setup/check', {token}, {auth: false});
    } catch (err) {
      return {usable: true, needs_setup: true};  // unknown: the form, whose answer says what is wrong
    }
  };
  const state = await check();
  if (!ctx.current) return;
  if (!state.usable) {
    showUnusable(ctx, state);
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
      try {
        await post('/setup', body, {auth: false});
      } catch (err) {
        // Refused while the form was open (another operator set up first, or the link ran out):
        // the same page a fresh visit of the link would show, not an error above a dead form.
        const now = err.status >= 400 && err.status < 500 && err.code !== 'validation_failed' ? await check() : null;
        if (now && !now.usable) {
          if (ctx.current) showUnusable(ctx, now);
          return;
        }
        throw err;
      }
      await login(body.email, body.password);
      ctx.navigate('/admin', {replace: true});
    },
  });
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('setup.title')), h('p', null, t('setup.intro')), f));
}

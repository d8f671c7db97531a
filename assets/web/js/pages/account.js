// Account pages: sign in, sign up, confirm, password reset (link token or 6-digit code),
// profile with diet and documents, organizer application.

import {h, replace} from '../dom.js';
import {sameSitePath} from '../router.js';
import {mailChoiceSection} from './mail_choice.js';
import {t, dateTime, availableLanguages, currentLanguage, setLanguage, siteTimeZone} from '../i18n.js';
import {api, get, post, patch, upload, apiBlob, login, currentUser, setCurrentUser, hasRole, ApiError} from '../api.js';
import {field, form, pageTitle, loading, errorBox, notice, invalid, toast, table, badge, actionButton, downloadBlob, definitionList, errorText} from '../ui.js';

// Only same-site paths are followed after signing in (no open redirect through ?next=).
const safeNext = sameSitePath;

// `path` with `next` (a same-site path, or null) as ?next=, so sign-in and sign-up links keep
// where the person was going (e.g. the tickets chosen on an event page, /events/1?buy=1:1).
function withNext(path, next) {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

function homeFor(user) {
  if (hasRole('organizer', user)) return '/admin';
  if (hasRole('staff', user)) return '/staff/scan';
  return '/account/tickets';
}

export async function home(ctx) {
  ctx.navigate('/account/tickets', {replace: true});
}

function resendBox(email) {
  const box = h('div', {class: 'notice notice-info', role: 'status'});
  const f = form({
    class: 'inline-form', submit: t('auth.resend'),
    fields: [field({name: 'email', label: t('auth.email'), type: 'email', value: email || '', required: true, autocomplete: 'email'})],
    onSubmit: async (values) => {
      await post('/auth/confirm/resend', {email: values.email.trim()}, {auth: false});
      replace(box, t('auth.resent'));
    },
  });
  replace(box, h('p', null, t('auth.not_confirmed')), f);
  return box;
}

// Why a sign-in was refused for a while (core/accounts/login_lockout.h), how long to wait, and
// the way around it: a password reset by mail is never locked. The page keeps every lock it was
// told about until it ends, so a short pause (the per-device limit of tries a minute) answered
// after a 15-minute lock does not hide the longer wait: only the wait that applies (the longest
// still running) is shown, with the reset link.
const lockouts = new Map();  // reason → {until (ms), email}

function waitText(ms) {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 90 ? t('auth.wait_seconds', {n: seconds}) : t('auth.wait_minutes', {n: Math.ceil(seconds / 60)});
}

function lockoutNotice(body, email) {
  const now = Date.now();
  lockouts.set(body.lockout, {until: now + Math.max(1, Number(body.retry_after) || 1) * 1000, email});
  const active = [...lockouts].filter(([reason, l]) => l.until > now && (reason === 'rate' || l.email === email))
    .sort((a, b) => b[1].until - a[1].until);
  const sentence = (reason, wait) => ({
    address: () => t('auth.locked_address', {wait}),
    rate: () => t('auth.locked_rate', {wait}),  // the per-device limit of tries a minute
  }[reason]?.() ?? t('auth.slowed_account', {wait}));
  return notice('error', active.slice(0, 1).map(([reason, l]) => h('p', {class: 'lockout-text', dataset: {lockout: reason}},
    sentence(reason, waitText(l.until - now)))),
  h('p', null, h('a', {href: '/account/forgot', 'data-forgot': ''}, t('auth.locked_reset'))));
}

// The address typed on the sign-in page, for the password-reset form (kept in this tab only).
const kTypedEmail = 'lanyard.login_email';
function rememberTypedEmail(email) {
  try { sessionStorage.setItem(kTypedEmail, email); } catch (e) { /* storage off: not pre-filled */ }
}
function typedEmail() {
  try { return sessionStorage.getItem(kTypedEmail) || ''; } catch (e) { return ''; }
}

async function loginPage(ctx) {
  const next = safeNext(ctx.query.get('next'));
  const extra = h('div');
  const f = form({
    submit: t('auth.sign_in'),
    fields: [
      field({name: 'email', label: t('auth.email'), type: 'email', required: true, autocomplete: 'username', autofocus: true, value: typedEmail()}),
      field({name: 'password', label: t('auth.password'), type: 'password', required: true, autocomplete: 'current-password'}),
    ],
    onSubmit: async (values) => {
      replace(extra);
      rememberTypedEmail(values.email.trim());
      try {
        const user = await login(values.email.trim(), values.password);
        ctx.navigate(next || homeFor(user), {replace: true});
      } catch (err) {
        if (err instanceof ApiError && err.code === 'email_not_confirmed') {
          replace(extra, resendBox(values.email.trim()));
        }
        if (err instanceof ApiError && err.code === 'rate_limited' && err.body.lockout) {
          replace(extra, lockoutNotice(err.body, values.email.trim().toLowerCase()));
          return;
        }
        throw err;
      }
    },
  });
  // An address typed but not sent yet still goes with the "Forgot your password?" link.
  f.elements.email.addEventListener('input', () => rememberTypedEmail(f.elements.email.value.trim()));
  replace(ctx.main, h('div', {class: 'narrow'},
    pageTitle(t('auth.sign_in_title')),
    // Above the fields, where a wrong password is said too.
    extra, f,
    h('p', null, h('a', {href: '/account/forgot'}, t('auth.forgot_link'))),
    h('p', null, t('auth.no_account'), ' ', h('a', {href: withNext('/account/register', next)}, t('auth.sign_up')))));
}
export {loginPage as login};

// Where a person who signed up goes once the address is confirmed (the page they came from, e.g.
// an event with the tickets they chose). Kept in this browser: the mail's link opens here on the
// phone that signed up.
const kAfterConfirm = 'lanyard.after_confirm';

function rememberAfterConfirm(next) {
  try {
    if (next) localStorage.setItem(kAfterConfirm, next); else localStorage.removeItem(kAfterConfirm);
  } catch (e) { /* storage off: the person lands on the home page */ }
}

function takeAfterConfirm() {
  try {
    const next = safeNext(localStorage.getItem(kAfterConfirm));
    localStorage.removeItem(kAfterConfirm);
    return next;
  } catch (e) {
    return null;
  }
}

export async function register(ctx) {
  const f = form({
    submit: t('auth.create_account'),
    fields: [
      field({name: 'name', label: t('profile.name'), required: true, autocomplete: 'name', maxlength: 200, autofocus: true}),
      field({name: 'email', label: t('auth.email'), type: 'email', required: true, autocomplete: 'email'}),
      field({name: 'password', label: t('auth.password'), type: 'password', required: true, autocomplete: 'new-password', minlength: 8, maxlength: 256, hint: t('auth.password_hint')}),
      field({name: 'phone', label: t('profile.phone_optional'), type: 'tel', autocomplete: 'tel'}),
    ],
    onSubmit: async (values) => {
      // The language of these pages becomes the account's: its mails come in it.
      const body = {name: values.name.trim(), email: values.email.trim(), password: values.password, locale: currentLanguage()};
      if (values.phone.trim()) body.phone = values.phone.trim();
      // The mail's link carries it too: the link may open in another browser (the mail app's).
      const back = safeNext(ctx.query.get('next'));
      if (back) body.next = back;
      if (body.password.length < 8) throw invalid({password: t('auth.password_hint')});
      const user = await post('/auth/register', body, {auth: false});
      rememberAfterConfirm(safeNext(ctx.query.get('next')));
      if (user && user.email_confirmed) {
        await login(body.email, body.password).catch(() => null);
        ctx.navigate(safeNext(ctx.query.get('next')) || '/', {replace: true});
        return;
      }
      replace(ctx.main, h('div', {class: 'narrow'},
        pageTitle(t('auth.check_mail_title')),
        notice('ok', t('auth.check_mail', {email: body.email})),
        resendBox(body.email)));
    },
  });
  replace(ctx.main, h('div', {class: 'narrow'},
    pageTitle(t('auth.sign_up_title')), f,
    h('p', null, t('auth.have_account'), ' ', h('a', {href: withNext('/account/login', safeNext(ctx.query.get('next')))}, t('auth.sign_in')))));
}

export async function confirm(ctx) {
  const token = ctx.query.get('token');
  if (!token) {
    replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.confirm_title')), resendBox('')));
    return;
  }
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.confirm_title')), loading()));
  let message = 'auth.confirmed';
  try {
    await post('/auth/confirm', {token}, {auth: false});
  } catch (err) {
    if (!ctx.current) return;
    if (!(err instanceof ApiError && err.code === 'already_confirmed')) {
      replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.confirm_title')), errorBox(err), resendBox('')));
      return;
    }
    message = 'auth.already_confirmed';
  }
  if (!ctx.current) return;
  const user = currentUser();
  if (user) setCurrentUser({...user, email_confirmed: true});
  // Where to return: the link's own next (it works in any browser), else this browser's memory.
  const remembered = takeAfterConfirm();
  const next = safeNext(ctx.query.get('next')) || remembered;
  if (user && next) {
    toast(t(message));
    ctx.navigate(next, {replace: true});
    return;
  }
  // Not signed in on this browser: sign in, then straight back to where the person was.
  const signIn = withNext('/account/login', next);
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.confirm_title')),
    notice('ok', t(message)),
    h('p', null, h('a', {class: 'btn btn-primary', href: user ? (next || '/') : signIn}, user ? t('auth.continue') : t('auth.sign_in')))));
}

function codeResetForm(ctx, email) {
  return form({
    title: t('auth.reset_by_code'),
    submit: t('auth.set_password'),
    fields: [
      field({name: 'email', label: t('auth.email'), type: 'email', value: email || '', required: true, autocomplete: 'username'}),
      field({name: 'code', label: t('auth.code'), required: true, inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, hint: t('auth.code_hint')}),
      field({name: 'password', label: t('auth.new_password'), type: 'password', required: true, autocomplete: 'new-password', minlength: 8, maxlength: 256}),
    ],
    onSubmit: async (values) => {
      if (!/^\d{6}$/.test(values.code.trim())) throw invalid({code: t('auth.code_hint')});
      await post('/auth/password/reset', {email: values.email.trim(), code: values.code.trim(), password: values.password}, {auth: false});
      resetDone(ctx);
    },
  });
}

function resetDone(ctx) {
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.reset_title')),
    notice('ok', t('auth.reset_done')),
    h('p', null, h('a', {class: 'btn btn-primary', href: '/account/login'}, t('auth.sign_in')))));
}

export async function forgot(ctx) {
  const after = h('div');
  const f = form({
    submit: t('auth.send_reset'),
    // Pre-filled with the address just typed on the sign-in page.
    fields: [field({name: 'email', label: t('auth.email'), type: 'email', required: true, autocomplete: 'email', autofocus: true, value: typedEmail()})],
    onSubmit: async (values) => {
      const email = values.email.trim();
      // The mail is written in this page's language: the one reading it is the one here.
      await post('/auth/password/forgot', {email, locale: currentLanguage()}, {auth: false});
      replace(after, notice('ok', t('auth.reset_sent')), codeResetForm(ctx, email));
      f.hidden = true;
      const code = after.querySelector('[name=code]');
      if (code) code.focus();
    },
  });
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.forgot_title')),
    h('p', null, t('auth.forgot_text')), f, after,
    h('p', null, h('a', {href: '/account/reset'}, t('auth.have_code')))));
}

export async function reset(ctx) {
  const token = ctx.query.get('token');
  if (!token) {
    replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.reset_title')), codeResetForm(ctx, '')));
    return;
  }
  // A link already used or expired says so at once, instead of a form refused only on submit.
  const state = await post('/auth/password/reset/check', {token}, {auth: false}).catch(() => ({usable: true}));
  if (!ctx.current) return;
  if (!state.usable) {
    // The heading says what happened, not what can no longer be done here.
    replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.reset_link_unusable_title')),
      h('div', {class: 'notice notice-warn', role: 'alert', id: 'reset-unusable'}, h('p', null, t('auth.reset_link_unusable'))),
      h('p', null, h('a', {class: 'btn btn-primary', href: '/account/forgot'}, t('auth.reset_ask_again')))));
    return;
  }
  const f = form({
    submit: t('auth.set_password'),
    fields: [
      field({name: 'password', label: t('auth.new_password'), type: 'password', required: true, autocomplete: 'new-password', minlength: 8, maxlength: 256, autofocus: true, hint: t('auth.password_hint')}),
      field({name: 'password2', label: t('auth.repeat_password'), type: 'password', required: true, autocomplete: 'new-password'}),
    ],
    onSubmit: async (values) => {
      if (values.password !== values.password2) throw invalid({password2: t('auth.passwords_differ')});
      await post('/auth/password/reset', {token, password: values.password}, {auth: false});
      resetDone(ctx);
    },
  });
  replace(ctx.main, h('div', {class: 'narrow'}, pageTitle(t('auth.reset_title')), f));
}

const kDiets = ['none', 'vegetarian', 'vegan', 'halal', 'other'];
const kDocumentKinds = ['student_id', 'id_card', 'other'];

async function documentsSection() {
  const list = h('div', null, loading());
  const refresh = async () => {
    try {
      const r = await get('/me/documents');
      const docs = Array.isArray(r) ? r : (r.items || []);
      replace(list, table([t('documents.kind'), t('documents.file'), t('documents.uploaded'), ''],
        docs.map((d) => [
          t(`documents.kind_${d.kind}`) === `documents.kind_${d.kind}` ? d.kind : t(`documents.kind_${d.kind}`),
          d.filename || d.name || `#${d.id}`,
          dateTime(d.created_at, siteTimeZone()),
          actionButton(t('common.download'), async () => {
            downloadBlob(await apiBlob(`/documents/${d.id}`), d.filename || `document-${d.id}`);
          }),
        ]), {empty: t('documents.none')}));
    } catch (err) {
      replace(list, errorBox(err));
    }
  };
  const f = form({
    submit: t('documents.upload'),
    fields: [
      field({name: 'kind', label: t('documents.kind'), type: 'select', options: kDocumentKinds.map((k) => ({value: k, label: t(`documents.kind_${k}`)}))}),
      field({name: 'file', label: t('documents.file'), type: 'file', accept: 'image/png,image/jpeg,image/webp,application/pdf', required: true, hint: t('documents.hint')}),
    ],
    onSubmit: async (values, el) => {
      if (!values.file) throw invalid({file: t('error.required')});
      const data = new FormData();
      data.append('kind', values.kind);
      data.append('file', values.file);
      await upload('POST', '/me/documents', data);
      el.reset();
      toast(t('documents.uploaded_ok'));
      await refresh();
    },
  });
  refresh();
  return h('section', {class: 'section'}, h('h2', null, t('documents.title')), h('p', {class: 'hint'}, t('documents.why')), list, f);
}

export async function profile(ctx) {
  replace(ctx.main, loading());
  let me;
  try {
    me = await get('/me');
    setCurrentUser(me);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('profile.title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const languages = availableLanguages();
  const profileForm = form({
    submit: t('common.save'),
    fields: [
      definitionList([[t('auth.email'), me.email], [t('profile.role'), t(`role.${me.role}`)],
        [t('profile.confirmed'), me.email_confirmed ? t('common.yes') : t('common.no')]]),
      field({name: 'name', label: t('profile.name'), value: me.name, required: true, autocomplete: 'name'}),
      field({name: 'phone', label: t('profile.phone'), type: 'tel', value: me.phone || '', autocomplete: 'tel'}),
      field({name: 'organization', label: t('profile.organization'), value: me.organization || '', autocomplete: 'organization'}),
      field({name: 'diet', label: t('profile.diet'), type: 'select', value: me.diet || 'none', options: kDiets.map((d) => ({value: d, label: t(`diet.${d}`)}))}),
      field({name: 'diet_note', label: t('profile.diet_note'), type: 'textarea', rows: 2, value: me.diet_note || '', hint: t('profile.diet_note_hint')}),
      field({name: 'locale', label: t('profile.locale'), type: 'select', value: me.locale || currentLanguage(), options: languages.map((l) => ({value: l.code, label: l.name})), hint: t('profile.locale_hint')}),
    ],
    onSubmit: async (values) => {
      const updated = await patch('/me', {
        name: values.name.trim(), phone: values.phone.trim(), organization: values.organization.trim(),
        diet: values.diet, diet_note: values.diet_note, locale: values.locale,
      });
      setCurrentUser(updated || {...me, ...values});
      toast(t('profile.saved'));
      if (values.locale !== currentLanguage()) {
        setLanguage(values.locale);
        location.reload();
      }
    },
  });

  const passwordForm = form({
    title: t('profile.change_password'),
    submit: t('profile.change_password'),
    fields: [
      field({name: 'current_password', label: t('profile.current_password'), type: 'password', required: true, autocomplete: 'current-password'}),
      field({name: 'new_password', label: t('auth.new_password'), type: 'password', required: true, autocomplete: 'new-password', minlength: 8, maxlength: 256}),
    ],
    onSubmit: async (values, el) => {
      await post('/auth/password/change', values);
      el.reset();
      toast(t('profile.password_changed'));
    },
  });

  replace(ctx.main,
    pageTitle(t('profile.title')),
    h('section', {class: 'section'}, profileForm),
    await mailChoiceSection(),
    await documentsSection(),
    h('section', {class: 'section'}, passwordForm),
    !hasRole('organizer', me) ? h('section', {class: 'section'}, h('h2', null, t('organizer.title')),
      h('p', null, t('organizer.teaser'), ' ', h('a', {href: '/account/organizer'}, t('organizer.apply_link')))) : null);
}

export async function organizerApplication(ctx) {
  replace(ctx.main, loading());
  let apps = [];
  try {
    const r = await get('/organizer-applications');
    apps = Array.isArray(r) ? r : (r.items || []);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) {
      if (ctx.current) replace(ctx.main, pageTitle(t('organizer.title')), errorBox(err));
      return;
    }
  }
  if (!ctx.current) return;
  const pending = apps.find((a) => a.status === 'pending');
  const f = pending ? notice('info', t('organizer.pending')) : form({
    submit: t('organizer.apply'),
    fields: [
      field({name: 'organization', label: t('profile.organization'), required: true, value: (currentUser() || {}).organization || ''}),
      field({name: 'description', label: t('organizer.description'), type: 'textarea', required: true, rows: 5, hint: t('organizer.description_hint')}),
    ],
    onSubmit: async (values) => {
      await post('/organizer-applications', values);
      toast(t('organizer.sent'));
      ctx.navigate('/account/organizer', {replace: true});
    },
  });
  replace(ctx.main, h('div', {class: 'narrow'},
    pageTitle(t('organizer.title')),
    h('p', null, t('organizer.intro')),
    f,
    apps.length ? h('section', {class: 'section'}, h('h2', null, t('organizer.history')),
      table([t('common.date'), t('profile.organization'), t('common.status'), t('common.message')],
        apps.map((a) => [dateTime(a.created_at, siteTimeZone()), a.organization, badge(a.status, 'app_status'), a.message || a.decision_message || '']))) : null));
}

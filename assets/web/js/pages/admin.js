// Admin and organizer pages: dashboard with charts, users and roles, organizer applications,
// mail outbox and templates (with preview), settings, audit log, backups.

import {h, replace} from '../dom.js';
import {t, money, dateTime, dateOnly, number, zoneHourKey, currentLanguage} from '../i18n.js';
import {get, post, patch, put, getAll, hasRole, currentUser, ApiError} from '../api.js';
import {field, form, pageTitle, loading, errorBox, notice, toast, badge, actionButton, table, pager, confirmDialog, errorText, showErrors, clearErrors} from '../ui.js';
import {staffEvents} from '../cache.js';
import {barChart, fillDays} from '../chart.js';
import {adminNav} from './admin_common.js';

function frame(ctx, title, ...content) {
  replace(ctx.main, adminNav(), pageTitle(title), ...content);
}

function items(page) {
  return Array.isArray(page) ? page : (page && page.items) || [];
}

// ---- dashboard -------------------------------------------------------------------------------

function tile(label, value, sub) {
  return h('div', {class: 'tile'}, h('p', {class: 'tile-label'}, label), h('p', {class: 'tile-value'}, value), sub ? h('p', {class: 'tile-sub'}, sub) : null);
}

async function checkinsByHour(eventId, stats) {
  const given = stats.checkins_by_hour || stats.checkins_over_time;
  if (Array.isArray(given)) {
    return given.map((r) => {
      const at = r.hour || r.time || r.at;
      const key = zoneHourKey(at);
      return {label: key ? `${key.slice(11)}:00` : String(at), count: r.count ?? r.checked_in ?? r.value ?? 0};
    });
  }
  // Not in the stats: count the attendees' check-in times per hour (in the site's zone).
  const rows = await getAll(`/events/${eventId}/attendees`, {}, 2000).catch(() => []);
  const buckets = new Map();
  for (const a of rows) {
    const key = a.checked_in_at ? zoneHourKey(a.checked_in_at) : null;
    if (key) buckets.set(key, (buckets.get(key) || 0) + 1);
  }
  return [...buckets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => ({label: `${key.slice(11)}:00`, count}));
}

export async function dashboard(ctx) {
  frame(ctx, t('admin.dashboard'), loading());
  const events = await staffEvents().catch(() => []);
  if (!ctx.current) return;
  if (!events.length) {
    frame(ctx, t('admin.dashboard'), h('p', {class: 'empty'}, t('staff.no_events')),
      hasRole('organizer') ? h('p', null, h('a', {class: 'btn btn-primary', href: '/admin/events/new'}, t('admin.new_event'))) : null);
    return;
  }
  let eventId = ctx.query.get('event') || localStorage.getItem('lanyard.admin.event');
  if (!events.some((e) => String(e.id) === String(eventId))) eventId = String(events[0].id);
  const select = h('select', {id: 'dash-event'}, events.map((ev) => h('option', {value: ev.id, selected: String(ev.id) === String(eventId)}, `${ev.title} — ${dateOnly(ev.starts_at)}`)));
  select.addEventListener('change', () => {
    localStorage.setItem('lanyard.admin.event', select.value);
    ctx.navigate(`/admin?event=${select.value}`, {replace: true});
  });
  const body = h('div', null, loading());
  frame(ctx, t('admin.dashboard'), h('div', {class: 'field'}, h('label', {for: 'dash-event'}, t('scan.event')), select), body);

  let stats;
  try {
    stats = await get(`/events/${eventId}/stats`);
  } catch (err) {
    if (ctx.current) replace(body, errorBox(err));
    return;
  }
  const checkins = await checkinsByHour(eventId, stats);
  if (!ctx.current) return;
  const sales = fillDays((stats.sales_by_day || []).map((d) => ({
    date: d.date || d.day, tickets: d.tickets ?? d.tickets_sold ?? d.count ?? d.sold ?? 0, revenue: d.revenue ?? d.amount ?? 0,
  })));
  const sold = stats.tickets_sold || 0;
  const checked = stats.checked_in || 0;
  const types = stats.by_ticket_type || [];
  replace(body,
    h('div', {class: 'tiles'},
      tile(t('stats.tickets_sold'), number(sold)),
      tile(t('stats.revenue'), money(stats.revenue || 0)),
      tile(t('stats.orders_pending'), number(stats.orders_pending || 0), h('a', {href: `/staff/payments?event=${eventId}`}, t('nav.payments'))),
      tile(t('stats.checked_in'), number(checked), sold ? t('stats.of_sold', {pct: Math.round((checked / sold) * 100)}) : null)),
    h('div', {class: 'charts'},
      barChart(sales.map((d) => ({label: d.date.slice(5), value: d.tickets})), {title: t('stats.tickets_per_day'), format: (v) => number(v)}),
      barChart(sales.map((d) => ({label: d.date.slice(5), value: d.revenue, display: money(d.revenue)})), {title: t('stats.revenue_per_day'), format: (v) => money(v)}),
      barChart(checkins.map((c) => ({label: c.label, value: c.count})), {title: t('stats.checkins_per_hour'), format: (v) => number(v)})),
    h('section', {class: 'section'}, h('h2', null, t('stats.by_ticket_type')),
      table([t('tickets.type'), t('stats.sold'), t('stats.pending'), t('stats.quota')],
        types.map((x) => [x.name || x.ticket_type_name || `#${x.ticket_type_id}`, number(x.sold ?? x.tickets_sold ?? 0),
          number(x.pending ?? 0), x.quota === null || x.quota === undefined ? '∞' : number(x.quota)]))),
    h('p', {class: 'actions'},
      h('a', {class: 'btn', href: `/admin/events/${eventId}/orders`}, t('admin.orders')), ' ',
      h('a', {class: 'btn', href: `/admin/events/${eventId}/attendees`}, t('admin.attendees')), ' ',
      hasRole('organizer') ? h('a', {class: 'btn', href: `/admin/events/${eventId}`}, t('admin.edit_event')) : null, ' ',
      h('a', {class: 'btn', href: `/staff/scan?event=${eventId}`}, t('scan.title'))));
}

// ---- users -------------------------------------------------------------------------------------

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
  frame(ctx, t('admin.users'), filter, results);
  try {
    const page = await get('/users', {q, role, limit: 50, offset});
    if (!ctx.current) return;
    const me = currentUser();
    replace(results, table([t('profile.name'), t('auth.email'), t('profile.role'), t('users.active'), t('users.since')],
      items(page).map((u) => {
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
        return [u.name, u.email, roleSelect, active, dateOnly(u.created_at)];
      }), {empty: t('users.none')}),
    pager(page, (next) => {
      const p = new URLSearchParams(location.search);
      p.set('offset', String(next));
      ctx.navigate(`/admin/users?${p}`);
    }));
  } catch (err) {
    if (ctx.current) replace(results, errorBox(err));
  }
}

// ---- organizer applications -------------------------------------------------------------------

export async function applications(ctx) {
  const status = ctx.query.get('status') ?? 'pending';
  const statusSelect = h('select', {id: 'app-status'},
    ['pending', 'approved', 'rejected', ''].map((s) => h('option', {value: s, selected: s === status}, s ? t(`app_status.${s}`) : t('common.all'))));
  statusSelect.addEventListener('change', () => ctx.navigate(`/admin/applications?status=${statusSelect.value}`, {replace: true}));
  const list = h('div', null, loading());
  frame(ctx, t('admin.applications'), h('div', {class: 'field'}, h('label', {for: 'app-status'}, t('common.status')), statusSelect), list);
  try {
    const page = await get('/organizer-applications', {status, limit: 100});
    if (!ctx.current) return;
    const apps = items(page);
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
        h('p', {class: 'meta'}, email, ' · ', dateTime(a.created_at)),
        h('p', null, h('strong', null, a.organization)),
        a.description ? h('p', {class: 'desc'}, a.description) : null,
        a.message ? h('p', {class: 'meta'}, t('applications.message'), ': ', a.message) : null,
        a.status === 'pending' ? h('p', {class: 'actions'}, decide('approve'), ' ', decide('reject')) : null);
    })) : h('p', {class: 'empty'}, t('applications.none')));
  } catch (err) {
    if (ctx.current) replace(list, errorBox(err));
  }
}

function kindName(kind) {
  const key = `mail_kind.${kind}`;
  return t(key) === key ? String(kind || '') : t(key);
}

// ---- mail --------------------------------------------------------------------------------------

export async function outbox(ctx) {
  const status = ctx.query.get('status') || '';
  const offset = Number(ctx.query.get('offset') || 0);
  const statusSelect = h('select', {id: 'outbox-status'},
    ['', 'queued', 'sent', 'failed'].map((s) => h('option', {value: s, selected: s === status}, s ? t(`mail_status.${s}`) : t('common.all'))));
  statusSelect.addEventListener('change', () => ctx.navigate(`/admin/mail${statusSelect.value ? `?status=${statusSelect.value}` : ''}`, {replace: true}));
  const list = h('div', null, loading());
  frame(ctx, t('admin.outbox'), h('div', {class: 'field'}, h('label', {for: 'outbox-status'}, t('common.status')), statusSelect), list);
  try {
    const page = await get('/mail/outbox', {status, limit: 50, offset});
    if (!ctx.current) return;
    replace(list, table([t('common.date'), t('mail.kind'), t('mail.to'), t('common.status'), t('mail.attempts'), ''],
      items(page).map((m) => [
        dateTime(m.created_at),
        h('a', {href: `/admin/mail/templates/${encodeURIComponent(m.kind)}`}, kindName(m.kind)),
        h('span', null, m.to_name || '', m.to_name ? h('br') : null, h('span', {class: 'meta'}, m.to_email || m.to || '')),
        h('span', null, badge(m.status, 'mail_status'),
          m.status === 'sent' && m.sent_at ? h('span', {class: 'meta'}, ` ${dateTime(m.sent_at)}`) : null,
          m.status === 'queued' && m.next_attempt_at ? h('span', {class: 'meta'}, ` ${t('mail.next_try', {date: dateTime(m.next_attempt_at)})}`) : null,
          m.last_error ? h('div', {class: 'meta break'}, m.last_error) : null),
        String(m.attempts ?? ''),
        m.status === 'failed' ? actionButton(t('mail.retry'), async () => {
          await post(`/mail/outbox/${m.id}/retry`, {});
          toast(t('mail.retried'));
          ctx.navigate(location.pathname + location.search, {replace: true});
        }, 'btn btn-small') : '',
      ]), {empty: t('mail.none')}),
    pager(page, (next) => ctx.navigate(`/admin/mail?${new URLSearchParams({...(status ? {status} : {}), offset: String(next)})}`)));
  } catch (err) {
    if (ctx.current) replace(list, errorBox(err));
  }
}

// The HTML preview of a mail. The frame may run no script (sandbox without allow-scripts), so it
// can share the origin; the page's CSP forbids the inline styles every mail uses, so once loaded
// they are re-applied through the CSSOM, which the CSP allows.
function mailFrame(html) {
  const frameEl = h('iframe', {class: 'mail-frame', sandbox: 'allow-same-origin', title: t('mail.html_preview')});
  frameEl.addEventListener('load', () => {
    const doc = frameEl.contentDocument;
    if (!doc) return;
    for (const el of doc.querySelectorAll('[style]')) el.style.cssText = el.getAttribute('style');
    const css = [...doc.querySelectorAll('style')].map((s) => s.textContent).join('\n');
    if (css && doc.defaultView && doc.defaultView.CSSStyleSheet) {
      try {
        const sheet = new doc.defaultView.CSSStyleSheet();
        sheet.replaceSync(css);
        doc.adoptedStyleSheets = [sheet];
      } catch (e) {
        // A stylesheet the browser cannot parse only costs the preview its looks.
      }
    }
  });
  frameEl.srcdoc = html;
  return frameEl;
}

export async function templates(ctx) {
  frame(ctx, t('admin.templates'), loading());
  try {
    const list = items(await get('/mail/templates'));
    if (!ctx.current) return;
    frame(ctx, t('admin.templates'),
      h('p', null, t('mail.templates_intro')),
      table([t('mail.kind'), t('mail.placeholders'), t('mail.changed')], list.map((x) => [
        h('a', {href: `/admin/mail/templates/${encodeURIComponent(x.kind)}`}, kindName(x.kind)),
        h('span', {class: 'meta'}, (x.placeholders || []).join(', ')),
        Object.entries(x.overridden || {}).filter(([, v]) => v).map(([loc]) => h('span', {class: 'badge badge-custom'}, loc)),
      ])));
  } catch (err) {
    if (ctx.current) frame(ctx, t('admin.templates'), errorBox(err));
  }
}

export async function template(ctx) {
  const kind = ctx.params.kind;
  const title = t('mail.template_title', {kind: kindName(kind)});
  frame(ctx, title, loading());
  let tpl;
  try {
    tpl = await get(`/mail/templates/${encodeURIComponent(kind)}`);
  } catch (err) {
    if (ctx.current) frame(ctx, title, errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const locales = Object.keys(tpl.locales || {});
  let locale = ctx.query.get('locale');
  if (!locales.includes(locale)) locale = locales.includes(currentLanguage()) ? currentLanguage() : locales[0];
  const entry = (tpl.locales || {})[locale] || {};
  const localeSelect = h('select', {id: 'tpl-locale'}, locales.map((l) => h('option', {value: l, selected: l === locale}, l)));
  localeSelect.addEventListener('change', () => ctx.navigate(`${location.pathname}?locale=${localeSelect.value}`, {replace: true}));
  const preview = h('div', {class: 'mail-preview', 'aria-live': 'polite'});
  const placeholders = tpl.placeholders || [];
  const readValues = (formEl) => {
    const values = {locale};
    for (const el of formEl.elements) if (el.name) values[el.name] = el.value;
    return values;
  };
  const showPreview = async (formEl) => {
    const r = await post(`/mail/templates/${encodeURIComponent(kind)}/preview`, readValues(formEl));
    const frameEl = mailFrame(r.html || '');
    replace(preview, h('h2', null, t('mail.preview')),
      h('p', null, h('strong', null, t('mail.subject'), ': '), r.subject || ''),
      h('pre', {class: 'mail-text'}, r.text || ''),
      frameEl);
  };
  const f = form({
    submit: t('common.save'),
    fields: [
      placeholders.length ? h('p', {class: 'hint'}, t('mail.placeholders'), ' ', placeholders.map((p, i) => [i ? ' ' : '', h('code', null, `{{${p}}}`)])) : null,
      field({name: 'subject', label: t('mail.subject'), value: entry.subject || '', required: true}),
      field({name: 'text', label: t('mail.text_body'), type: 'textarea', rows: 10, value: entry.text || ''}),
      field({name: 'html', label: t('mail.html_body'), type: 'textarea', rows: 12, value: entry.html || ''}),
    ],
    extra: [
      h('button', {type: 'button', class: 'btn', onclick: async (ev) => {
        const formEl = ev.target.closest('form');
        clearErrors(formEl);
        try { await showPreview(formEl); } catch (err) { showErrors(formEl, err); }
      }}, t('mail.preview')),
      entry.overridden ? actionButton(t('mail.reset'), async () => {
        const ok = await confirmDialog({title: t('mail.reset'), text: t('mail.reset_confirm', {locale}), danger: true});
        if (ok === null) return;
        await put(`/mail/templates/${encodeURIComponent(kind)}`, {locale, reset: true});
        toast(t('mail.reset_done'));
        ctx.navigate(location.pathname + location.search, {replace: true});
      }, 'btn btn-danger') : null,
    ],
    onSubmit: async (values, formEl) => {
      await put(`/mail/templates/${encodeURIComponent(kind)}`, {locale, subject: values.subject, text: values.text, html: values.html});
      toast(t('common.saved'));
      await showPreview(formEl).catch(() => {});
    },
  });
  frame(ctx, title,
    h('div', {class: 'field'}, h('label', {for: 'tpl-locale'}, t('mail.locale')), localeSelect),
    h('p', null, entry.overridden ? badge('custom', 'mail_template') : badge('default', 'mail_template')),
    f, preview,
    h('p', null, h('a', {href: '/admin/mail/templates'}, t('admin.templates'))));
  showPreview(f).catch(() => {});
}

// ---- settings ----------------------------------------------------------------------------------

// Groups and order of the known settings; keys the server adds later land in "other".
const kSettingGroups = [
  ['general', ['site_name', 'base_url', 'timezone']],
  ['money', ['currency', 'currency_minor_digits']],
  ['payments', ['bank_instructions', 'payment_window_hours', 'reminder_hours']],
  ['accounts', ['require_email_confirmation', 'require_event_approval']],
  ['mail', ['mail_transport', 'mail_from', 'smtp_url', 'smtp_password']],
  ['limits', ['rate_limits', 'rate_login_per_minute', 'rate_login_failures_per_15min', 'rate_password_mails_per_hour', 'rate_requests_per_minute']],
];
const kSettingsHidden = new Set(['smtp_password_set', 'fixed_by_environment']);
const kSettingChoices = {mail_transport: ['file', 'smtp', 'log']};

function settingLabel(key) {
  const labelKey = `settings.${key}`;
  return t(labelKey) === labelKey ? key : t(labelKey);
}

function settingField(key, value, current, fixed) {
  const common = {name: key, label: settingLabel(key), disabled: fixed.has(key), hint: fixed.has(key) ? t('settings.fixed') : undefined};
  if (key === 'smtp_password') {
    return field({...common, type: 'password', value: '', autocomplete: 'new-password',
      hint: fixed.has(key) ? t('settings.fixed') : (current.smtp_password_set ? t('settings.password_set') : t('settings.password_unset'))});
  }
  if (kSettingChoices[key]) return field({...common, type: 'select', value, options: kSettingChoices[key].map((v) => ({value: v, label: v}))});
  if (typeof value === 'boolean') return field({...common, type: 'checkbox', value});
  if (typeof value === 'number') return field({...common, type: 'number', value, step: 1, min: 0});
  if (key === 'bank_instructions') return field({...common, type: 'textarea', rows: 5, value: value ?? '', hint: common.hint || t('settings.bank_hint')});
  return field({...common, value: value ?? ''});
}

export async function settings(ctx) {
  frame(ctx, t('admin.settings'), loading());
  let current;
  try {
    current = await get('/settings');
  } catch (err) {
    if (ctx.current) frame(ctx, t('admin.settings'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const fixed = new Set(current.fixed_by_environment || []);
  const placed = new Set();
  const groups = [];
  for (const [group, keys] of kSettingGroups) {
    const fields = keys.filter((k) => k in current || k === 'smtp_password').map((k) => { placed.add(k); return settingField(k, current[k], current, fixed); });
    if (fields.length) groups.push(h('fieldset', {class: 'fieldset'}, h('legend', null, t(`settings.group_${group}`)), fields));
  }
  const others = Object.keys(current).filter((k) => !placed.has(k) && !kSettingsHidden.has(k) && (current[k] === null || typeof current[k] !== 'object'));
  if (others.length) groups.push(h('fieldset', {class: 'fieldset'}, h('legend', null, t('settings.group_other')), others.map((k) => settingField(k, current[k], current, fixed))));
  const f = form({
    submit: t('common.save'),
    fields: groups,
    onSubmit: async (values) => {
      const changes = {};
      for (const [name, raw] of Object.entries(values)) {
        const old = current[name];
        let value = raw;
        if (typeof old === 'number') value = raw === '' ? old : Number(raw);
        if (name === 'smtp_password') { if (raw !== '') changes[name] = raw; continue; }
        if (value !== old && !(value === '' && (old === null || old === undefined))) changes[name] = value;
      }
      if (!Object.keys(changes).length) { toast(t('settings.no_changes')); return; }
      const updated = await patch('/settings', changes);
      if (updated && typeof updated === 'object') current = updated;
      toast(t('common.saved'));
      ctx.navigate(location.pathname, {replace: true});
    },
  });
  frame(ctx, t('admin.settings'), f);
}

// ---- audit log ---------------------------------------------------------------------------------

export async function audit(ctx) {
  const offset = Number(ctx.query.get('offset') || 0);
  frame(ctx, t('admin.audit'), loading());
  try {
    const page = await get('/audit', {limit: 50, offset});
    if (!ctx.current) return;
    frame(ctx, t('admin.audit'),
      table([t('common.date'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.details')],
        items(page).map((e) => {
          const actor = (e.actor && (e.actor.name || e.actor.email)) || e.actor_name || e.actor_email || (e.actor_id ? `#${e.actor_id}` : t('audit.system'));
          const target = [e.target_type || e.entity, e.target_id ?? e.entity_id].filter((x) => x !== undefined && x !== null).join(' #');
          const details = e.details ?? e.data ?? e.detail;
          return [dateTime(e.created_at || e.at), actor, e.action || '', target,
            details ? h('code', {class: 'break'}, typeof details === 'string' ? details : JSON.stringify(details)) : ''];
        }), {empty: t('audit.none')}),
      pager(page, (next) => ctx.navigate(`/admin/audit?offset=${next}`)));
  } catch (err) {
    if (ctx.current) frame(ctx, t('admin.audit'), errorBox(err));
  }
}

// ---- backups -----------------------------------------------------------------------------------

export async function backups(ctx) {
  const list = h('div', null, loading());
  const refresh = async () => {
    try {
      const page = await get('/admin/backups');
      if (!ctx.current) return;
      replace(list, table([t('backups.file'), t('backups.size'), t('common.date')],
        items(page).map((b) => [b.name || b.file || b.path || '', b.size != null ? `${number(Math.round(b.size / 1024))} KiB` : '', dateTime(b.created_at)]),
        {empty: t('backups.none')}));
    } catch (err) {
      if (ctx.current) replace(list, errorBox(err));
    }
  };
  frame(ctx, t('admin.backups'),
    h('p', null, t('backups.intro')),
    h('p', null, actionButton(t('backups.create'), async () => {
      await post('/admin/backups', {});
      toast(t('backups.created'));
      await refresh();
    }, 'btn btn-primary')),
    list);
  refresh();
}

export {ApiError};

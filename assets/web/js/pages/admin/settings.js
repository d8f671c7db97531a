// Settings (/admin/settings): grouped fields, each labelled in the page's language; values fixed
// by the environment are read-only. The time zone is picked from the server's IANA names; a
// warning on top says when links in mails cannot open on a phone (link_warning). On PostgreSQL
// the backup fields say that lanyard takes no backups there (GET /admin/backups available).

import {h} from '../../dom.js';
import {t, has} from '../../i18n.js';
import {get, patch} from '../../api.js';
import {field, form, loading, errorBox, toast, notice} from '../../ui.js';
import {adminFrame} from '../admin_common.js';
import {zoneOptions} from '../../zone_picker.js';
import {setupChecklist} from './setup_checks.js';

// Groups and order of the known settings; keys the server adds later land in "other".
const kSettingGroups = [
  ['general', ['site_name', 'base_url', 'timezone', 'default_locale']],
  ['money', ['currency', 'currency_minor_digits']],
  ['payments', ['bank_instructions', 'payment_window_hours', 'reminder_hours']],
  ['accounts', ['require_email_confirmation', 'require_event_approval']],
  ['mail', ['mail_transport', 'mail_from', 'smtp_url', 'smtp_password']],
  ['limits', ['rate_limits', 'rate_login_per_minute', 'rate_login_failures_per_15min', 'rate_login_account_failures_per_15min', 'rate_login_slow_max_seconds', 'rate_password_mails_per_hour', 'rate_requests_per_minute', 'rate_campaign_mails_per_minute']],
  ['network', ['trusted_proxies']],
  ['uploads', ['upload_max_files_per_user', 'upload_max_bytes_per_user', 'upload_max_files_per_order', 'upload_max_bytes_per_order', 'upload_keep_free_mb']],
  ['backups', ['backup_interval_hours', 'backup_keep']],
];
const kSettingsHidden = new Set(['smtp_password_set', 'fixed_by_environment', 'link_warning', 'setup_checks']);
// Settings with a fixed set of values: the value and the catalogue key of its label.
const kSettingChoices = {
  mail_transport: [['file', 'settings.transport_file'], ['smtp', 'settings.transport_smtp'], ['log', 'settings.transport_log']],
  default_locale: [['en', 'settings.locale_en'], ['id', 'settings.locale_id']],
};
const kSettingHints = {mail_from: 'settings.mail_from_hint', timezone: 'settings.timezone_hint', backup_interval_hours: 'settings.backup_interval_hint', trusted_proxies: 'settings.trusted_proxies_hint'};

function settingLabel(key) {
  const labelKey = `settings.${key}`;
  return t(labelKey) === labelKey ? key : t(labelKey);
}

function settingField(key, value, current, fixed, zones) {
  const common = {name: key, id: `setting-${key}`, label: settingLabel(key), disabled: fixed.has(key),
    hint: fixed.has(key) ? t('settings.fixed') : (kSettingHints[key] ? t(kSettingHints[key]) : undefined)};
  if (key === 'smtp_password') {
    return field({...common, type: 'password', value: '', autocomplete: 'new-password',
      hint: fixed.has(key) ? t('settings.fixed') : (current.smtp_password_set ? t('settings.password_set') : t('settings.password_unset'))});
  }
  if (kSettingChoices[key]) return field({...common, type: 'select', value, options: kSettingChoices[key].map(([v, label]) => ({value: v, label: t(label)}))});
  if (key === 'timezone' && zones.items && zones.items.length) return field({...common, type: 'select', value, options: zoneOptions(zones, value)});
  if (typeof value === 'boolean') return field({...common, type: 'checkbox', value});
  if (typeof value === 'number') return field({...common, type: 'number', value, step: 1, min: 0});
  if (key === 'trusted_proxies') {
    return field({...common, value: value ?? '', autocomplete: 'off', spellcheck: false, autocapitalize: 'off',
      placeholder: '127.0.0.1, 10.0.0.0/8'});
  }
  if (key === 'bank_instructions') return field({...common, type: 'textarea', rows: 5, value: value ?? '', hint: common.hint || t('settings.bank_hint')});
  return field({...common, value: value ?? ''});
}

// The server's link warning {code, message, params} in the page's language (the English
// message only for a code this catalogue does not know).
function linkWarningText(w) {
  const p = w.params || {};
  const params = {base_url: p.base_url || '', listen: p.listen || '',
    lan_url: p.lan_url || t('settings.link_warning_lan_unknown')};
  const key = `settings.link_warning_${w.code}`;
  const text = t(key, params);
  return text === key ? w.message : text;
}

// The README section that says more: its own for a code that has one (instances on PostgreSQL).
function linkWarningMore(w) {
  const key = `settings.link_warning_more_${w.code}`;
  return has(key) ? t(key) : t('settings.link_warning_more');
}

export async function settings(ctx) {
  adminFrame(ctx, t('admin.settings'), loading());
  let current;
  let zones = {};
  let backupsOff = false;
  try {
    const [settingsView, zoneList, backupList] = await Promise.all([get('/settings'), get('/time-zones'),
      get('/admin/backups').catch(() => null)]);
    current = settingsView;
    zones = zoneList || {};
    backupsOff = !!backupList && backupList.available === false;
  } catch (err) {
    if (ctx.current) adminFrame(ctx, t('admin.settings'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const fixed = new Set(current.fixed_by_environment || []);
  const placed = new Set();
  const groups = [];
  for (const [group, keys] of kSettingGroups) {
    const fields = keys.filter((k) => k in current || k === 'smtp_password').map((k) => { placed.add(k); return settingField(k, current[k], current, fixed, zones); });
    if (group === 'backups' && backupsOff) fields.unshift(notice('warn', t('backups.postgres')));
    if (fields.length) groups.push(h('fieldset', {class: 'fieldset'}, h('legend', null, t(`settings.group_${group}`)), fields));
  }
  const others = Object.keys(current).filter((k) => !placed.has(k) && !kSettingsHidden.has(k) && (current[k] === null || typeof current[k] !== 'object'));
  if (others.length) groups.push(h('fieldset', {class: 'fieldset'}, h('legend', null, t('settings.group_other')), others.map((k) => settingField(k, current[k], current, fixed, zones))));
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
  const warning = current.link_warning
    ? notice('warn', h('strong', null, t('settings.link_warning_title')), ' ', linkWarningText(current.link_warning), ' ', linkWarningMore(current.link_warning))
    : null;
  if (warning) warning.id = 'link-warning';
  adminFrame(ctx, t('admin.settings'), warning, setupChecklist(current.setup_checks, {inSettings: true}), f);
}

// Settings (/admin/settings): grouped fields; values fixed by the environment are read-only.

import {h} from '../../dom.js';
import {t} from '../../i18n.js';
import {get, patch} from '../../api.js';
import {field, form, loading, errorBox, toast} from '../../ui.js';
import {adminFrame} from '../admin_common.js';

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
  adminFrame(ctx, t('admin.settings'), loading());
  let current;
  try {
    current = await get('/settings');
  } catch (err) {
    if (ctx.current) adminFrame(ctx, t('admin.settings'), errorBox(err));
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
  adminFrame(ctx, t('admin.settings'), f);
}

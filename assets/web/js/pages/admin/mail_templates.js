// Mail templates (/admin/mail/templates[/:kind]): the list, and one template per language
// with placeholders, a live preview, save and reset to the default.

import {h, replace} from '../../dom.js';
import {t, currentLanguage} from '../../i18n.js';
import {get, post, put} from '../../api.js';
import {field, form, loading, errorBox, toast, badge, actionButton, table, confirmDialog, showErrors, clearErrors} from '../../ui.js';
import {adminFrame, listItems} from '../admin_common.js';
import {mailKindName, mailFrame} from './mail_common.js';

export async function templates(ctx) {
  adminFrame(ctx, t('admin.templates'), loading());
  try {
    const list = listItems(await get('/mail/templates'));
    if (!ctx.current) return;
    adminFrame(ctx, t('admin.templates'),
      h('p', null, t('mail.templates_intro')),
      table([t('mail.kind'), t('mail.placeholders'), t('mail.changed')], list.map((x) => [
        h('a', {href: `/admin/mail/templates/${encodeURIComponent(x.kind)}`}, mailKindName(x.kind)),
        h('span', {class: 'meta'}, (x.placeholders || []).join(', ')),
        Object.entries(x.overridden || {}).filter(([, v]) => v).map(([loc]) => h('span', {class: 'badge badge-custom'}, loc)),
      ])));
  } catch (err) {
    if (ctx.current) adminFrame(ctx, t('admin.templates'), errorBox(err));
  }
}

export async function template(ctx) {
  const kind = ctx.params.kind;
  const title = t('mail.template_title', {kind: mailKindName(kind)});
  adminFrame(ctx, title, loading());
  let tpl;
  try {
    tpl = await get(`/mail/templates/${encodeURIComponent(kind)}`);
  } catch (err) {
    if (ctx.current) adminFrame(ctx, title, errorBox(err));
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
  adminFrame(ctx, title,
    h('div', {class: 'field'}, h('label', {for: 'tpl-locale'}, t('mail.locale')), localeSelect),
    h('p', null, entry.overridden ? badge('custom', 'mail_template') : badge('default', 'mail_template')),
    f, preview,
    h('p', null, h('a', {href: '/admin/mail/templates'}, t('admin.templates'))));
  showPreview(f).catch(() => {});
}

// Shared page pieces: labelled fields, forms that show the API's field errors beside the field
// they concern, notices, badges, pagination, a modal dialog.

import {h, clear, replace, uid} from './dom.js';
import {t, has} from './i18n.js';
import {ApiError} from './api.js';

// The sentence for an API error: the catalogue's words for its code, else the server's message.
export function errorText(err) {
  if (err instanceof ApiError) {
    const key = `error.${err.code}`;
    if (has(key)) return t(key);
    return err.message || t('error.generic');
  }
  return (err && err.message) || t('error.generic');
}

// A labelled form field. opts: name, label, type (text|email|password|number|date|
// datetime-local|select|textarea|checkbox|file|tel|url|search|month), value, required, hint,
// options [{value,label} | {group, options:[{value,label}]}] for select, placeholder, autocomplete, min, max, step, accept,
// inputmode, pattern, rows, maxlength, autofocus, readonly.
export function field(opts) {
  const id = opts.id || uid(opts.name || 'f');
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [opts.hint ? hintId : null, errorId].filter(Boolean).join(' ');
  let control;
  const common = {
    id, name: opts.name, required: opts.required, disabled: opts.disabled,
    'aria-describedby': described, autofocus: opts.autofocus, readonly: opts.readonly,
  };
  if (opts.type === 'select') {
    const option = (o) => h('option', {value: o.value, selected: String(o.value) === String(opts.value ?? '')}, o.label);
    control = h('select', common, (opts.options || []).map((o) => (o.group
      ? h('optgroup', {label: o.group}, o.options.map(option)) : option(o))));
  } else if (opts.type === 'textarea') {
    control = h('textarea', {...common, rows: opts.rows || 4, maxlength: opts.maxlength,
      placeholder: opts.placeholder});
    control.value = opts.value ?? '';
  } else if (opts.type === 'checkbox') {
    control = h('input', {...common, type: 'checkbox', checked: !!opts.value});
    return h('div', {class: `field field-check ${opts.class || ''}`},
      h('label', {for: id}, control, ' ', opts.label),
      opts.hint ? h('p', {class: 'hint', id: hintId}, opts.hint) : null,
      h('p', {class: 'field-error', id: errorId, role: 'alert'}));
  } else {
    control = h('input', {
      ...common, type: opts.type || 'text', placeholder: opts.placeholder,
      autocomplete: opts.autocomplete, min: opts.min, max: opts.max, step: opts.step,
      accept: opts.accept, inputmode: opts.inputmode, pattern: opts.pattern,
      maxlength: opts.maxlength, minlength: opts.minlength, spellcheck: opts.spellcheck,
      autocapitalize: opts.autocapitalize,
    });
    if (opts.type !== 'file' && opts.value !== undefined && opts.value !== null) control.value = opts.value;
  }
  return h('div', {class: `field ${opts.class || ''}`},
    h('label', {for: id}, opts.label, opts.required ? h('span', {class: 'req', 'aria-hidden': 'true'}, ' *') : null),
    control,
    opts.hint ? h('p', {class: 'hint', id: hintId}, opts.hint) : null,
    h('p', {class: 'field-error', id: errorId, role: 'alert'}));
}

export function readForm(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') values[el.name] = el.checked;
    else if (el.type === 'file') values[el.name] = el.files && el.files[0] ? el.files[0] : null;
    else if (el.type === 'radio') { if (el.checked) values[el.name] = el.value; }
    else values[el.name] = el.value;
  }
  return values;
}

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const box = form.querySelector('.form-error');
  if (box) { box.textContent = ''; box.hidden = true; }
}

// Shows err.fields next to the matching controls (by name, or by data-field for controls whose
// name differs from the API's field), the rest in the form's error box.
export function showErrors(form, err) {
  clearErrors(form);
  const fields = (err && err.fields) || {};
  const leftover = [];
  let first = null;
  for (const [name, message] of Object.entries(fields)) {
    const control = form.querySelector(`[data-field="${CSS.escape(name)}"]`) ||
      form.querySelector(`[name="${CSS.escape(name)}"]`);
    const wrap = control && control.closest('.field');
    const slot = wrap && wrap.querySelector('.field-error');
    if (slot) {
      slot.textContent = String(message);
      control.setAttribute('aria-invalid', 'true');
      if (!first) first = control;
    } else {
      leftover.push(`${name}: ${message}`);
    }
  }
  const box = form.querySelector('.form-error');
  if (box) {
    const lines = [];
    if (!first || leftover.length) lines.push(errorText(err));
    lines.push(...leftover);
    box.textContent = lines.join(' — ');
    box.hidden = lines.length === 0;
  }
  if (first) first.focus();
  else if (box) box.focus();
}

// form({onSubmit, submit, fields, extra, cancel}) -> <form>. onSubmit(values, form) may throw
// an ApiError; its message and fields are shown. The submit button is disabled while it runs.
export function form(opts) {
  const button = h('button', {type: 'submit', class: `btn ${opts.submitClass || 'btn-primary'}`}, opts.submit || t('common.save'));
  const el = h('form', {class: `form ${opts.class || ''}`, novalidate: opts.novalidate},
    opts.title ? h('h2', null, opts.title) : null,
    h('div', {class: 'form-error', role: 'alert', tabindex: '-1', hidden: true}),
    opts.fields,
    h('div', {class: 'form-actions'}, button, opts.extra || null));
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (button.disabled) return;
    clearErrors(el);
    button.disabled = true;
    el.setAttribute('aria-busy', 'true');
    try {
      await opts.onSubmit(readForm(el), el, ev);
    } catch (err) {
      showErrors(el, err);
    } finally {
      button.disabled = false;
      el.removeAttribute('aria-busy');
    }
  });
  return el;
}

// A client-side validation failure shaped like the API's, so showErrors treats both alike.
export function invalid(fields) {
  return new ApiError(400, {status: 400, code: 'validation_failed', message: t('error.validation_failed'), fields});
}

export function notice(kind, ...text) {
  return h('div', {class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status'}, ...text);
}

export function errorBox(err) {
  return notice('error', errorText(err));
}

export function loading() {
  return h('p', {class: 'loading', role: 'status'}, t('common.loading'));
}

let toastTimer = null;
export function toast(text, kind = 'ok') {
  const region = document.getElementById('toast');
  if (!region) return;
  replace(region, h('div', {class: `toast toast-${kind}`}, text));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => clear(region), 4000);
}

export function badge(status, prefix = 'status') {
  const key = `${prefix}.${status}`;
  return h('span', {class: `badge badge-${String(status).replace(/[^a-z_]/gi, '')}`}, has(key) ? t(key) : String(status));
}

// A free order: nothing charged, nothing received (closing it is a cancellation, not a refund).
export function isFreeOrder(o) {
  return !Number(o.total) && !Number(o.amount_paid);
}

// An order's status badge. A free order that was closed after issue is "refunded" in the API
// (paid → refunded) but reads as cancelled: there was nothing to refund.
export function orderBadge(o) {
  return badge(o.status === 'refunded' && isFreeOrder(o) ? 'cancelled' : o.status, 'order_status');
}

export function link(href, ...children) {
  return h('a', {href}, ...children);
}

export function button(label, onclick, cls = 'btn') {
  return h('button', {type: 'button', class: cls, onclick}, label);
}

// A button that runs an async action, shows failures as a toast and disables itself meanwhile.
export function actionButton(label, action, cls = 'btn') {
  const b = h('button', {type: 'button', class: cls});
  b.textContent = label;
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await action(b);
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

// A modal built on <dialog>: focus is trapped and Escape closes it. Returns {el, close}.
export function modal(title, body, {onClose} = {}) {
  const closeBtn = h('button', {type: 'button', class: 'btn btn-ghost dialog-close', 'aria-label': t('common.close')}, '×');
  const dlg = h('dialog', {class: 'dialog', 'aria-labelledby': 'dialog-title'},
    h('div', {class: 'dialog-head'}, h('h2', {id: 'dialog-title'}, title), closeBtn),
    h('div', {class: 'dialog-body'}, body));
  const close = () => { if (dlg.open) dlg.close(); };
  closeBtn.addEventListener('click', close);
  dlg.addEventListener('close', () => { dlg.remove(); if (onClose) onClose(); });
  document.body.append(dlg);
  dlg.showModal();
  return {el: dlg, close};
}

// Asks for a confirmation (and optionally a reason) in a modal; resolves to the reason string,
// '' when no reason was asked, or null when dismissed. `dismiss` labels the button that says no
// (default "Cancel": name it when the action itself is a cancellation, e.g. "Keep my seat").
export function confirmDialog({title, text, confirm, dismiss, reason, reasonLabel, reasonRequired, danger}) {
  return new Promise((resolve) => {
    let answered = false;
    const fields = [];
    if (text) fields.push(h('p', null, text));
    if (reason) fields.push(field({name: 'reason', label: reasonLabel || t('common.reason'), type: 'textarea', rows: 3, required: reasonRequired}));
    const f = form({
      fields, submit: confirm || t('common.confirm'), submitClass: danger ? 'btn-danger' : 'btn-primary',
      extra: h('button', {type: 'button', class: 'btn', onclick: () => m.close()}, dismiss || t('common.cancel')),
      onSubmit: async (values) => {
        if (reason && reasonRequired && !String(values.reason || '').trim()) {
          throw invalid({reason: t('error.required')});
        }
        answered = true;
        resolve(reason ? String(values.reason || '') : '');
        m.close();
      },
    });
    const m = modal(title, f, {onClose: () => { if (!answered) resolve(null); }});
  });
}

export function pager(page, onGo) {
  const {total = 0, limit = 20, offset = 0} = page || {};
  if (total <= limit) return null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  return h('nav', {class: 'pager', 'aria-label': t('common.pages')},
    h('button', {type: 'button', class: 'btn', disabled: offset <= 0, onclick: () => onGo(Math.max(0, offset - limit))}, t('common.previous')),
    h('span', null, t('common.range', {from, to, total})),
    h('button', {type: 'button', class: 'btn', disabled: to >= total, onclick: () => onGo(offset + limit)}, t('common.next')));
}

// `stack`: on phones each row becomes a card of labelled lines (the header text before each
// cell, from data-label; a header of '' labels nothing, e.g. the actions), so nothing needs
// sideways scrolling; from 720px it is the usual table (css .table-stack).
export function table(headers, rows, {empty, stack} = {}) {
  if (!rows.length) return h('p', {class: 'empty'}, empty || t('common.none'));
  const label = (i) => (stack && typeof headers[i] === 'string' && headers[i] ? {'data-label': headers[i]} : null);
  return h('div', {class: stack ? 'table-wrap table-stack' : 'table-wrap'},
    h('table', {class: 'table'},
      h('thead', null, h('tr', null, headers.map((x) => h('th', {scope: 'col'}, x)))),
      h('tbody', null, rows.map((cells) => h('tr', null, cells.map((c, i) => h('td', label(i), c)))))));
}

export function definitionList(pairs) {
  return h('dl', {class: 'dl'}, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

// Saves a Blob under a file name through a temporary object URL.
export function downloadBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', {href: url, download: name, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const ta = h('textarea', {readonly: true, class: 'sr-only'});
  ta.value = text;
  document.body.append(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
  return Promise.resolve();
}

export function pageTitle(text) {
  document.title = text ? `${text} · ${siteName()}` : siteName();
  return h('h1', {tabindex: '-1', class: 'page-title'}, text);
}

let siteNameValue = 'Lanyard';
export function setSiteName(name) { siteNameValue = name || 'Lanyard'; }
export function siteName() { return siteNameValue; }

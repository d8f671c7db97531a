// Checkout's "who is each ticket for" (issue 15): when the event's holder_details is optional or
// required, one name (and an optional address) per ticket chosen, in the order of the ticket
// types. A holder with an address gets the ticket by mail; the buyer keeps every ticket.

import {h, replace} from '../dom.js';
import {t} from '../i18n.js';
import {field} from '../ui.js';

// mode: 'optional' | 'required'. Returns {el, update(items, types), collect(values)}: update
// redraws the rows for [{ticket_type_id, quantity}] keeping what was typed per place; collect
// returns the `holders` list for POST /orders ([] when nothing was typed and names are optional).
export function holderSection(mode) {
  const rows = h('div', {class: 'holder-rows'});
  const el = h('fieldset', {class: 'fieldset holders', hidden: true},
    h('legend', null, t('holders.title')),
    h('p', {class: 'hint'}, mode === 'required' ? t('holders.intro_required') : t('holders.intro_optional')),
    rows);
  const typed = [];  // [{name, email}] by place, kept across redraws
  let count = 0;

  const remember = () => {
    for (let i = 0; i < count; i++) {
      const name = rows.querySelector(`[name="holder-name-${i}"]`);
      const email = rows.querySelector(`[name="holder-email-${i}"]`);
      typed[i] = {name: name ? name.value : '', email: email ? email.value : ''};
    }
  };

  const update = (items, types) => {
    remember();
    const places = [];
    for (const item of items) {
      const tt = types.find((x) => x.id === item.ticket_type_id);
      for (let k = 0; k < item.quantity; k++) places.push(tt ? tt.name : '');
    }
    count = places.length;
    el.hidden = count === 0;
    replace(rows, places.map((typeName, i) => {
      const name = field({name: `holder-name-${i}`, label: t('holders.name', {n: i + 1, type: typeName}),
        value: (typed[i] && typed[i].name) || '', required: mode === 'required', autocomplete: 'off', maxlength: 200});
      const email = field({name: `holder-email-${i}`, label: t('holders.email'), type: 'email',
        value: (typed[i] && typed[i].email) || '', autocomplete: 'off', hint: t('holders.email_hint')});
      name.querySelector('input').dataset.field = `holders[${i}].name`;
      email.querySelector('input').dataset.field = `holders[${i}].email`;
      return h('div', {class: 'holder-row grid-2'}, name, email);
    }));
  };

  const collect = (values) => {
    const holders = [];
    for (let i = 0; i < count; i++) {
      holders.push({name: String(values[`holder-name-${i}`] || '').trim(), email: String(values[`holder-email-${i}`] || '').trim()});
    }
    const anything = holders.some((x) => x.name || x.email);
    return mode === 'required' || anything ? holders : [];
  };

  return {el, update, collect};
}

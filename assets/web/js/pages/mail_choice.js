// The profile's campaign-mail choice (GET/PUT /me/mail-subscription): one switch, saved at once.

import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, put} from '../api.js';
import {field, errorBox, toast, errorText} from '../ui.js';

export async function mailChoiceSection() {
  let choice;
  try {
    choice = await get('/me/mail-subscription');
  } catch (err) {
    return h('section', {class: 'section'}, errorBox(err));
  }
  const box = field({name: 'campaign_mails', label: t('profile.campaign_mails'), type: 'checkbox',
    value: choice.subscribed, hint: t('profile.campaign_mails_hint')});
  const input = box.querySelector('input');
  input.addEventListener('change', async () => {
    input.disabled = true;
    try {
      const r = await put('/me/mail-subscription', {subscribed: input.checked});
      input.checked = r.subscribed;
      toast(t('common.saved'));
    } catch (err) {
      input.checked = !input.checked;
      toast(errorText(err), 'error');
    } finally {
      input.disabled = false;
    }
  });
  return h('section', {class: 'section'}, h('h2', null, t('unsubscribe.title')), box);
}

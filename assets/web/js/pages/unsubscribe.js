// /unsubscribe/{token}: the page behind the visible link in campaign mails. Opening it changes
// nothing (mail scanners open links); the buttons unsubscribe or subscribe again.

import {h, replace} from '../dom.js';
import {t} from '../i18n.js';
import {get, post} from '../api.js';
import {pageTitle, loading, errorBox, notice, actionButton} from '../ui.js';
import {reload} from '../router.js';

export async function unsubscribePage(ctx) {
  replace(ctx.main, loading());
  const path = `/unsubscribe/${encodeURIComponent(ctx.params.token)}`;
  let s;
  try {
    s = await get(path);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('unsubscribe.title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  replace(ctx.main,
    pageTitle(t('unsubscribe.title')),
    // Which mail this answers: the event whose committee wrote last (campaign mails of every
    // event on this site stop together).
    s.event_title ? h('p', {class: 'unsubscribe-event'}, t('unsubscribe.from_event', {event: s.event_title})) : null,
    h('p', null, t('unsubscribe.address', {email: s.email})),
    s.subscribed
      ? [h('p', null, t('unsubscribe.subscribed')),
        actionButton(t('unsubscribe.button'), async () => {
          await post(path, {});
          reload();
        }, 'btn btn-primary')]
      : [notice('ok', t('unsubscribe.done')),
        actionButton(t('unsubscribe.resubscribe'), async () => {
          await post(`${path}/resubscribe`, {});
          reload();
        })],
    h('p', {class: 'meta'}, t('unsubscribe.transactional')));
}

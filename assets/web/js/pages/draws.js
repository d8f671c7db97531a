// Prize draws for attendees and the people running them:
//   /draws/{id}       one draw: enter or withdraw (opt-in), the result, claim a prize; for the
//                     desk "mark claimed", for the organizer perform and redraw
//   /account/draws    the draws of the events the attendee holds tickets for
// The projector screen and the verification page are draws_live.js and draws_verify.js.

import {h, replace} from '../dom.js';
import {t, dateTime, eventZone} from '../i18n.js';
import {get, post, del, getAll, currentUser} from '../api.js';
import {pageTitle, loading, errorBox, notice, toast, actionButton, confirmDialog, badge} from '../ui.js';
import {loginUrl, reload} from '../router.js';
import {useDrawStyles, loadDrawAndEvent, rolesFor, drawFacts, winnersList, redrawsList, prizeSummary,
  eligibilityText} from './draws_common.js';

export {live} from './draws_live.js';
export {verify} from './draws_verify.js';

// What the signed-in caller can do about this draw themselves.
function mySection(ctx, draw) {
  const user = currentUser();
  if (!user) {
    if (draw.status === 'open' && draw.eligibility !== 'opt_in') return notice('info', t('draws.automatic', {who: eligibilityText(draw)}));
    return h('p', null, h('a', {href: loginUrl()}, t('draws.sign_in')));
  }
  const my = draw.my || {};
  if (draw.status === 'open') {
    if (draw.eligibility !== 'opt_in') return notice('info', t('draws.automatic', {who: eligibilityText(draw)}));
    if (my.entered) {
      return h('div', {class: 'draw-me'}, notice('ok', t('draws.entered')),
        actionButton(t('draws.withdraw'), async () => {
          await del(`/draws/${draw.id}/entries/me`);
          toast(t('draws.withdrawn'));
          reload();
        }));
    }
    return h('div', {class: 'draw-me'}, h('p', null, eligibilityText(draw)),
      actionButton(t('draws.enter'), async () => {
        await post(`/draws/${draw.id}/entries`, {});
        toast(t('draws.entered'));
        reload();
      }, 'btn btn-primary'));
  }
  const won = my.winner;
  if (!won) return h('p', {class: 'meta'}, t('draws.not_won'));
  if (won.redrawn) return notice('warn', t('draws.you_were_redrawn', {prize: won.prize}));
  if (won.claimed_at) return notice('ok', t('draws.you_claimed', {prize: won.prize, time: dateTime(won.claimed_at, eventZone(draw))}));
  if (won.can_claim) {
    return h('div', {class: 'draw-me draw-won'},
      notice('ok', t('draws.you_won', {prize: won.prize}), ' ', t('draws.claim_until', {time: dateTime(won.claim_deadline, eventZone(draw))})),
      actionButton(t('draws.claim'), async () => {
        await post(`/draws/${draw.id}/claim`, {});
        toast(t('draws.claimed_toast'));
        reload();
      }, 'btn btn-ok'));
  }
  return notice('warn', t('draws.you_won', {prize: won.prize}), ' ', t('draws.claim_closed'));
}

function organizerSection(ctx, draw, roles) {
  if (!roles.manage) return null;
  const buttons = [];
  if (draw.status === 'open') {
    buttons.push(actionButton(t('draws.perform'), async () => {
      const ok = await confirmDialog({title: t('draws.perform'), text: t('draws.perform_confirm'), confirm: t('draws.perform')});
      if (ok === null) return;
      await post(`/draws/${draw.id}/perform`, {});
      toast(t('draws.performed'));
      reload();
    }, 'btn btn-primary'));
  } else if (draw.status === 'drawn') {
    buttons.push(actionButton(t('draws.redraw'), async () => {
      const ok = await confirmDialog({title: t('draws.redraw'), text: t('draws.redraw_confirm'), confirm: t('draws.redraw')});
      if (ok === null) return;
      await post(`/draws/${draw.id}/redraw`, {});
      toast(t('draws.redrawn_toast'));
      reload();
    }));
  }
  return h('section', {class: 'section'}, h('h2', null, t('draws.organizer')),
    h('div', {class: 'actions toolbar'}, buttons,
      h('a', {class: 'btn', href: `/draws/${draw.id}/live`}, t('draws.live')),
      h('a', {href: `/admin/events/${draw.event_id}/draws`}, t('draws.all_of_event'))));
}

export async function drawPage(ctx) {
  useDrawStyles();
  replace(ctx.main, loading());
  let loaded;
  try {
    loaded = await loadDrawAndEvent(ctx.params.id);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('draws.title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const {draw, event} = loaded;
  const roles = rolesFor(event);
  const deskButton = (w) => {
    if (!roles.desk || w.claimed || draw.status === 'open') return null;
    return actionButton(t('draws.mark_claimed'), async () => {
      await post(`/draws/${draw.id}/winners/${w.slot}/claimed`, {});
      toast(t('draws.claimed_toast'));
      reload();
    }, 'btn btn-small');
  };
  replace(ctx.main,
    h('article', {class: 'draw-page'},
      pageTitle(draw.title),
      event ? h('p', {class: 'meta'}, h('a', {href: `/events/${event.id}`}, event.title)) : null,
      mySection(ctx, draw),
      draw.status !== 'open' ? h('section', {class: 'section'}, h('h2', null, t('draws.winners')),
        winnersList(draw, deskButton) || h('p', {class: 'empty'}, t('common.none'))) : null,
      redrawsList(draw),
      h('section', {class: 'section'}, h('h2', null, t('draws.details')), drawFacts(draw),
        h('p', {class: 'meta'}, t('draws.commitment_hint'))),
      h('p', {class: 'actions'},
        h('a', {href: `/draws/${draw.id}/live`}, t('draws.live')), ' · ',
        h('a', {href: `/draws/${draw.id}/verify`}, t('draws.verify')),
        draw.status !== 'open' ? [' · ', h('a', {href: `/api/v1/draws/${draw.id}/proof`, download: `draw-${draw.id}-proof.json`}, t('draws.download_proof'))] : null),
      organizerSection(ctx, draw, roles)));
}

// The draws of every event the attendee holds a ticket for.
export async function myDraws(ctx) {
  useDrawStyles();
  replace(ctx.main, pageTitle(t('draws.my_draws')), loading());
  let groups;
  try {
    const tickets = await getAll('/tickets', {}, 500);
    const eventIds = [...new Set(tickets.filter((tk) => tk.status !== 'void').map((tk) => tk.event_id))];
    groups = await Promise.all(eventIds.map(async (id) => {
      const [event, page] = await Promise.all([get(`/events/${id}`).catch(() => null), get(`/events/${id}/draws`, {limit: 100}).catch(() => ({items: []}))]);
      return {event, draws: page.items || []};
    }));
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('draws.my_draws')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  groups = groups.filter((g) => g.event && g.draws.length);
  const myState = (d) => {
    const my = d.my || {};
    if (my.winner && !my.winner.redrawn) return h('span', {class: 'badge badge-approved'}, t('draws.you_won', {prize: my.winner.prize}));
    if (my.entered) return h('span', {class: 'badge badge-registered'}, t('draws.entered_short'));
    return null;
  };
  replace(ctx.main, pageTitle(t('draws.my_draws')),
    groups.length ? groups.map((g) => h('section', {class: 'section'},
      h('h2', null, h('a', {href: `/events/${g.event.id}`}, g.event.title)),
      h('ul', {class: 'list'}, g.draws.map((d) => h('li', {class: 'list-item'},
        h('h3', null, h('a', {href: `/draws/${d.id}`}, d.title), ' ', badge(d.status, 'draw_status'), ' ', myState(d)),
        h('p', {class: 'meta'}, prizeSummary(d), ' · ', eligibilityText(d))))))) :
      h('p', {class: 'empty'}, t('draws.none_for_you')));
}

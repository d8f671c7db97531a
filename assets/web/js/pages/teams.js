// Teams for attendees (SPEC §9, §14):
//   /account/teams       my teams
//   /account/teams/{id}  one team: members, invite link (copy, share, QR), register, the fee and
//                        how to pay, submissions per stage with the deadline counting down
//   /join/{token}        an invite's preview; sign in or sign up on the way and come back here
// The organizer's pages are competitions_admin.js.

import {h, replace} from '../dom.js';
import {t, money, dateTime, eventZone} from '../i18n.js';
import {get, post, del, upload, currentUser, accessToken} from '../api.js';
import {pageTitle, loading, errorBox, errorText, notice, toast, badge, orderBadge, actionButton, confirmDialog, copyText, field, form, definitionList} from '../ui.js';
import {reload} from '../router.js';

// The invite token is shown once: the leader's browser keeps the last one per team.
const kInviteKey = (teamId) => `lanyard.invite.${teamId}`;

export function rememberInvite(teamId, invite) {
  if (invite && invite.token) localStorage.setItem(kInviteKey(teamId), JSON.stringify(invite));
}

function storedInvite(team) {
  try {
    const inv = JSON.parse(localStorage.getItem(kInviteKey(team.id)) || 'null');
    if (!inv || !inv.token || Date.parse(inv.expires_at) <= Date.now()) return null;
    const live = (team.invites || []).find((i) => i.id === inv.id);
    return live && live.active ? inv : null;
  } catch {
    return null;
  }
}

// "2 d 4 h", "3 h 12 min", "45 s"; '' once passed.
function countdown(iso) {
  let s = Math.floor((Date.parse(iso) - Date.now()) / 1000);
  if (!(s > 0)) return '';
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hr = Math.floor(s / 3600); s -= hr * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  if (d) return t('teams.left_dh', {d, h: hr});
  if (hr) return t('teams.left_hm', {h: hr, m});
  if (m) return t('teams.left_ms', {m, s});
  return t('teams.left_s', {s});
}

function membersSection(team) {
  const me = currentUser();
  const forming = team.status === 'forming';
  return h('section', {class: 'section', 'aria-labelledby': 'members-h'},
    h('h2', {id: 'members-h'}, t('teams.members'), ' ',
      h('span', {class: 'meta'}, t('teams.count', {n: team.member_count, max: team.competition.team_max}))),
    h('ul', {class: 'list', 'data-testid': 'members'}, team.members.map((m) => h('li', {class: 'list-item'},
      h('strong', null, m.name), m.is_leader ? [' ', h('span', {class: 'chip'}, t('teams.leader'))] : null,
      h('span', {class: 'meta'}, ` · ${m.email}`),
      forming && me && m.user_id === me.id && !m.is_leader ? [' ', actionButton(t('teams.leave'), async () => {
        if (await confirmDialog({title: t('teams.leave'), text: t('teams.leave_confirm'), danger: true}) === null) return;
        await del(`/teams/${team.id}/members/${m.user_id}`);
        toast(t('teams.left'));
        location.assign('/account/teams');
      }, 'btn btn-small')] : null,
      forming && team.my.is_leader && !m.is_leader ? [' ', actionButton(t('teams.remove'), async () => {
        if (await confirmDialog({title: t('teams.remove'), text: m.name, danger: true}) === null) return;
        await del(`/teams/${team.id}/members/${m.user_id}`);
        reload();
      }, 'btn btn-small'), ' ', actionButton(t('teams.make_leader'), async () => {
        await post(`/teams/${team.id}/leader`, {user_id: m.user_id});
        reload();
      }, 'btn btn-small')] : null))),
    forming ? h('p', {class: 'meta'}, t('teams.slots_left', {n: team.slots_left})) : null);
}

function inviteSection(team) {
  if (!team.my.is_leader || team.status !== 'forming') return null;
  const invite = storedInvite(team);
  const make = actionButton(invite ? t('teams.new_invite') : t('teams.make_invite'), async () => {
    const inv = await post(`/teams/${team.id}/invites`, {});
    rememberInvite(team.id, inv);
    reload();
  }, invite ? 'btn' : 'btn btn-primary');
  let body = h('p', {class: 'meta'}, t('teams.invite_hidden'));
  if (invite) {
    const input = h('input', {type: 'text', readonly: true, id: 'invite-url', class: 'invite-url', value: invite.url,
      onfocus: (ev) => ev.target.select()});
    body = h('div', {class: 'invite'},
      h('label', {for: 'invite-url'}, t('teams.invite_link')), input,
      h('p', {class: 'actions toolbar'},
        actionButton(t('teams.copy'), async () => { await copyText(invite.url); toast(t('teams.copied')); }, 'btn btn-primary'),
        navigator.share ? actionButton(t('teams.share'), async () => {
          await navigator.share({title: team.name, text: t('teams.share_text', {team: team.name}), url: invite.url});
        }) : null),
      h('p', {class: 'meta'}, t('teams.invite_expires', {time: dateTime(invite.expires_at, eventZone(team.event))})),
      h('figure', {class: 'invite-qr'},
        h('img', {src: `/api/v1/invites/${encodeURIComponent(invite.token)}/qr.svg`, alt: t('teams.qr_alt'), width: 240, height: 240}),
        h('figcaption', {class: 'meta'}, t('teams.qr_hint'))));
  }
  const active = (team.invites || []).filter((i) => i.active);
  return h('section', {class: 'section', 'aria-labelledby': 'invite-h'},
    h('h2', {id: 'invite-h'}, t('teams.invite')), body, h('p', null, make),
    active.length ? h('details', null, h('summary', null, t('teams.active_invites', {n: active.length})),
      h('ul', {class: 'list'}, active.map((i) => h('li', {class: 'list-item'},
        t('teams.invite_line', {time: dateTime(i.expires_at, eventZone(team.event)), uses: i.uses}), ' ',
        actionButton(t('teams.revoke'), async () => {
          await del(`/teams/${team.id}/invites/${i.id}`);
          reload();
        }, 'btn btn-small'))))) : null);
}

function registerSection(team) {
  if (team.status !== 'forming') return null;
  const enough = team.member_count >= team.competition.team_min;
  return h('section', {class: 'section', 'aria-labelledby': 'register-h'},
    h('h2', {id: 'register-h'}, t('teams.register')),
    h('p', null, t('teams.register_hint', {min: team.competition.team_min})),
    team.competition.fee ? h('p', null, t('competitions.fee', {amount: money(team.competition.fee)})) : null,
    team.my.is_leader ? actionButton(t('teams.register_now'), async () => {
      if (await confirmDialog({title: t('teams.register'), text: t('teams.register_confirm')}) === null) return;
      await post(`/teams/${team.id}/register`, {});
      toast(t('teams.registered'));
      reload();
    }, enough ? 'btn btn-primary' : 'btn') : h('p', {class: 'meta'}, t('teams.leader_registers')),
    !enough ? h('p', {class: 'meta'}, t('teams.need_more', {n: team.competition.team_min - team.member_count})) : null);
}

function feeSection(team) {
  const o = team.order;
  if (!o) return null;
  return h('section', {class: 'section', 'aria-labelledby': 'fee-h'},
    h('h2', {id: 'fee-h'}, t('teams.fee')),
    definitionList([
      [t('orders.total'), o.total_display || money(o.total)],
      [t('common.status'), orderBadge(o)],
      o.status === 'pending' ? [t('teams.reference'), h('strong', {class: 'code'}, o.payment_reference)] : null,
      o.status === 'pending' && o.expires_at ? [t('teams.pay_before'), dateTime(o.expires_at, eventZone(o.event_time_zone ? o : team.event))] : null,
    ]),
    o.status === 'pending' && o.bank_instructions ? h('p', {class: 'bank'}, o.bank_instructions) : null,
    team.my.is_leader ? h('p', null, h('a', {class: 'btn', href: `/account/orders/${o.id}`}, t('teams.pay'))) : null);
}

function stageItem(team, stage, ticks) {
  const sub = stage.submission;
  const open = Date.parse(stage.deadline) > Date.now();
  const active = !['withdrawn', 'disqualified'].includes(team.status);
  const left = h('span', {class: 'countdown', 'data-deadline': stage.deadline}, countdown(stage.deadline));
  ticks.push(() => { left.textContent = countdown(stage.deadline); });
  let handIn = null;
  if (open && active && stage.takes !== 'none' && team.my.is_member) {
    handIn = form({
      class: 'inline-form', submit: sub ? t('teams.replace') : t('teams.hand_in'),
      fields: stage.takes === 'file'
        ? [field({name: 'file', type: 'file', label: t('teams.file'), required: true, accept: '.pdf,.png,.jpg,.jpeg,.webp,.zip'})]
        : [field({name: 'url', type: 'url', label: t('teams.link'), required: true, placeholder: 'https://', value: sub && sub.url})],
      onSubmit: async (values, el) => {
        const data = new FormData();
        data.append('stage_id', String(stage.id));
        if (stage.takes === 'file') data.append('file', values.file);
        else data.append('url', values.url);
        await upload('POST', `/teams/${team.id}/submissions`, data);
        toast(t('teams.handed_in'));
        reload();
      },
    });
  }
  return h('li', {class: 'list-item'},
    h('h3', null, stage.name, ' ', h('span', {class: 'chip'}, t(`teams.takes_${stage.takes}`))),
    h('p', {class: 'meta'}, t('teams.deadline', {time: dateTime(stage.deadline, eventZone(team.event))}), ' · ',
      open ? left : h('strong', null, t('teams.deadline_passed'))),
    sub ? h('p', null, t('teams.handed_in_at', {time: dateTime(sub.submitted_at, eventZone(team.event)), name: sub.submitted_by_name}), ' ',
      sub.kind === 'link' ? h('a', {href: sub.url, rel: 'noopener noreferrer', target: '_blank'}, sub.url)
        : h('a', {href: '#', onclick: (ev) => { ev.preventDefault(); downloadSubmission(sub); }}, sub.filename))
      : (stage.takes !== 'none' ? h('p', {class: 'meta'}, t('teams.not_handed_in')) : null),
    handIn);
}

// Files need the bearer token, so they are fetched and saved rather than linked.
async function downloadSubmission(sub) {
  const {apiBlob} = await import('../api.js');
  const {downloadBlob} = await import('../ui.js');
  try {
    downloadBlob(await apiBlob(sub.download_url.replace(/^\/api\/v1/, '')), sub.filename);
  } catch (err) {
    toast(errorText(err), 'error');
  }
}

function submissionsSection(team, ticks) {
  if (!team.stages.length) return null;
  return h('section', {class: 'section', 'aria-labelledby': 'stages-h'},
    h('h2', {id: 'stages-h'}, t('teams.stages')),
    h('ul', {class: 'list'}, team.stages.map((s) => stageItem(team, s, ticks))));
}

export async function teamPage(ctx) {
  replace(ctx.main, loading());
  let team;
  try {
    team = await get(`/teams/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('teams.title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const ticks = [];
  replace(ctx.main,
    h('article', {class: 'team-page'},
      pageTitle(team.name),
      h('p', {class: 'meta'}, badge(team.status, 'team_status'), ' ', team.competition.name, ' · ',
        h('a', {href: `/events/${team.event.id}`}, team.event.title)),
      team.status_message ? notice('info', team.status_message) : null,
      team.status === 'confirmed' ? notice('ok', t('teams.confirmed_note')) : null,
      team.status === 'registered' ? notice('info', t('teams.registered_note')) : null,
      inviteSection(team),
      membersSection(team),
      registerSection(team),
      feeSection(team),
      submissionsSection(team, ticks),
      team.my.can_manage ? h('p', null, h('a', {href: `/admin/competitions/${team.competition_id}`}, t('teams.manage'))) : null));
  const timer = setInterval(() => ticks.forEach((fn) => fn()), 1000);
  ctx.onLeave(() => clearInterval(timer));
}

export async function myTeams(ctx) {
  replace(ctx.main, pageTitle(t('teams.my_teams')), loading());
  let page;
  try {
    page = await get('/teams');
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('teams.my_teams')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  replace(ctx.main, pageTitle(t('teams.my_teams')),
    page.items.length ? h('ul', {class: 'list'}, page.items.map((team) => h('li', {class: 'list-item'},
      h('h2', null, h('a', {href: `/account/teams/${team.id}`}, team.name), ' ', badge(team.status, 'team_status')),
      h('p', {class: 'meta'}, team.competition.name, ' · ', team.event.title, ' · ',
        t('teams.count', {n: team.member_count, max: team.competition.team_max})))))
      : h('p', {class: 'empty'}, t('teams.none')));
}

export async function joinPage(ctx) {
  const token = ctx.params.token;
  replace(ctx.main, pageTitle(t('teams.join_title')), loading());
  let preview;
  try {
    preview = await get(`/invites/${encodeURIComponent(token)}`);
  } catch (err) {
    if (!ctx.current) return;
    const gone = err && err.status === 404;
    replace(ctx.main, pageTitle(t('teams.join_title')),
      gone ? notice('error', t('teams.invite_gone')) : errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const here = `/join/${encodeURIComponent(token)}`;
  let action;
  if (preview.team.status !== 'forming') {
    action = notice('warn', t('error.team_locked'));
  } else if (!preview.registration_open) {
    action = notice('warn', t('error.registration_closed'));
  } else if (preview.slots_left <= 0) {
    action = notice('warn', t('error.team_full'));
  } else if (!accessToken()) {
    action = h('div', {class: 'join-auth'},
      h('p', null, t('teams.join_sign_in')),
      h('p', {class: 'actions toolbar'},
        h('a', {class: 'btn btn-primary', href: `/account/register?next=${encodeURIComponent(here)}`}, t('nav.sign_up')),
        h('a', {class: 'btn', href: `/account/login?next=${encodeURIComponent(here)}`}, t('nav.sign_in'))));
  } else {
    const result = h('div', {role: 'status'});
    action = h('div', null, actionButton(t('teams.join', {team: preview.team.name}), async () => {
      try {
        const team = await post(`/invites/${encodeURIComponent(token)}/accept`, {});
        toast(t('teams.joined'));
        ctx.navigate(`/account/teams/${team.id}`);
      } catch (err) {
        replace(result, notice('error', errorText(err)));
      }
    }, 'btn btn-primary'), result);
  }
  replace(ctx.main,
    h('article', {class: 'join-page'},
      pageTitle(t('teams.join_title')),
      h('h2', null, preview.team.name),
      definitionList([
        [t('teams.competition'), preview.competition.name],
        [t('events.event'), h('a', {href: `/events/${preview.event.id}`}, preview.event.title)],
        [t('events.starts'), dateTime(preview.event.starts_at, eventZone(preview.event))],
        [t('teams.members'), preview.members.map((m) => m.name).join(', ')],
        [t('teams.slots'), String(preview.slots_left)],
        preview.competition.fee ? [t('teams.fee'), preview.competition.fee_display || money(preview.competition.fee)] : null,
        [t('teams.invite_valid_until'), dateTime(preview.expires_at, eventZone(preview.event))],
      ]),
      action));
}

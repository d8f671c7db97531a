// Teams for competitions: an attendee's teams, one team (members, invite link, registering,
// submissions) and the invite page /join/{token}.

import {h, replace} from '../dom.js';
import {t, money, dateTime} from '../i18n.js';
import {get, post, del, upload, currentUser, accessToken} from '../api.js';
import {field, form, pageTitle, loading, errorBox, notice, invalid, toast, badge, actionButton, copyText, confirmDialog, definitionList} from '../ui.js';
import {loginUrl} from '../router.js';

function items(page) {
  return Array.isArray(page) ? page : (page && page.items) || [];
}

function memberName(m) {
  return m.name || (m.user && m.user.name) || m.display_name || `#${m.user_id ?? m.id}`;
}

export async function teamList(ctx) {
  replace(ctx.main, pageTitle(t('teams.title')), loading());
  try {
    const list = items(await get('/teams'));
    if (!ctx.current) return;
    replace(ctx.main, pageTitle(t('teams.title')),
      list.length ? h('ul', {class: 'list'}, list.map((tm) => h('li', {class: 'list-item'},
        h('h2', null, h('a', {href: `/account/teams/${tm.id}`}, tm.name), ' ', badge(tm.status, 'team_status')),
        tm.competition ? h('p', {class: 'meta'}, tm.competition.name || '') : null,
        h('p', {class: 'meta'}, t('teams.members_n', {n: (tm.members || []).length}))))) :
        h('p', {class: 'empty'}, t('teams.none')));
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('teams.title')), errorBox(err));
  }
}

function inviteBox(team) {
  const out = h('div', {'aria-live': 'polite'});
  const f = form({
    class: 'inline-form', submit: t('teams.make_invite'),
    fields: [
      field({name: 'expires_in_hours', label: t('teams.invite_hours'), type: 'number', min: 1, max: 720, value: 72}),
      field({name: 'max_uses', label: t('teams.invite_uses'), type: 'number', min: 1, value: ''}),
    ],
    onSubmit: async (values) => {
      const body = {expires_in_hours: Number(values.expires_in_hours || 72)};
      if (values.max_uses) body.max_uses = Number(values.max_uses);
      const inv = await post(`/teams/${team.id}/invites`, body);
      const share = navigator.share ? h('button', {type: 'button', class: 'btn', onclick: () => navigator.share({title: team.name, url: inv.url}).catch(() => {})}, t('teams.share')) : null;
      replace(out, notice('ok', t('teams.invite_once')),
        h('div', {class: 'copyable'}, h('span', {class: 'copy-value mono break'}, inv.url),
          h('button', {type: 'button', class: 'btn', onclick: async () => { await copyText(inv.url); toast(t('common.copied')); }}, t('common.copy')), share),
        h('p', {class: 'meta'}, t('teams.invite_expires', {date: dateTime(inv.expires_at)})));
    },
  });
  return h('section', {class: 'section'}, h('h2', null, t('teams.invite')), f, out);
}

export async function teamPage(ctx) {
  replace(ctx.main, loading());
  let team;
  try {
    team = await get(`/teams/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('teams.team')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const me = currentUser();
  const isLeader = me && team.leader_id === me.id;
  const reload = () => ctx.navigate(location.pathname, {replace: true});
  const comp = team.competition || {};
  const stages = comp.stages || team.stages || [];
  replace(ctx.main,
    pageTitle(team.name),
    h('p', null, badge(team.status, 'team_status'), comp.name ? ` · ${comp.name}` : ''),
    h('section', {class: 'section'}, h('h2', null, t('teams.members')),
      h('ul', {class: 'list'}, (team.members || []).map((m) => {
        const uid = m.user_id ?? m.id;
        const self = me && uid === me.id;
        return h('li', {class: 'list-item row'}, h('span', null, memberName(m), uid === team.leader_id ? ` (${t('teams.leader')})` : ''),
          team.status === 'forming' && ((isLeader && !self) || (self && !isLeader)) ? actionButton(self ? t('teams.leave') : t('teams.remove'), async () => {
            const ok = await confirmDialog({title: self ? t('teams.leave') : t('teams.remove'), text: memberName(m), danger: true});
            if (ok === null) return;
            await del(`/teams/${team.id}/members/${uid}`);
            if (self) ctx.navigate('/account/teams'); else reload();
          }, 'btn btn-small btn-danger') : null);
      }))),
    isLeader && team.status === 'forming' ? inviteBox(team) : null,
    isLeader && team.status === 'forming' ? h('section', {class: 'section'}, h('h2', null, t('teams.register')),
      h('p', null, comp.fee ? t('teams.fee', {amount: money(comp.fee)}) : t('teams.no_fee')),
      actionButton(t('teams.register'), async () => {
        const r = await post(`/teams/${team.id}/register`, {});
        const orderId = (r && (r.order_id || (r.order && r.order.id))) || null;
        if (orderId) ctx.navigate(`/account/orders/${orderId}`); else reload();
      }, 'btn btn-primary')) : null,
    team.order_id ? h('p', null, h('a', {href: `/account/orders/${team.order_id}`}, t('teams.fee_order'))) : null,
    stages.length ? h('section', {class: 'section'}, h('h2', null, t('teams.submissions')), form({
      submit: t('documents.upload'),
      fields: [
        field({name: 'stage_id', label: t('teams.stage'), type: 'select', options: stages.map((s) => ({value: s.id, label: `${s.name} — ${dateTime(s.deadline)}`}))}),
        field({name: 'file', label: t('documents.file'), type: 'file', required: true}),
      ],
      onSubmit: async (values, el) => {
        if (!values.file) throw invalid({file: t('error.required')});
        const data = new FormData();
        data.append('stage_id', values.stage_id);
        data.append('file', values.file);
        await upload('POST', `/teams/${team.id}/submissions`, data);
        el.reset();
        toast(t('teams.submitted'));
      },
    })) : null);
}

export async function join(ctx) {
  const token = ctx.params.token;
  replace(ctx.main, pageTitle(t('teams.join_title')), loading());
  let inv;
  try {
    inv = await get(`/invites/${encodeURIComponent(token)}`);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('teams.join_title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const team = inv.team || {};
  const members = inv.members || team.members || [];
  replace(ctx.main, h('div', {class: 'narrow'},
    pageTitle(t('teams.join_title')),
    definitionList([
      [t('teams.team'), team.name || inv.team_name || ''],
      [t('competitions.title'), (inv.competition && inv.competition.name) || ''],
      [t('events.event'), (inv.event && inv.event.title) || ''],
      [t('teams.members'), members.map(memberName).join(', ')],
      [t('teams.slots_left'), String(inv.slots_left ?? '')],
      [t('teams.expires'), dateTime(inv.expires_at)],
    ]),
    accessToken() ? actionButton(t('teams.accept'), async () => {
      const r = await post(`/invites/${encodeURIComponent(token)}/accept`, {});
      toast(t('teams.joined'));
      const id = (r && (r.team_id || (r.team && r.team.id) || r.id)) || team.id;
      ctx.navigate(id ? `/account/teams/${id}` : '/account/teams');
    }, 'btn btn-primary') : h('p', null, h('a', {class: 'btn btn-primary', href: loginUrl()}, t('teams.sign_in_to_join')))));
}

// The organizer's competition pages (SPEC §9, §14):
//   /admin/events/{id}/competitions  the event's competitions and a form for a new one
//   /admin/competitions/{id}         one competition: its settings and stages, the teams with
//                                    status, members, payment and submissions, status actions,
//                                    the CSV export and a zip of each stage's files
// Staff who are not organizers see the teams (the API decides what each may change).

import {h, replace} from '../dom.js';
import {t, money, parseMoney, moneyInput, dateTime, fromLocalInput, eventZone} from '../i18n.js';
import {wallTimeField} from '../wall_time.js';
import {get, post, patch, del, apiBlob, hasRole} from '../api.js';
import {field, form, pageTitle, loading, errorBox, invalid, toast, badge, actionButton, table, modal, downloadBlob, definitionList, errorText} from '../ui.js';
import {adminNav} from './admin_common.js';
import {reload} from '../router.js';

function frame(ctx, title, ...content) {
  replace(ctx.main, adminNav(), pageTitle(title), ...content);
}

// One editable stage row: name, deadline (wall-clock time in the event's `zone`), what it takes.
function stageRow(stage = {}, zone) {
  const row = h('fieldset', {class: 'stage-row grid-3', dataset: {id: stage.id || ''}},
    h('legend', {class: 'sr-only'}, t('competitions.stage')),
    field({name: 'stage_name', label: t('competitions.stage_name'), value: stage.name || '', maxlength: 200}),
    wallTimeField({name: 'stage_deadline', label: t('competitions.stage_deadline'), iso: stage.deadline, zone}),
    field({name: 'stage_takes', label: t('competitions.stage_takes'), type: 'select', value: stage.takes || 'file',
      options: ['file', 'link', 'none'].map((v) => ({value: v, label: t(`teams.takes_${v}`)}))}),
    h('button', {type: 'button', class: 'btn btn-small', onclick: () => row.remove()}, t('competitions.remove_stage')));
  return row;
}

// The registration window and stage deadlines are read in the event's `zone`, like its start.
function competitionFields(c = {}, zone) {
  const stages = h('div', {class: 'stages'}, (c.stages || []).map((s) => stageRow(s, zone)));
  return [
    field({name: 'name', label: t('competitions.name'), value: c.name || '', required: true, maxlength: 200}),
    field({name: 'description', label: t('eventform.description'), type: 'textarea', rows: 4, value: c.description || ''}),
    h('div', {class: 'grid-2'},
      field({name: 'team_min', label: t('competitions.team_min'), type: 'number', min: 1, max: 50, value: c.team_min ?? 1, required: true}),
      field({name: 'team_max', label: t('competitions.team_max'), type: 'number', min: 1, max: 50, value: c.team_max ?? 4, required: true}),
      field({name: 'fee', label: t('competitions.fee_label'), inputmode: 'decimal', value: moneyInput(c.fee || 0)}),
      field({name: 'max_teams', label: t('competitions.max_teams'), type: 'number', min: 0, value: c.max_teams ?? '', hint: t('competitions.max_teams_hint')}),
      wallTimeField({name: 'registration_opens', label: t('competitions.opens'), iso: c.registration_opens, zone}),
      wallTimeField({name: 'registration_closes', label: t('competitions.closes_label'), iso: c.registration_closes, zone})),
    h('h3', null, t('competitions.stages')),
    stages,
    h('button', {type: 'button', class: 'btn', onclick: () => stages.append(stageRow({}, zone))}, t('competitions.add_stage')),
  ];
}

function competitionBody(values, el, zone) {
  const fee = parseMoney(values.fee || '0');
  const errors = {};
  if (!values.name.trim()) errors.name = t('error.required');
  if (fee === null) errors.fee = t('error.validation_failed');
  const stages = [...el.querySelectorAll('.stage-row')].map((row) => ({
    id: row.dataset.id ? Number(row.dataset.id) : undefined,
    name: row.querySelector('[name=stage_name]').value.trim(),
    deadline: fromLocalInput(row.querySelector('[name=stage_deadline]').value, zone),
    takes: row.querySelector('[name=stage_takes]').value,
  }));
  if (Object.keys(errors).length) throw invalid(errors);
  return {
    name: values.name.trim(), description: values.description,
    team_min: Number(values.team_min), team_max: Number(values.team_max), fee,
    max_teams: values.max_teams === '' ? null : Number(values.max_teams),
    registration_opens: fromLocalInput(values.registration_opens, zone) || null,
    registration_closes: fromLocalInput(values.registration_closes, zone) || null,
    stages,
  };
}

export async function eventCompetitions(ctx) {
  const id = ctx.params.id;
  frame(ctx, t('competitions.title'), loading());
  let event; let page;
  try {
    [event, page] = await Promise.all([get(`/events/${encodeURIComponent(id)}`), get(`/events/${encodeURIComponent(id)}/competitions`)]);
  } catch (err) {
    if (ctx.current) frame(ctx, t('competitions.title'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  frame(ctx, t('competitions.title'),
    h('p', {class: 'meta'}, h('a', {href: `/admin/events/${event.id}`}, event.title)),
    table([t('competitions.name'), t('competitions.team_size_short'), t('teams.fee'), t('competitions.registered_teams')],
      page.items.map((c) => [h('a', {href: `/admin/competitions/${c.id}`}, c.name),
        `${c.team_min}–${c.team_max}`, c.fee ? money(c.fee) : t('tickets.free'),
        c.max_teams === null ? String(c.teams_registered) : `${c.teams_registered} / ${c.max_teams}`]),
      {empty: t('competitions.none')}),
    h('section', {class: 'section'}, form({
      title: t('competitions.new'), submit: t('competitions.create'),
      fields: competitionFields({}, eventZone(event)),
      onSubmit: async (values, el) => {
        const created = await post(`/events/${encodeURIComponent(id)}/competitions`, competitionBody(values, el, eventZone(event)));
        toast(t('competitions.created'));
        ctx.navigate(`/admin/competitions/${created.id}`);
      },
    })));
}

function statusDialog(team) {
  const choices = ['confirmed', 'finalist', 'disqualified', 'withdrawn'].filter((s) => s !== team.status);
  const f = form({
    submit: t('competitions.set_status'),
    fields: [
      field({name: 'status', label: t('common.status'), type: 'select', options: choices.map((s) => ({value: s, label: t(`team_status.${s}`)}))}),
      field({name: 'message', label: t('competitions.status_message'), type: 'textarea', rows: 3, maxlength: 2000}),
    ],
    onSubmit: async (values) => {
      await post(`/teams/${team.id}/status`, {status: values.status, message: values.message});
      m.close();
      toast(t('competitions.status_set'));
      reload();
    },
  });
  const m = modal(t('competitions.status_for', {team: team.name}), f);
}

async function download(path, name) {
  try {
    downloadBlob(await apiBlob(path), name);
  } catch (err) {
    toast(errorText(err), 'error');
  }
}

function teamRow(team) {
  const subs = team.stages.filter((s) => s.submission).map((s) => s.submission.kind === 'link'
    ? h('a', {href: s.submission.url, rel: 'noopener noreferrer', target: '_blank'}, s.name)
    : h('a', {href: '#', onclick: (ev) => { ev.preventDefault(); download(s.submission.download_url.replace(/^\/api\/v1/, ''), s.submission.filename); }}, s.name));
  return [
    h('a', {href: `/account/teams/${team.id}`}, team.name),
    badge(team.status, 'team_status'),
    h('ul', {class: 'plain'}, team.members.map((m) => h('li', null, m.name, m.is_leader ? ` (${t('teams.leader')})` : '',
      h('span', {class: 'meta'}, ` ${m.email}${m.phone ? ` · ${m.phone}` : ''}`)))),
    team.order ? [badge(team.order.status, 'order_status'), ' ', h('span', {class: 'code'}, team.order.code)] : (team.competition.fee ? '—' : t('tickets.free')),
    subs.length ? subs.flatMap((a, i) => (i ? [', ', a] : [a])) : '—',
    team.status !== 'withdrawn' ? h('button', {type: 'button', class: 'btn btn-small', onclick: () => statusDialog(team)}, t('competitions.change_status')) : null,
  ];
}

export async function competitionPage(ctx) {
  const id = ctx.params.id;
  const status = ctx.query.get('status') || '';
  frame(ctx, t('competitions.title'), loading());
  let comp; let teams; let event;
  try {
    comp = await get(`/competitions/${encodeURIComponent(id)}`);
    [teams, event] = await Promise.all([
      get(`/competitions/${encodeURIComponent(id)}/teams`, {limit: 100, status: status || undefined}),
      get(`/events/${comp.event_id}`)]);
  } catch (err) {
    if (ctx.current) frame(ctx, t('competitions.title'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const filter = h('select', {'aria-label': t('common.status'), onchange: (ev) => ctx.navigate(`/admin/competitions/${id}${ev.target.value ? `?status=${ev.target.value}` : ''}`)},
    h('option', {value: ''}, t('competitions.all_teams')),
    ['forming', 'registered', 'confirmed', 'finalist', 'disqualified', 'withdrawn'].map((s) => h('option', {value: s, selected: s === status}, t(`team_status.${s}`))));
  const manage = hasRole('organizer');
  const zone = eventZone(event);
  frame(ctx, comp.name,
    h('p', {class: 'meta'}, h('a', {href: `/admin/events/${comp.event_id}/competitions`}, t('competitions.title'))),
    definitionList([
      [t('competitions.team_size_short'), `${comp.team_min}–${comp.team_max}`],
      [t('teams.fee'), comp.fee ? money(comp.fee) : t('tickets.free')],
      [t('competitions.registered_teams'), comp.max_teams === null ? String(comp.teams_registered) : `${comp.teams_registered} / ${comp.max_teams}`],
      [t('competitions.window'), `${comp.registration_opens ? dateTime(comp.registration_opens, zone) : '…'} – ${comp.registration_closes ? dateTime(comp.registration_closes, zone) : '…'}`],
    ]),
    h('section', {class: 'section'}, h('h2', null, t('competitions.teams'), ' ', h('span', {class: 'meta'}, String(teams.total))),
      h('div', {class: 'toolbar'}, filter,
        actionButton(t('competitions.csv'), () => download(`/competitions/${id}/teams?format=csv`, `teams-competition-${id}.csv`)),
        comp.stages.filter((s) => s.takes === 'file').map((s) => actionButton(t('competitions.zip', {stage: s.name}),
          () => download(`/competitions/${id}/stages/${s.id}/submissions.zip`, `competition-${id}-stage-${s.position}.zip`)))),
      table([t('teams.team'), t('common.status'), t('teams.members'), t('teams.fee'), t('teams.stages'), ''],
        teams.items.map(teamRow), {empty: t('competitions.no_teams')})),
    manage ? h('section', {class: 'section'}, form({
      title: t('competitions.settings'), submit: t('common.save'),
      fields: competitionFields(comp, zone),
      onSubmit: async (values, el) => {
        await patch(`/competitions/${id}`, competitionBody(values, el, zone));
        toast(t('common.saved'));
        reload();
      },
    }), actionButton(t('competitions.delete'), async () => {
      await del(`/competitions/${id}`);
      ctx.navigate(`/admin/events/${comp.event_id}/competitions`);
    }, 'btn btn-danger')) : null);
}

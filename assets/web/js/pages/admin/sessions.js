// The organizer's programme pages:
//   /admin/events/{id}/sessions         the session editor: add, change, remove sessions; the
//                                       event's "no overlapping sessions" rule
//   /admin/events/{id}/sessions/{sid}   a session's registrations and waitlist, who came, CSV,
//                                       and the door scanner switched to this session

import {h, replace} from '../../dom.js';
import {t, dateTime, fromLocalInput, number, eventZone} from '../../i18n.js';
import {wallTimeField} from '../../wall_time.js';
import {get, getAll, post, patch, del, apiBlob} from '../../api.js';
import {loading, errorBox, toast, actionButton, badge, field, form, invalid, table,
  confirmDialog, downloadBlob, pager} from '../../ui.js';
import {reload} from '../../router.js';
import {useProgrammeStyles, timeRange, dayOf, sessionUrl} from '../programme_common.js';
import {adminFrame} from '../admin_common.js';

const kKinds = ['talk', 'workshop', 'keynote'];

// Start and end are wall-clock times in the event's zone (the hint names it).
function sessionForm(event, types, current, onSaved) {
  const s = current || {kind: 'talk', requires_ticket: true, ticket_type_ids: []};
  const zone = eventZone(event);
  const typeBoxes = types.map((tt) => field({
    name: `type_${tt.id}`, type: 'checkbox', label: tt.name, value: (s.ticket_type_ids || []).includes(tt.id),
  }));
  return form({
    class: 'session-editor',
    title: current ? t('programme.edit_session', {title: current.title}) : t('programme.add_session'),
    submit: current ? t('common.save') : t('programme.add_session'),
    fields: [
      h('div', {class: 'grid-3'},
        field({name: 'kind', label: t('programme.kind_label'), type: 'select', value: s.kind,
          options: kKinds.map((k) => ({value: k, label: t(`programme.kind.${k}`)}))}),
        field({name: 'title', label: t('programme.title_label'), required: true, value: s.title, maxlength: 200}),
        field({name: 'speaker_name', label: t('programme.speaker'), value: s.speaker_name, maxlength: 200})),
      h('div', {class: 'grid-3'},
        field({name: 'room', label: t('programme.room'), value: s.room, maxlength: 100}),
        wallTimeField({name: 'starts_at', label: t('programme.starts_at'), required: true,
          iso: s.starts_at || event.starts_at, zone}),
        wallTimeField({name: 'ends_at', label: t('programme.ends_at'), required: true, iso: s.ends_at, zone})),
      h('div', {class: 'grid-3'},
        field({name: 'capacity', label: t('programme.capacity'), type: 'number', min: 0, inputmode: 'numeric',
          value: s.capacity ?? '', hint: t('programme.capacity_hint')}),
        field({name: 'requires_ticket', label: t('programme.requires_ticket'), type: 'checkbox', value: s.requires_ticket})),
      types.length ? h('fieldset', {class: 'fieldset'}, h('legend', null, t('programme.ticket_types')),
        h('p', {class: 'hint'}, t('programme.ticket_types_hint')), typeBoxes) : null,
      field({name: 'abstract', label: t('programme.abstract'), type: 'textarea', rows: 4, value: s.abstract, maxlength: 10000}),
    ],
    extra: current ? h('a', {class: 'btn', href: `/admin/events/${event.id}/sessions`}, t('common.cancel')) : null,
    onSubmit: async (v) => {
      const starts = fromLocalInput(v.starts_at, zone);
      const ends = fromLocalInput(v.ends_at, zone);
      const problems = {};
      if (!starts) problems.starts_at = t('error.required');
      if (!ends) problems.ends_at = t('error.required');
      if (Object.keys(problems).length) throw invalid(problems);
      const capacity = String(v.capacity).trim() === '' ? null : Number(v.capacity);
      const body = {
        kind: v.kind, title: v.title, speaker_name: v.speaker_name, room: v.room, abstract: v.abstract,
        starts_at: starts, ends_at: ends, capacity, requires_ticket: !!v.requires_ticket,
        ticket_type_ids: types.filter((tt) => v[`type_${tt.id}`]).map((tt) => tt.id),
      };
      if (current) await patch(`/sessions/${current.id}`, body);
      else await post(`/events/${event.id}/sessions`, body);
      toast(t('programme.saved'));
      onSaved();
    },
  });
}

export async function sessions(ctx) {
  useProgrammeStyles();
  adminFrame(ctx, t('programme.editor'), loading());
  const eventId = ctx.params.id;
  let event, list, types, settings;
  try {
    [event, list, types, settings] = await Promise.all([
      get(`/events/${eventId}`), getAll(`/events/${eventId}/sessions`, {}, 1000),
      get(`/events/${eventId}/ticket-types`).then((r) => r.items || r).catch(() => []),
      get(`/events/${eventId}/session-settings`)]);
  } catch (err) {
    if (ctx.current) adminFrame(ctx, t('programme.editor'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const editing = list.find((s) => String(s.id) === ctx.query.get('edit'));
  const overlap = h('input', {type: 'checkbox', id: 'no-overlap', checked: !!settings.no_overlapping_sessions,
    onchange: async (ev) => {
      try {
        await patch(`/events/${eventId}/session-settings`, {no_overlapping_sessions: ev.target.checked});
        toast(t('programme.saved'));
      } catch (err) {
        ev.target.checked = !ev.target.checked;
        toast(err.message, 'error');
      }
    }});
  // The editor below the list: a new session, or the one being changed, brought into view with
  // its title focused (an Edit tap on a phone would otherwise change a form off-screen).
  const editorBox = h('section', {class: 'section', id: 'session-editor'});
  const bringIntoView = () => {
    editorBox.scrollIntoView({block: 'start'});
    editorBox.querySelector('input[name=title]').focus({preventScroll: true});
  };
  const showEditor = (current) => {
    replace(editorBox, sessionForm(event, Array.isArray(types) ? types : [], current, () => {
      ctx.navigate(`/admin/events/${eventId}/sessions`);
    }));
  };
  const rows = list.map((s) => [
    h('span', null, dayOf(s), h('br'), timeRange(s)),
    h('span', null, h('a', {href: sessionUrl(s)}, s.title), ' ', badge(s.kind, 'programme.kind')),
    s.room || '—',
    s.capacity === null ? t('programme.unlimited') : `${number(s.registered)} / ${number(s.capacity)}`,
    number(s.waitlisted),
    h('span', {class: 'actions'},
      h('a', {class: 'btn btn-small', href: `/admin/events/${eventId}/sessions/${s.id}`}, t('programme.registrations')),
      h('button', {type: 'button', class: 'btn btn-small', onclick: () => {
        history.replaceState(null, '', `/admin/events/${eventId}/sessions?edit=${s.id}`);
        showEditor(s);
        bringIntoView();
      }}, t('common.edit')),
      actionButton(t('common.delete'), async () => {
        const ok = await confirmDialog({title: t('common.delete'), text: t('programme.delete_confirm', {title: s.title}), danger: true, confirm: t('common.delete')});
        if (ok === null) return;
        await del(`/sessions/${s.id}`);
        toast(t('programme.deleted'));
        reload();
      }, 'btn btn-small btn-danger')),
  ]);
  adminFrame(ctx, t('programme.editor'), h('div', {class: 'programme-admin'},
    h('p', {class: 'meta'}, h('a', {href: `/admin/events/${eventId}`}, event.title), ' · ',
      h('a', {href: `/events/${eventId}/programme`}, t('programme.public_page'))),
    h('div', {class: 'field field-check'}, h('label', {for: 'no-overlap'}, overlap, ' ', t('programme.no_overlap'))),
    table([t('programme.time'), t('programme.title_label'), t('programme.room'), t('programme.seats'),
      t('programme.waitlist'), ''], rows, {empty: t('programme.none'), stack: true}),
    editorBox));
  showEditor(editing);
  // Opened as ?edit=: after the router has scrolled to the top and focused the heading.
  if (editing) requestAnimationFrame(() => { if (ctx.current) bringIntoView(); });
}

export async function registrations(ctx) {
  useProgrammeStyles();
  adminFrame(ctx, t('programme.registrations'), loading());
  const sid = ctx.params.sid;
  const offset = Number(ctx.query.get('offset')) || 0;
  let s, page;
  try {
    [s, page] = await Promise.all([get(`/sessions/${sid}`), get(`/sessions/${sid}/registrations`, {limit: 100, offset})]);
  } catch (err) {
    if (ctx.current) adminFrame(ctx, t('programme.registrations'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const came = page.items.filter((r) => r.checked_in_at).length;
  const rows = page.items.map((r) => [
    r.name, r.email,
    h('span', null, badge(r.status, 'programme.status'), r.position ? ` #${number(r.position)}` : ''),
    r.checked_in_at ? dateTime(r.checked_in_at, eventZone(s)) : '—',
  ]);
  adminFrame(ctx, s.title, h('div', {class: 'programme-admin'},
    h('p', {class: 'meta'}, `${dayOf(s)} · ${timeRange(s)}`, s.room ? ` · ${s.room}` : '', ' · ',
      h('a', {href: `/admin/events/${s.event_id}/sessions`}, t('programme.editor'))),
    h('p', null, t('programme.counts', {registered: number(s.registered), waitlisted: number(s.waitlisted), came: number(came)})),
    h('div', {class: 'actions toolbar'},
      h('a', {class: 'btn btn-primary', href: `/staff/scan?session=${s.id}&event=${s.event_id}`}, t('programme.scan_door')),
      actionButton(t('attendees.csv'), async () => {
        downloadBlob(await apiBlob(`/sessions/${s.id}/registrations`, {query: {format: 'csv'}}), `session-${s.id}.csv`);
      })),
    table([t('programme.name'), t('programme.email'), t('programme.status_label'), t('programme.checked_in')], rows,
      {empty: t('programme.no_registrations'), stack: true}),
    pager(page, (o) => ctx.navigate(`/admin/events/${s.event_id}/sessions/${s.id}?offset=${o}`))));
}

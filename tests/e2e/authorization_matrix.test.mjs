// The authorization matrix (SPEC §1, §2): every operation of the OpenAPI document × seven
// callers × the resource states that matter, against the real binary on `lanyard demo` data.
//
// The expected table below is the contract. Each cell is what one caller gets:
//   y  allowed. A GET must answer 2xx; a write is not sent (it would change the fixture the
//      other rows rely on; tests/web has a scenario table per route for the allowed writes).
//   1  401 unauthorized
//   3  403 forbidden: the caller sees the resource but may not change it
//   r  403 forbidden by role alone: the caller's role may not do this to any such resource. The
//      same request with an id that does not exist must answer the same 403, so the refusal
//      says nothing about whether the resource exists.
//   4  404 not found: the caller may not see the resource (SPEC §1: not a 403, no leaking).
// Refused cells are always sent, with an empty body of the route's type (JSON `{}`, or a
// multipart form without a file): authorization comes before validating the body, so a refused
// caller never learns what the body lacks. A route that lets a caller through where the table
// refuses fails here, and an operation of the OpenAPI document with no row fails too.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, fillWithDemo, demoLogins} from './lib/server.mjs';
import {Api, tinyPng} from './lib/api.mjs';

// Callers, in the order of the table's columns.
const kCallers = ['anonymous', 'attendee', 'other_attendee', 'staff', 'owner', 'other_organizer', 'admin'];

// Fixture keys (resolved by buildFixture) stand for path parameters; `bogus` is an unknown token.
// [operation, fixture keys of its path parameters in order, expectations per caller]
//                                                                                   an at ot st ow oo ad
const kTable = [
  ['GET /health', [], 'y y y y y y y'],
  ['GET /openapi.json', [], 'y y y y y y y'],
  ['GET /metrics', [], 'y y y y y y y'], // loopback: allowed without a token (SPEC §12)
  ['GET /settings/public', [], 'y y y y y y y'],
  ['GET /time-zones', [], 'y y y y y y y'],
  ['GET /settings', [], '1 3 3 3 3 3 y'],
  ['PATCH /settings', [], '1 3 3 3 3 3 y'],
  ['GET /audit', [], '1 3 3 3 3 3 y'],
  ['GET /admin/backups', [], '1 3 3 3 3 3 y'],
  ['POST /admin/backups', [], '1 3 3 3 3 3 y'],
  ['GET /setup', [], 'y y y y y y y'],
  ['POST /setup', [], 'y y y y y y y'],
  ['POST /setup/check', [], 'y y y y y y y'],

  // Accounts (§3): public entry points answer everyone; the rest needs a session.
  ['POST /auth/register', [], 'y y y y y y y'],
  ['POST /auth/confirm', [], 'y y y y y y y'],
  ['POST /auth/confirm/resend', [], 'y y y y y y y'],
  ['POST /auth/login', [], 'y y y y y y y'],
  ['POST /auth/refresh', [], 'y y y y y y y'],
  ['POST /auth/verify', [], 'y y y y y y y'],
  ['POST /auth/password/forgot', [], 'y y y y y y y'],
  ['POST /auth/password/reset', [], 'y y y y y y y'],
  ['POST /auth/password/reset/check', [], 'y y y y y y y'],
  ['POST /auth/logout', [], '1 y y y y y y'],
  ['POST /auth/password/change', [], '1 y y y y y y'],
  ['GET /me', [], '1 y y y y y y'],
  ['PATCH /me', [], '1 y y y y y y'],
  ['GET /me/documents', [], '1 y y y y y y'],
  ['POST /me/documents', [], '1 y y y y y y'],
  ['GET /me/mail-subscription', [], '1 y y y y y y'],
  ['PUT /me/mail-subscription', [], '1 y y y y y y'],
  // The attendee's own document: the owner of an event she holds a ticket for may read it.
  ['GET /documents/{id}', ['document'], '1 y 4 y y 4 y'],
  ['GET /users', [], '1 3 3 3 3 3 y'],
  ['GET /users/{id}', ['other_attendee_user'], '1 3 3 3 3 3 y'],
  ['PATCH /users/{id}', ['other_attendee_user'], '1 3 3 3 3 3 y'],
  ['GET /users/invitations', [], '1 3 3 3 3 3 y'],
  ['POST /users/invitations', [], '1 3 3 3 3 3 y'],
  ['GET /invitations/{token}', ['bogus'], '4 4 4 4 4 4 4'],
  ['POST /invitations/{token}/accept', ['bogus'], '4 4 4 4 4 4 4'],
  ['GET /organizer-applications', [], '1 y y y y y y'],
  ['POST /organizer-applications', [], '1 y y y y y y'],
  ['POST /organizer-applications/{id}/decision', ['application'], '1 3 3 3 3 3 y'],

  // Events (§4) in each state.
  ['GET /events', [], 'y y y y y y y'],
  ['POST /events', [], '1 3 3 3 y y y'],
  ['GET /events/{id}', ['event.published'], 'y y y y y y y'],
  ['GET /events/{id}', ['event.draft'], '4 4 4 y y 4 y'],
  ['GET /events/{id}', ['event.cancelled'], 'y y y y y y y'],
  ['PATCH /events/{id}', ['event.published'], '1 r r r y 3 y'],
  ['PATCH /events/{id}', ['event.draft'], '1 r r r y 4 y'],
  ['DELETE /events/{id}', ['event.published'], '1 r r r y 3 y'],
  ['DELETE /events/{id}', ['event.draft'], '1 r r r y 4 y'],
  ['POST /events/{id}/submit', ['event.draft'], '1 r r r y 4 y'],
  ['POST /events/{id}/review', ['event.draft'], '1 r r r r r y'],
  ['POST /events/{id}/cancel', ['event.published'], '1 3 3 3 y 3 y'],
  ['GET /events/{id}/image', ['event.published'], 'y y y y y y y'],
  ['PUT /events/{id}/image', ['event.published'], '1 3 3 3 y 3 y'],
  ['GET /events/{id}/stats', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/stats', ['event.draft'], '1 r r y y 4 y'],
  ['GET /events/{id}/setup-checks', ['event.published'], '1 r r r y 3 y'],
  ['GET /events/{id}/setup-checks', ['event.draft'], '1 r r r y 4 y'],
  ['GET /events/{id}/attendees', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/orders', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/checkins', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/ticket-types', ['event.published'], 'y y y y y y y'],
  ['GET /events/{id}/ticket-types', ['event.draft'], '4 4 4 y y 4 y'],
  ['POST /events/{id}/ticket-types', ['event.published'], '1 3 3 3 y 3 y'],
  ['PATCH /ticket-types/{id}', ['ticket_type'], '1 3 3 3 y 3 y'],
  ['DELETE /ticket-types/{id}', ['ticket_type'], '1 3 3 3 y 3 y'],

  // Orders and payments (§6).
  ['GET /orders', [], '1 y y y y y y'],
  ['POST /orders', [], '1 y y y y y y'],
  ['GET /orders/{id}', ['order'], '1 y 4 y y 4 y'],
  ['POST /orders/{id}/payment-proofs', ['order'], '1 y 4 3 3 4 3'],
  ['POST /orders/{id}/confirm-payment', ['order'], '1 r r y y 4 y'],
  ['POST /orders/{id}/reject-payment', ['order'], '1 r r y y 4 y'],
  ['POST /orders/{id}/cancel', ['order'], '1 y 4 y y 4 y'],
  ['POST /orders/{id}/refund', ['order'], '1 r r r y 4 y'],
  ['GET /payment-proofs/{id}', ['proof'], '1 y 4 y y 4 y'],
  ['GET /events/{id}/bank-statements', ['event.published'], '1 3 3 y y 3 y'],
  ['POST /events/{id}/bank-statements', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /bank-statements/{id}', ['statement'], '1 3 3 y y 3 y'],
  ['POST /bank-statements/{id}/apply', ['statement'], '1 3 3 y y 3 y'],
  ['POST /bank-statements/{id}/lines/{n}/assign', ['statement', 'line'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/unmatched-credits', ['event.published'], '1 3 3 y y 3 y'],

  // Tickets and the door (§7).
  ['GET /tickets', [], '1 y y y y y y'],
  ['GET /tickets/{id}', ['ticket'], '1 y 4 y y 4 y'],
  ['PATCH /tickets/{id}', ['ticket'], '1 y 4 3 3 4 3'],
  ['GET /tickets/{id}/qr.svg', ['ticket'], '1 y 4 y y 4 y'],
  ['GET /tickets/{id}/qr.png', ['ticket'], '1 y 4 y y 4 y'],
  ['GET /tickets/{id}/shared', ['ticket'], '4 4 4 4 4 4 4'], // without the signed key
  ['GET /tickets/{id}/shared/qr.svg', ['ticket'], '4 4 4 4 4 4 4'],
  ['GET /checkin/keys', [], 'y y y y y y y'],
  ['POST /checkin', [], '1 3 3 y y y y'],
  ['POST /checkin/lookup', [], '1 3 3 y y y y'],
  ['DELETE /checkins/{ticket_id}', ['checked_in_ticket'], '1 r r y y 4 y'],
  ['POST /checkin/batch', [], '1 3 3 y y y y'],
  ['GET /checkin/devices', [], '1 3 3 y y y y'],
  ['GET /events/{id}/revocations', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/revocations', ['event.draft'], '1 r r y y 4 y'],
  ['GET /events/{id}/offline-names', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/offline-duplicates', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/offline-refused-admissions', ['event.published'], '1 3 3 y y 3 y'],
  ['GET /events/{id}/offline-refused-admissions', ['event.draft'], '1 r r y y 4 y'],

  // Mail (§8).
  ['GET /mail/outbox', [], '1 3 3 3 3 3 y'],
  ['POST /mail/outbox/{id}/retry', ['outbox_mail'], '1 3 3 3 3 3 y'],
  ['GET /mail/templates', [], '1 3 3 3 3 3 y'],
  ['GET /mail/templates/{kind}', ['template_kind'], '1 3 3 3 3 3 y'],
  ['PUT /mail/templates/{kind}', ['template_kind'], '1 3 3 3 3 3 y'],
  ['POST /mail/templates/{kind}/preview', ['template_kind'], '1 3 3 3 3 3 y'],
  ['GET /unsubscribe/{token}', ['bogus'], '4 4 4 4 4 4 4'],
  ['POST /unsubscribe/{token}', ['bogus'], '4 4 4 4 4 4 4'],
  ['POST /unsubscribe/{token}/resubscribe', ['bogus'], '4 4 4 4 4 4 4'],

  // Competitions and teams (§9). The attendee leads the team; the other attendee is not in it.
  ['GET /events/{id}/competitions', ['event.published'], 'y y y y y y y'],
  ['POST /events/{id}/competitions', ['event.published'], '1 3 3 3 y 3 y'],
  ['GET /competitions/{id}', ['competition'], 'y y y y y y y'],
  ['PATCH /competitions/{id}', ['competition'], '1 3 3 3 y 3 y'],
  ['DELETE /competitions/{id}', ['competition'], '1 3 3 3 y 3 y'],
  ['GET /competitions/{id}/teams', ['competition'], '1 3 3 y y 3 y'],
  ['POST /competitions/{id}/teams', ['competition'], '1 y y y y y y'],
  ['GET /competitions/{id}/stages/{stage_id}/submissions.zip', ['competition', 'stage'], '1 3 3 y y 3 y'],
  ['GET /teams', [], '1 y y y y y y'],
  ['GET /teams/{id}', ['team'], '1 y 4 y y 4 y'],
  ['POST /teams/{id}/invites', ['team'], '1 y 4 3 3 4 3'],
  ['DELETE /teams/{id}/invites/{invite_id}', ['team', 'team_invite'], '1 y 4 3 3 4 3'],
  ['POST /teams/{id}/leader', ['team'], '1 y 4 3 3 4 3'],
  ['DELETE /teams/{id}/members/{user_id}', ['team', 'team_mate'], '1 y 4 3 3 4 3'],
  ['POST /teams/{id}/register', ['team'], '1 y 4 3 3 4 3'],
  ['POST /teams/{id}/status', ['team'], '1 r r y y 4 y'],
  ['GET /teams/{id}/submissions', ['team'], '1 y 4 y y 4 y'],
  ['POST /teams/{id}/submissions', ['team'], '1 y 4 3 3 4 3'],
  ['GET /teams/{id}/submissions/{submission_id}/file', ['team', 'submission'], '1 y 4 y y 4 y'],
  ['GET /invites/{token}', ['bogus'], '4 4 4 4 4 4 4'],
  ['POST /invites/{token}/accept', ['bogus'], '1 4 4 4 4 4 4'],
  ['GET /invites/{token}/qr.svg', ['bogus'], '4 4 4 4 4 4 4'],

  // Nominations, votes and campaigns (§10).
  // The programme (§10): the attendee holds a seat of the demo workshop.
  ['GET /events/{id}/sessions', ['event.published'], 'y y y y y y y'],
  ['GET /events/{id}/sessions', ['event.draft'], '4 4 4 y y 4 y'],
  ['POST /events/{id}/sessions', ['event.published'], '1 r r r y 3 y'],
  ['GET /sessions/{id}', ['session'], 'y y y y y y y'],
  ['PATCH /sessions/{id}', ['session'], '1 r r r y 3 y'],
  ['DELETE /sessions/{id}', ['session'], '1 r r r y 3 y'],
  ['GET /events/{id}/session-settings', ['event.published'], 'y y y y y y y'],
  ['PATCH /events/{id}/session-settings', ['event.published'], '1 r r r y 3 y'],
  ['POST /sessions/{id}/registrations', ['session'], '1 y y y y y y'],
  ['DELETE /sessions/{id}/registrations/me', ['session'], '1 y y y y y y'],
  ['GET /sessions/{id}/registrations', ['session'], '1 r r y y 3 y'],
  ['POST /sessions/{id}/checkin', ['session'], '1 r r y y 3 y'],
  ['GET /me/agenda', [], '1 y y y y y y'],
  ['POST /me/agenda/feed', [], '1 y y y y y y'],
  ['GET /me/agenda.ics', [], '1 y y y y y y'],

  ['GET /events/{id}/nomination-settings', ['event.published'], 'y y y y y y y'],
  ['PUT /events/{id}/nomination-settings', ['event.published'], '1 3 3 3 y 3 y'],
  ['GET /events/{id}/nominations', ['event.published'], 'y y y y y y y'],
  ['POST /events/{id}/nominations', ['event.published'], '1 y y y y y y'],
  ['GET /events/{id}/nominations/results', ['event.published'], '3 3 3 3 y 3 y'],
  ['DELETE /events/{id}/votes/me', ['event.published'], '1 y y y y y y'],
  ['GET /nominations/{id}', ['nomination'], 'y y y y y y y'],
  ['POST /nominations/{id}/vote', ['nomination'], '1 y y y y y y'],
  ['POST /nominations/{id}/decision', ['nomination'], '1 3 3 3 y 3 y'],
  ['POST /nominations/{id}/response', ['nomination'], '1 3 3 3 3 3 3'], // only its nominee
  ['GET /nomination-responses/{token}', ['bogus'], '4 4 4 4 4 4 4'],
  ['POST /nomination-responses/{token}', ['bogus'], '4 4 4 4 4 4 4'],
  ['GET /events/{id}/campaigns', ['event.published'], '1 3 3 3 y 3 y'],
  ['POST /events/{id}/campaigns', ['event.published'], '1 3 3 3 y 3 y'],
  ['GET /events/{id}/campaigns/audience', ['event.published'], '1 3 3 3 y 3 y', 'kind=ticket_holders'],
  ['POST /events/{id}/campaigns/preview', ['event.published'], '1 3 3 3 y 3 y'],
  ['GET /campaigns/{id}', ['campaign'], '1 3 3 3 y 3 y'],
  ['POST /campaigns/{id}/test', ['campaign'], '1 3 3 3 y 3 y'],
  ['POST /campaigns/{id}/cancel', ['campaign'], '1 3 3 3 y 3 y'],

  // Prize draws (§11).
  ['GET /events/{id}/draws', ['event.published'], 'y y y y y y y'],
  ['POST /events/{id}/draws', ['event.published'], '1 3 3 3 y 3 y'],
  ['GET /draws/{id}', ['draw'], 'y y y y y y y'],
  ['GET /draws/{id}/proof', ['drawn_draw'], 'y y y y y y y'],
  ['POST /draws/{id}/entries', ['draw'], '1 y y y y y y'],
  ['DELETE /draws/{id}/entries/me', ['draw'], '1 y y y y y y'],
  ['POST /draws/{id}/perform', ['draw'], '1 3 3 3 y 3 y'],
  ['POST /draws/{id}/redraw', ['drawn_draw'], '1 3 3 3 y 3 y'],
  ['POST /draws/{id}/claim', ['drawn_draw'], '1 y y y y y y'],
  ['POST /draws/{id}/winners/{slot}/claimed', ['drawn_draw', 'slot'], '1 3 3 y y 3 y'],
];

const kCodes = {y: 'allowed', 1: 401, 3: 403, r: 403, 4: 404};
const kUnknownId = '987654';

// Builds the resources the table names, through the API, on top of the demo.
async function buildFixture(server) {
  const as = {};
  for (const [role, login] of [['attendee', demoLogins.rani], ['other_attendee', demoLogins.citra],
    ['staff', demoLogins.staff], ['owner', demoLogins.organizer]]) {
    as[role] = new Api(server.url);
    await as[role].login(login.email, login.password);
  }
  await server.createAdmin('matrix-admin@example.org', 'matrix-admin-password');
  as.admin = new Api(server.url);
  await as.admin.login('matrix-admin@example.org', 'matrix-admin-password');
  // The other organizer: a demo attendee with no part in Rani's order or team, promoted.
  const eko = await as.admin.get('/users?q=demo-eko');
  const ekoId = eko.items[0].id;
  await as.admin.patch(`/users/${ekoId}`, {role: 'organizer'});
  as.other_organizer = new Api(server.url);
  await as.other_organizer.login('demo-eko@example.org', 'bandung-eko');
  as.anonymous = new Api(server.url);

  const f = {bogus: 'Zm9yZ2VkLXRva2VuLXRoYXQtZG9lcy1ub3QtZXhpc3Q', line: 0, slot: 1};
  const me = await as.attendee.get('/me');
  const citra = await as.other_attendee.get('/me');
  f.other_attendee_user = citra.id;
  const events = await as.owner.get('/events');
  f['event.published'] = events.items[0].id;
  // Three months ahead of whenever the suite runs (a fixed date would become a past event).
  const start = Date.now() + 90 * 86400e3;
  const eventBody = (title) => ({title, description: 'Authorization matrix', category: 'tech', venue: 'Hall',
    city: 'Bandung', address: 'Jl. Test 1', starts_at: new Date(start).toISOString(),
    ends_at: new Date(start + 8 * 3600e3).toISOString()});
  f['event.draft'] = (await as.owner.post('/events', eventBody('Draft event'))).id;
  const toCancel = await as.owner.post('/events', eventBody('Cancelled event'));
  await as.owner.post(`/events/${toCancel.id}/submit`, {});
  await as.owner.post(`/events/${toCancel.id}/cancel`, {message: 'Called off'});
  f['event.cancelled'] = toCancel.id;
  const image = new FormData();
  image.append('file', new Blob([tinyPng()], {type: 'image/png'}), 'poster.png');
  await as.owner.req('PUT', `/events/${f['event.published']}/image`, image);
  const types = await as.owner.get(`/events/${f['event.published']}/ticket-types`);
  f.ticket_type = types.items[0].id;

  // Rani's pending order with a proof, and her ticket.
  const paid = types.items.find((t) => t.price > 0 && t.available > 0);
  const order = await as.attendee.post('/orders', {event_id: f['event.published'],
    items: [{ticket_type_id: paid.id, quantity: 1}]});
  f.order = order.id;
  const form = new FormData();
  form.append('file', new Blob([tinyPng()], {type: 'image/png'}), 'proof.png');
  form.append('note', 'transfer');
  f.proof = (await as.attendee.post(`/orders/${order.id}/payment-proofs`, form)).id;
  const tickets = await as.attendee.get('/tickets');
  f.ticket = tickets.items.find((t) => t.status === 'valid' && !t.checked_in_at).id;
  const attendees = await as.owner.get(`/events/${f['event.published']}/attendees`);
  const checkedIn = attendees.items.find((a) => a.checked_in_at && a.holder_email === me.email) ??
    attendees.items.find((a) => a.checked_in_at);
  f.checked_in_ticket = checkedIn.ticket_id ?? checkedIn.id;

  const doc = new FormData();
  doc.append('file', new Blob([tinyPng()], {type: 'image/png'}), 'card.png');
  doc.append('kind', 'student_id');
  f.document = (await as.attendee.post('/me/documents', doc)).id;
  f.application = (await as.other_attendee.post('/organizer-applications',
    {organization: 'Kopi Club', description: 'Monthly meetups'})).id;

  const csv = 'date,amount,description\n2026-11-29,150000,transfer ' + order.code + '\n';
  const statement = new FormData();
  statement.append('file', new Blob([csv], {type: 'text/csv'}), 'statement.csv');
  f.statement = (await as.owner.post(`/events/${f['event.published']}/bank-statements`, statement)).id;

  const outbox = await as.admin.get('/mail/outbox');
  f.outbox_mail = outbox.items[0].id;
  f.template_kind = 'tickets';

  const competitions = await as.owner.get(`/events/${f['event.published']}/competitions`);
  const competition = competitions.items[0];
  f.competition = competition.id;
  f.stage = (await as.owner.get(`/competitions/${competition.id}`)).stages[0].id;
  // The demo team Rani leads (registered, so its roster is locked; the allowed writes are not
  // sent anyway); the other attendee is in no team of it.
  const team = (await as.attendee.get('/teams')).items[0];
  f.team = team.id;
  const teamView = await as.attendee.get(`/teams/${team.id}`);
  f.team_mate = teamView.members.find((m) => m.user_id !== me.id).user_id;
  f.team_invite = 1;
  f.submission = 1;

  const sessions = await as.owner.get(`/events/${f['event.published']}/sessions?kind=workshop`);
  f.session = sessions.items[0].id;

  f.nomination = (await as.owner.get(`/events/${f['event.published']}/nominations`)).items[0].id;
  f.campaign = (await as.owner.get(`/events/${f['event.published']}/campaigns`)).items[0].id;

  const draw = await as.owner.post(`/events/${f['event.published']}/draws`, {title: 'Open draw',
    eligibility: 'ticket_holders', prizes: [{name: 'Mug', quantity: 1}]});
  f.draw = draw.id;
  const drawn = await as.owner.post(`/events/${f['event.published']}/draws`, {title: 'Drawn draw',
    eligibility: 'ticket_holders', prizes: [{name: 'Shirt', quantity: 1}]});
  await as.owner.post(`/draws/${drawn.id}/perform`, {});
  f.drawn_draw = drawn.id;
  return {as, f};
}

function operationsOf(openapi) {
  const ops = [];
  for (const [path, item] of Object.entries(openapi.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
      if (item[method]) ops.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return ops;
}

// The row's path with its fixture ids (or every id replaced by `unknown`), and its query.
function concretePath(template, keys, f, query, unknown = null) {
  let i = 0;
  const path = template.replace(/\{[^}]+\}/g, () => {
    const key = keys[i++];
    assert.ok(key in f, `fixture has no ${key} for ${template}`);
    return encodeURIComponent(String(unknown ?? f[key]));
  });
  return query ? `${path}?${query}` : path;
}

function emptyBody(openapi, method, template) {
  if (method === 'GET') return undefined;
  const content = openapi.paths[template][method.toLowerCase()].requestBody?.content ?? {};
  if (!('multipart/form-data' in content)) return {};
  const form = new FormData();
  form.append('note', 'matrix');
  return form;
}

async function statusOf(api, method, path, body) {
  const res = await api.req(method, path, body, {raw: true});
  await res.arrayBuffer();
  return res.status;
}

test('authorization matrix: every route × every caller × the states that matter', {timeout: 240000}, async () => {
  const server = await startServer({prepare: fillWithDemo});
  try {
    const {as, f} = await buildFixture(server);
    const openapi = await as.anonymous.get('/openapi.json');

    const tabled = new Set(kTable.map(([op]) => op));
    const missing = operationsOf(openapi).filter((op) => !tabled.has(op));
    assert.deepEqual(missing, [], 'operations of the OpenAPI document without rows in the matrix');
    const documented = new Set(operationsOf(openapi));
    const stale = [...tabled].filter((op) => !documented.has(op));
    assert.deepEqual(stale, [], 'rows of the matrix for operations the server does not document');

    const failures = [];
    let sent = 0;
    let cells = 0;
    for (const [op, keys, expectations, query] of kTable) {
      const [method, template] = op.split(' ');
      const path = concretePath(template, keys, f, query);
      const body = () => emptyBody(openapi, method, template);
      const cellsOfRow = expectations.split(/\s+/);
      assert.equal(cellsOfRow.length, kCallers.length, `${op}: one cell per caller`);
      for (const [i, cell] of cellsOfRow.entries()) {
        cells++;
        const expected = kCodes[cell];
        assert.ok(expected, `${op}: unknown cell ${cell}`);
        if (expected === 'allowed' && method !== 'GET') continue;
        const caller = kCallers[i];
        const got = await statusOf(as[caller], method, path, body());
        sent++;
        const ok = expected === 'allowed' ? got >= 200 && got < 300 : got === expected;
        if (!ok) failures.push(`${op} [${keys.join(',')}] as ${caller}: expected ${expected}, got ${got}`);
        if (cell === 'r' && keys.length) {
          const unknownPath = concretePath(template, keys, f, query, kUnknownId);
          const gotUnknown = await statusOf(as[caller], method, unknownPath, body());
          sent++;
          if (gotUnknown !== got) {
            failures.push(`${op} as ${caller}: ${got} for the real resource but ${gotUnknown} for an unknown id`);
          }
        }
      }
    }
    console.log(`matrix: ${kTable.length} rows (${tabled.size} operations) × ${kCallers.length} callers = ` +
      `${cells} cells, ${sent} requests sent`);
    assert.deepEqual(failures, [], `cells that differ from the table:\n${failures.join('\n')}`);
  } finally {
    await server.stop();
  }
});

// The admin area, one line per page. Adding an admin page is a module in pages/admin/ that
// exports its page functions, plus one line here; the router and the admin navigation read
// this table (nothing else lists admin pages).
//
// Each line: {module, routes, role, nav?, eventLink?}
//   module     the page's file under pages/ without .js ('admin/users'), loaded on first use;
//              null for a link to a page that belongs elsewhere (the staff desk)
//   routes     [[path pattern, exported function, role?], ...]; ':name' matches one segment;
//              a route's own role overrides the line's
//   role       the least role that may open it: 'staff', 'organizer' or 'admin'
//   nav        i18n key of its link in the admin navigation (to the first route), in this order
//   eventLink  i18n key of its link on an event's admin page (routes under /admin/events/:id/)
export const kAdminPages = [
  {module: 'admin/dashboard', routes: [['/admin', 'dashboard']], role: 'staff', nav: 'admin.dashboard'},
  {module: 'admin_events', routes: [['/admin/events', 'eventList'], ['/admin/events/new', 'newEvent'], ['/admin/events/:id', 'eventEdit']], role: 'organizer', nav: 'admin.events'},
  {module: 'admin/event_lists', routes: [['/admin/events/:id/orders', 'orders']], role: 'staff', eventLink: 'admin.orders'},
  {module: 'admin/event_lists', routes: [['/admin/events/:id/attendees', 'attendees']], role: 'staff', eventLink: 'admin.attendees'},
  {module: 'draws_admin', routes: [['/admin/events/:id/draws', 'eventDraws']], role: 'organizer', eventLink: 'draws.title'},
  {module: 'competitions_admin', routes: [['/admin/events/:id/competitions', 'eventCompetitions']], role: 'organizer', eventLink: 'competitions.title'},
  {module: 'competitions_admin', routes: [['/admin/competitions/:id', 'competitionPage']], role: 'staff'},
  {module: 'admin/sessions', routes: [['/admin/events/:id/sessions', 'sessions']], role: 'organizer', eventLink: 'programme.editor'},
  {module: 'admin/sessions', routes: [['/admin/events/:id/sessions/:sid', 'registrations']], role: 'staff'},
  {module: 'nominations_admin', routes: [['/admin/events/:id/nominations', 'eventNominations']], role: 'organizer', eventLink: 'nominations.title'},
  {module: 'campaigns_admin', routes: [['/admin/events/:id/campaigns', 'eventCampaigns']], role: 'organizer', eventLink: 'campaigns.title'},
  {module: null, routes: [['/staff/payments']], role: 'staff', nav: 'nav.payments'},
  {module: null, routes: [['/staff/lookup']], role: 'staff', nav: 'lookup.title'},
  {module: 'admin/users', routes: [['/admin/users', 'users']], role: 'admin', nav: 'admin.users'},
  {module: 'admin/applications', routes: [['/admin/applications', 'applications']], role: 'admin', nav: 'admin.applications'},
  {module: 'admin/mail_outbox', routes: [['/admin/mail', 'outbox']], role: 'admin', nav: 'admin.outbox'},
  {module: 'admin/mail_templates', routes: [['/admin/mail/templates', 'templates'], ['/admin/mail/templates/:kind', 'template']], role: 'admin', nav: 'admin.templates'},
  {module: 'admin/settings', routes: [['/admin/settings', 'settings']], role: 'admin', nav: 'admin.settings'},
  {module: 'admin/audit', routes: [['/admin/audit', 'audit']], role: 'admin', nav: 'admin.audit'},
  {module: 'admin/backups', routes: [['/admin/backups', 'backups']], role: 'admin', nav: 'admin.backups'},
];

// The router's rows for the admin pages: [pattern, module, export, role].
export function adminRoutes() {
  return kAdminPages.filter((p) => p.module).flatMap((p) =>
    p.routes.map(([pattern, name, role]) => [pattern, p.module, name, role || p.role]));
}

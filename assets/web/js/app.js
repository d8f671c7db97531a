// Bootstraps the page shell: public settings, the language catalogue, the header, the router.

import {h, replace} from './dom.js';
import {initI18n, t, setLanguage, currentLanguage, availableLanguages} from './i18n.js';
import {currentUser, hasRole, logout, setAuthHooks, accessToken, refreshMe} from './api.js';
import {startRouter, navigate, loginUrl, setAfterRender} from './router.js';
import {setSiteName, siteName} from './ui.js';

async function loadPublicSettings() {
  try {
    const res = await fetch('/api/v1/settings/public', {headers: {Accept: 'application/json'}});
    if (res.ok) return await res.json();
  } catch (e) {
    // The pages still work with the defaults when the server is older or unreachable.
  }
  return {};
}

function navLink(href, label) {
  const here = location.pathname === href || (href !== '/' && location.pathname.startsWith(href + '/'));
  return h('li', null, h('a', {href, 'aria-current': here ? 'page' : null}, label));
}

function renderHeader() {
  const header = document.getElementById('site-header');
  const user = currentUser();
  const links = [navLink('/', t('nav.events'))];
  if (user) {
    links.push(navLink('/account/tickets', t('nav.tickets')));
    links.push(navLink('/account/orders', t('nav.orders')));
    links.push(navLink('/account/draws', t('draws.my_draws')));
    links.push(navLink('/account/teams', t('nav.teams')));
    links.push(navLink('/account/agenda', t('programme.my_agenda')));
  }
  if (hasRole('staff', user)) {
    links.push(navLink('/staff/payments', t('nav.payments')));
    links.push(navLink('/staff/scan', t('nav.scan')));
  }
  if (hasRole('staff', user)) links.push(navLink('/admin', t('nav.admin')));
  if (user) {
    links.push(navLink('/account/profile', t('nav.profile')));
    links.push(h('li', null, h('button', {
      type: 'button', class: 'linklike',
      onclick: async () => { await logout(); navigate('/'); },
    }, t('nav.sign_out'))));
  } else {
    links.push(navLink('/account/login', t('nav.sign_in')));
    links.push(navLink('/account/register', t('nav.sign_up')));
  }

  const langSelect = h('select', {id: 'lang-switch', 'aria-label': t('nav.language'),
    onchange: (ev) => { setLanguage(ev.target.value); location.reload(); }},
  // Short names (EN, ID) keep the switch beside the menu button in a phone's header; the full
  // name is the option's title.
  availableLanguages().map((l) => h('option', {value: l.code, selected: l.code === currentLanguage(), lang: l.code, title: l.name}, l.code.toUpperCase())));

  const menu = h('ul', {class: 'nav-links', id: 'nav-links'}, links);
  const toggle = h('button', {type: 'button', class: 'nav-toggle', 'aria-expanded': 'false',
    'aria-controls': 'nav-links', onclick: () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('open', open);
    }}, t('nav.menu'));

  replace(header,
    h('div', {class: 'bar'},
      h('a', {class: 'brand', href: '/'}, siteName()),
      toggle,
      h('nav', {'aria-label': t('nav.main')}, menu),
      h('div', {class: 'lang'}, h('label', {for: 'lang-switch', class: 'sr-only'}, t('nav.language')), langSelect)));
}

async function main() {
  const settings = await loadPublicSettings();
  await initI18n(settings);
  setSiteName(settings.site_name);
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('nav.skip');
  setAuthHooks({
    userChanged: () => renderHeader(),
    signedOut: () => {
      if (!location.pathname.startsWith('/account/login')) navigate(loginUrl(), {replace: true});
    },
  });
  setAfterRender(() => {
    renderHeader();
  });
  renderHeader();
  startRouter();
  if (accessToken()) refreshMe();
}

main();

// Route hooks for the prize-draw screens: /draws/{id}/live (projector) and /draws/{id}/verify.
// A minimal rendering of the draw and its proof; the full screens replace `live` and `verify`.

import {h, replace} from '../dom.js';
import {t} from '../i18n.js';
import {get} from '../api.js';
import {pageTitle, loading, errorBox, badge, definitionList} from '../ui.js';

async function loadDraw(ctx) {
  replace(ctx.main, loading());
  try {
    return await get(`/draws/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('draws.title')), errorBox(err));
    return null;
  }
}

function drawFacts(d) {
  return definitionList([
    [t('common.status'), badge(d.status, 'draw_status')],
    [t('draws.commitment'), h('code', {class: 'break'}, d.commitment || '')],
    d.seed ? [t('draws.seed'), h('code', {class: 'break'}, d.seed)] : null,
    d.entrants_hash ? [t('draws.entrants_hash'), h('code', {class: 'break'}, d.entrants_hash)] : null,
  ]);
}

function winners(d) {
  const list = d.winners || [];
  if (!list.length) return null;
  return h('section', {class: 'section'}, h('h2', null, t('draws.winners')),
    h('ol', {class: 'winners'}, list.map((w) => h('li', null, w.display_name || w.name || '', w.prize ? ` — ${w.prize}` : ''))));
}

export async function live(ctx) {
  const d = await loadDraw(ctx);
  if (!d || !ctx.current) return;
  replace(ctx.main, h('div', {class: 'draw-live'}, pageTitle(d.title), drawFacts(d), winners(d),
    h('p', null, h('a', {href: `/draws/${d.id}/verify`}, t('draws.verify')))));
}

export async function verify(ctx) {
  const d = await loadDraw(ctx);
  if (!d || !ctx.current) return;
  let proof = null;
  if (d.status !== 'open') proof = await get(`/draws/${d.id}/proof`).catch(() => null);
  if (!ctx.current) return;
  replace(ctx.main, pageTitle(t('draws.verify_title', {title: d.title})), drawFacts(d), winners(d),
    proof ? h('details', {class: 'section'}, h('summary', null, t('draws.proof')), h('pre', {class: 'break'}, JSON.stringify(proof, null, 2))) : null);
}

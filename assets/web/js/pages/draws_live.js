// /draws/{id}/live: the full-screen draw for a projector. Before the draw it shows the
// commitment (the fingerprint of the secret seed, fixed before anyone could know the entrants)
// and how many people take part; when the draw happens (performed here by the organizer, or
// anywhere else: the screen polls) it plays a short animation over the frozen entrants, reveals
// the winners one by one (first name and initial only), then shows the proof's hashes with a
// check, made in this browser, that the revealed seed matches the commitment.
//
// The root element carries data-state = waiting | drawing | drawn, for tests and styles.

import {h, replace, clear} from '../dom.js';
import {t} from '../i18n.js';
import {get, post} from '../api.js';
import {pageTitle, loading, errorBox, actionButton, toast, errorText} from '../ui.js';
import {drawCommitment} from '../lanyard-draw-v1.js';
import {useDrawStyles, loadDrawAndEvent, getDraw, rolesFor, prizeSummary, eligibilityText,
  hashCode} from './draws_common.js';

const kPollMs = 2000;
const kRollMs = 2600;
const kRevealMs = 900;

function reducedMotion() {
  return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Winners and claims can change after the draw (claims, redraws): a cheap fingerprint.
function drawKey(d) {
  return JSON.stringify([d.status, d.entrant_count, (d.winners || []).map((w) => [w.slot, w.display_name, w.claimed])]);
}

export async function live(ctx) {
  useDrawStyles();
  replace(ctx.main, loading());
  let loaded;
  try {
    loaded = await loadDrawAndEvent(ctx.params.id);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('draws.live')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const {event} = loaded;
  let draw = loaded.draw;
  const roles = rolesFor(event);
  let left = false;
  let animating = false;
  let lastKey = drawKey(draw);
  const timers = new Set();
  ctx.onLeave(() => {
    left = true;
    for (const id of timers) clearInterval(id);
    document.body.classList.remove('draw-live-mode');
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  });
  document.body.classList.add('draw-live-mode');

  const stage = h('div', {class: 'draw-live-stage', 'aria-live': 'polite'});
  const proofBox = h('div', {class: 'draw-live-proof'});
  const controls = h('div', {class: 'draw-live-controls'});
  const root = h('div', {class: 'draw-live-screen', dataset: {state: 'waiting'}},
    h('div', {class: 'draw-live-head'},
      event ? h('p', {class: 'draw-live-event'}, event.title) : null,
      pageTitle(draw.title),
      h('p', {class: 'draw-live-prizes'}, prizeSummary(draw))),
    stage, proofBox, controls);
  replace(ctx.main, root);

  const fullscreenButton = h('button', {type: 'button', class: 'btn btn-small', onclick: () => {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else if (root.requestFullscreen) root.requestFullscreen().catch(() => {});
  }}, t('draws.fullscreen'));

  function renderControls() {
    const items = [fullscreenButton];
    if (roles.manage && draw.status === 'open' && !animating) {
      items.push(actionButton(t('draws.draw_now'), async () => {
        animating = true;
        renderControls();
        try {
          const result = await post(`/draws/${draw.id}/perform`, {});
          await showDraw(result, true);
        } catch (err) {
          animating = false;
          toast(errorText(err), 'error');
          renderControls();
        }
      }, 'btn btn-primary draw-now'));
    }
    items.push(h('a', {class: 'btn btn-small', href: `/draws/${draw.id}`}, t('draws.exit_live')));
    replace(controls, items);
  }

  function renderWaiting() {
    root.dataset.state = 'waiting';
    replace(stage,
      h('p', {class: 'draw-live-label'}, t('draws.commitment')),
      hashCode(draw.commitment, 'draw-live-commitment'),
      h('p', {class: 'draw-live-note'}, t('draws.commitment_hint')),
      h('p', {class: 'draw-live-count'}, t('draws.entrants_now', {count: draw.entrant_count ?? 0})),
      h('p', {class: 'draw-live-note'}, eligibilityText(draw)),
      h('p', {class: 'draw-live-waiting'}, t('draws.waiting')));
    clear(proofBox);
  }

  function winnerItems(hidden) {
    return (draw.winners || []).map((w) => h('li', {class: `draw-live-winner${hidden ? ' pending' : ''}`, dataset: {slot: String(w.slot)}},
      h('span', {class: 'draw-live-winner-prize'}, w.prize),
      h('span', {class: 'draw-live-winner-name'}, w.display_name),
      w.claimed ? h('span', {class: 'draw-live-claimed'}, t('draws.claimed')) : null,
      w.redrawn ? h('span', {class: 'draw-live-claimed'}, t('draws.redrawn')) : null));
  }

  async function renderProof() {
    // The check anyone in the room can make: SHA-256 of the revealed seed is the commitment
    // shown before the draw.
    let matches = false;
    try {
      matches = draw.seed ? (await drawCommitment(draw.seed)) === draw.commitment : false;
    } catch (e) {
      matches = null;  // no WebCrypto here (plain HTTP on a LAN address)
    }
    if (left) return;
    replace(proofBox,
      h('dl', {class: 'draw-live-hashes'},
        h('dt', null, t('draws.commitment')), h('dd', null, hashCode(draw.commitment)),
        h('dt', null, t('draws.seed')), h('dd', null, hashCode(draw.seed)),
        h('dt', null, t('draws.entrants_hash')), h('dd', null, hashCode(draw.entrants_hash)),
        h('dt', null, t('draws.entrant_count')), h('dd', null, String(draw.entrant_count ?? 0))),
      matches === null ? null : h('p', {class: `draw-live-check ${matches ? 'ok' : 'bad'}`},
        matches ? t('draws.seed_matches') : t('draws.seed_mismatch')),
      h('p', {class: 'draw-live-note'}, t('draws.verify_at', {url: `${location.origin}/draws/${draw.id}/verify`})));
  }

  function renderDrawn(hidden = false) {
    root.dataset.state = 'drawn';
    const list = h('ol', {class: 'draw-live-winners'}, winnerItems(hidden));
    replace(stage, h('p', {class: 'draw-live-label'}, t('draws.winners')),
      (draw.winners || []).length ? list : h('p', {class: 'draw-live-note'}, t('common.none')));
    renderProof();
    return list;
  }

  // The animation: entrant numbers from the proof roll by, then the winners appear in turn.
  async function animate() {
    root.dataset.state = 'drawing';
    const roller = h('div', {class: 'draw-live-roller', role: 'img', 'aria-label': t('draws.drawing')}, '…');
    replace(stage, h('p', {class: 'draw-live-label'}, t('draws.drawing')), roller);
    clear(proofBox);
    let ids = [];
    try {
      ids = (await get(`/draws/${draw.id}/proof`)).entrants || [];
    } catch (e) {
      ids = [];
    }
    if (!reducedMotion()) {
      const roll = setInterval(() => {
        const pick = ids.length ? ids[Math.floor(Math.random() * ids.length)] : Math.floor(Math.random() * 10000);
        roller.textContent = `#${pick}`;
      }, 70);
      timers.add(roll);
      await sleep(kRollMs);
      clearInterval(roll);
      timers.delete(roll);
    }
    if (left) return;
    const list = renderDrawn(true);
    root.dataset.state = 'revealing';
    for (const item of list.children) {
      if (!reducedMotion()) await sleep(kRevealMs);
      if (left) return;
      item.classList.remove('pending');
    }
    root.dataset.state = 'drawn';
  }

  async function showDraw(next, withAnimation) {
    draw = next;
    lastKey = drawKey(next);
    animating = true;
    renderControls();
    if (withAnimation) await animate();
    else renderDrawn();
    animating = false;
    renderControls();
  }

  if (draw.status === 'open') renderWaiting();
  else renderDrawn();
  renderControls();

  const poll = setInterval(async () => {
    if (left || animating) return;
    let next;
    try {
      next = await getDraw(draw.id);
    } catch (e) {
      return;
    }
    if (left || animating) return;
    if (drawKey(next) === lastKey) return;
    const wasOpen = draw.status === 'open';
    if (next.status === 'open') {
      draw = next;
      lastKey = drawKey(next);
      renderWaiting();
    } else {
      await showDraw(next, wasOpen);
    }
  }, kPollMs);
  timers.add(poll);
}

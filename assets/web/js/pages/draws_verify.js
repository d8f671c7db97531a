// /draws/{id}/verify: the public check of a draw. It fetches the proof and recomputes it in
// this browser with lanyard-draw-v1.js (an implementation independent of the server's), then
// says whether it matches and, if not, what differs. A proof can also be pasted or opened from
// a file, so a proof kept from the day can be checked against nothing but this page.
//
// Verdict elements carry data-result = ok | mismatch.

import {h, replace} from '../dom.js';
import {t} from '../i18n.js';
import {get} from '../api.js';
import {pageTitle, loading, errorBox, notice, errorText, definitionList, table} from '../ui.js';
import {verifyProof, ALGORITHM} from '../lanyard-draw-v1.js';
import {useDrawStyles, getDraw, hashCode, drawFacts} from './draws_common.js';

function hasWebCrypto() {
  return Boolean(globalThis.crypto && globalThis.crypto.subtle);
}

// The verdict for one proof; `published` is the commitment the draw showed before the draw.
async function verdict(proof, published) {
  const result = await verifyProof(proof);
  const differences = [...result.differences];
  if (published && proof && typeof proof === 'object' && proof.commitment !== published) {
    differences.push(t('draws.commitment_not_published'));
  }
  const ok = differences.length === 0;
  const box = h('div', {class: `draw-verdict ${ok ? 'ok' : 'bad'}`, role: 'status', dataset: {result: ok ? 'ok' : 'mismatch'}},
    h('p', {class: 'draw-verdict-title'}, ok ? t('draws.verify_ok') : t('draws.verify_mismatch')),
    ok ? h('p', null, t('draws.verify_ok_text')) :
      h('ul', {class: 'draw-differences'}, differences.map((d) => h('li', null, d))));
  return {ok, box};
}

function proofDetails(proof) {
  if (!proof || typeof proof !== 'object') return null;
  const winners = Array.isArray(proof.winners) ? proof.winners : [];
  const redraws = Array.isArray(proof.redraws) ? proof.redraws : [];
  return h('section', {class: 'section'}, h('h2', null, t('draws.proof')),
    definitionList([
      [t('draws.algorithm'), String(proof.algorithm ?? '')],
      [t('draws.seed'), hashCode(String(proof.seed ?? ''))],
      [t('draws.commitment'), hashCode(String(proof.commitment ?? ''))],
      [t('draws.entrant_count'), String(Array.isArray(proof.entrants) ? proof.entrants.length : 0)],
      [t('draws.entrants_hash'), hashCode(String(proof.entrants_hash ?? ''))],
    ]),
    table([t('draws.position'), t('draws.prize'), t('draws.entrant')],
      winners.map((w) => [String(w && w.position), String(w && w.prize), `#${w && w.user_id}`])),
    redraws.length ? [h('h3', null, t('draws.redraws')),
      table([t('draws.position'), t('draws.prize'), t('draws.entrant'), t('draws.replaced')],
        redraws.map((r) => [String(r && r.position), String(r && r.prize), `#${r && r.user_id}`, `#${r && r.replaced_user_id}`]))] : null,
    h('details', null, h('summary', null, t('draws.raw_proof')), h('pre', {class: 'break draw-raw'}, JSON.stringify(proof, null, 2))));
}

// Paste or open a proof and check it here.
function pasteSection() {
  const out = h('div', {class: 'draw-paste-result', 'aria-live': 'polite'});
  const area = h('textarea', {id: 'draw-proof-text', name: 'proof', rows: 8, class: 'mono', spellcheck: 'false'});
  const file = h('input', {id: 'draw-proof-file', type: 'file', accept: 'application/json,.json'});
  file.addEventListener('change', async () => {
    if (file.files && file.files[0]) area.value = await file.files[0].text();
  });
  const run = async (ev) => {
    ev.preventDefault();
    let proof;
    try {
      proof = JSON.parse(area.value);
    } catch (e) {
      replace(out, h('div', {class: 'draw-verdict bad', role: 'status', dataset: {result: 'mismatch'}},
        h('p', {class: 'draw-verdict-title'}, t('draws.verify_mismatch')), h('p', null, t('draws.not_json'))));
      return;
    }
    const {box} = await verdict(proof, null);
    replace(out, box, proofDetails(proof));
  };
  return h('section', {class: 'section'}, h('h2', null, t('draws.check_yourself')),
    h('form', {class: 'form', onsubmit: run},
      h('div', {class: 'field'}, h('label', {for: 'draw-proof-text'}, t('draws.paste_proof')), area),
      h('div', {class: 'field'}, h('label', {for: 'draw-proof-file'}, t('draws.open_proof')), file),
      h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'btn btn-primary'}, t('draws.verify_button')))),
    out);
}

export async function verify(ctx) {
  useDrawStyles();
  replace(ctx.main, loading());
  const intro = h('p', null, t('draws.verify_intro', {algorithm: ALGORITHM}));
  const noCrypto = hasWebCrypto() ? null : notice('warn', t('draws.no_webcrypto'));
  let draw;
  try {
    draw = await getDraw(ctx.params.id);
  } catch (err) {
    if (!ctx.current) return;
    replace(ctx.main, pageTitle(t('draws.verify')), intro, noCrypto, errorBox(err), hasWebCrypto() ? pasteSection() : null);
    return;
  }
  if (!ctx.current) return;
  const parts = [pageTitle(t('draws.verify_title', {title: draw.title})), intro, noCrypto];
  if (!draw.drawn_at) {
    parts.push(notice('info', t('draws.not_drawn_yet')), drawFacts(draw));
  } else if (hasWebCrypto()) {
    try {
      const proof = await get(`/draws/${draw.id}/proof`);
      const {box} = await verdict(proof, draw.commitment);
      parts.push(box,
        h('p', null, h('a', {href: `/api/v1/draws/${draw.id}/proof`, download: `draw-${draw.id}-proof.json`}, t('draws.download_proof')),
          ' · ', t('draws.cli_hint')),
        proofDetails(proof));
    } catch (err) {
      parts.push(notice('error', errorText(err)));
    }
  } else {
    parts.push(h('p', null, h('a', {href: `/api/v1/draws/${draw.id}/proof`, download: `draw-${draw.id}-proof.json`}, t('draws.download_proof'))));
  }
  parts.push(h('p', null, h('a', {href: `/draws/${draw.id}`}, t('draws.back_to_draw'))));
  if (hasWebCrypto()) parts.push(pasteSection());
  if (!ctx.current) return;
  replace(ctx.main, ...parts);
}

// The browser implementation of lanyard-draw-v1 (assets/web/js/lanyard-draw-v1.js) against the
// shared vectors that the C++ implementation also passes. Needs only Node 20 (WebCrypto) and no
// server: run with `node --test tests/e2e/draw_algorithm.test.mjs` from the repository root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const draw = await import(new URL('../../assets/web/js/lanyard-draw-v1.js', import.meta.url));
const vectors = JSON.parse(
  await readFile(new URL('../fixtures/draw_vectors.json', import.meta.url), 'utf8'),
);

test('vectors file is for lanyard-draw-v1', () => {
  assert.equal(vectors.algorithm, 'lanyard-draw-v1');
  assert.equal(draw.ALGORITHM, 'lanyard-draw-v1');
  assert.ok(vectors.sequences.length >= 5);
  assert.ok(vectors.proofs.length >= 10);
});

for (const v of vectors.sequences) {
  test(`sequence: ${v.name}`, async () => {
    assert.equal(await draw.drawCommitment(v.seed), v.commitment);
    assert.equal(await draw.entrantsHash(v.entrants), v.entrants_hash);
    assert.deepEqual(await draw.drawSequence(v.seed, v.entrants, v.count), v.sequence);
    // A prefix of the sequence is the shorter draw.
    const short = Math.min(3, v.count);
    assert.deepEqual(await draw.drawSequence(v.seed, v.entrants, short), v.sequence.slice(0, short));
  });
}

for (const p of vectors.proofs) {
  test(`proof: ${p.name}`, async () => {
    const result = await draw.verifyProof(p.proof);
    assert.deepEqual(result, { ok: p.ok, differences: p.differences });
  });
}

test('empty entrant list hashes the empty string', async () => {
  assert.equal(
    await draw.entrantsHash([]),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(await draw.entrantsHash([3, 17, 42]), await draw.sha256Hex('3,17,42'));
});

test('tampering with a valid proof is found and named', async () => {
  const valid = vectors.proofs.find((p) => p.name === 'valid: worked example with three redraws');
  assert.ok(valid);
  const proof = structuredClone(valid.proof);
  assert.deepEqual(await draw.verifyProof(proof), { ok: true, differences: [] });

  const swapped = structuredClone(proof);
  [swapped.winners[0].user_id, swapped.winners[1].user_id] = [
    swapped.winners[1].user_id,
    swapped.winners[0].user_id,
  ];
  assert.deepEqual((await draw.verifyProof(swapped)).differences, [
    'winner 1 should be user 108, proof says 17',
    'winner 2 should be user 17, proof says 108',
  ]);

  const reseeded = structuredClone(proof);
  reseeded.seed = '00'.repeat(32);
  const r = await draw.verifyProof(reseeded);
  assert.equal(r.ok, false);
  assert.equal(r.differences[0], 'commitment does not match the seed');

  const fewer = structuredClone(proof);
  fewer.entrants = fewer.entrants.filter((id) => id !== 108);
  const f = await draw.verifyProof(fewer);
  assert.equal(f.ok, false);
  assert.equal(f.differences[0], 'entrants_hash does not match the entrants');

  const recommitted = structuredClone(proof);
  recommitted.commitment = 'f'.repeat(64);
  assert.deepEqual((await draw.verifyProof(recommitted)).differences, [
    'commitment does not match the seed',
  ]);

  const redrawn = structuredClone(proof);
  redrawn.redraws[0].user_id = 42;
  assert.deepEqual((await draw.verifyProof(redrawn)).differences, [
    'redraw 1 should be user 7777, proof says 42',
  ]);
});

test('malformed input never throws', async () => {
  const inputs = [undefined, null, 0, 'x', [], {}, { winners: 'x' }, { entrants: [{}] },
    { prizes: [null, 1, 'a'] }, { seed: 'zz', entrants: [1], prizes: [], winners: [] }];
  for (const input of inputs) {
    const r = await draw.verifyProof(input);
    assert.equal(r.ok, false);
    assert.ok(r.differences.length > 0);
  }
});

test('uniformBelow rejects the incomplete last block', async () => {
  const feed = (words) => {
    const queue = [...words];
    return async () => queue.shift();
  };
  const m = (1n << 63n) + 1n; // 2^64 mod m = 2^63 - 1: values above 2^63 are rejected
  assert.equal(await draw.uniformBelow(feed([(1n << 64n) - 1n, 5n]), m), 5n);
  assert.equal(await draw.uniformBelow(feed([(1n << 63n) + 1n, 7n]), m), 7n);
  assert.equal(await draw.uniformBelow(feed([1n << 63n]), m), 1n << 63n);
  assert.equal(await draw.uniformBelow(feed([(1n << 64n) - 1n]), 1n), 0n);
  assert.equal(await draw.uniformBelow(feed([(1n << 64n) - 1n]), 1n << 32n), (1n << 32n) - 1n);
});

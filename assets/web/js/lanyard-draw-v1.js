// lanyard-draw-v1: an independent implementation of Lanyard's prize draw algorithm, used by the
// public verification page to check a draw proof in the browser. No dependencies: WebCrypto for
// SHA-256, BigInt for the 64-bit arithmetic. The definition is docs/draw-algorithm.md; the
// server's implementation is core/draw_algorithm.cpp. Both must produce the same sequences and
// the same differences, word for word (tests/fixtures/draw_vectors.json checks that).

export const ALGORITHM = 'lanyard-draw-v1';
export const MAX_USER_ID = Number.MAX_SAFE_INTEGER; // 2^53 - 1
export const MAX_PRIZE_UNITS = 100000;
const MAX_LISTED_DIFFERENCES = 100;
const TWO_64 = 1n << 64n;

const textEncoder = new TextEncoder();

async function sha256(bytes) {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

function toHex(bytes) {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function isLowerHex64(value) {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

function hexToBytes(hexText) {
  const out = new Uint8Array(hexText.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hexText.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lowercase hex SHA-256 of a string (UTF-8) or bytes. */
export async function sha256Hex(data) {
  return toHex(await sha256(typeof data === 'string' ? textEncoder.encode(data) : data));
}

/** commitment = hex(SHA-256(seed bytes)); `seedHex` is the published 64-character seed. */
export async function drawCommitment(seedHex) {
  return sha256Hex(hexToBytes(seedHex));
}

/** hex(SHA-256 of the ids in decimal joined with ",") for ascending, unique ids. */
export async function entrantsHash(sortedEntrants) {
  return sha256Hex(sortedEntrants.map((id) => String(id)).join(','));
}

/** The algorithm's word source: 64-bit big-endian words of SHA-256(seed || hash || u64be(i)). */
function wordStream(seedBytes, entrantsHashHex) {
  const hashBytes = textEncoder.encode(entrantsHashHex);
  const input = new Uint8Array(seedBytes.length + hashBytes.length + 8);
  input.set(seedBytes, 0);
  input.set(hashBytes, seedBytes.length);
  const counterView = new DataView(input.buffer, seedBytes.length + hashBytes.length, 8);
  let counter = 0n;
  let block = null;
  let offset = 32;
  return async function next() {
    if (offset === 32) {
      counterView.setBigUint64(0, counter, false);
      counter += 1n;
      block = new DataView((await sha256(input)).buffer);
      offset = 0;
    }
    const v = block.getBigUint64(offset, false);
    offset += 8;
    return v;
  };
}

/** uniform(m): rejection sampling over 64-bit words, then v mod m (m a BigInt >= 1n). */
export async function uniformBelow(nextWord, m) {
  const rem = TWO_64 % m;
  const maxAccepted = TWO_64 - 1n - rem;
  for (;;) {
    const v = await nextWord();
    if (v <= maxAccepted) return v % m;
  }
}

/** The first min(count, n) entries of the draw sequence. */
export async function drawSequence(seedHex, sortedEntrants, count) {
  const n = sortedEntrants.length;
  const take = Math.min(count, n);
  const next = wordStream(hexToBytes(seedHex), await entrantsHash(sortedEntrants));
  const pool = sortedEntrants.slice();
  for (let k = 0; k < take; k++) {
    const j = k + Number(await uniformBelow(next, BigInt(n - k)));
    const t = pool[k];
    pool[k] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, take);
}

// --- Proof verification (same checks, order and wording as VerifyDrawProof in C++) ---

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function member(obj, key) {
  if (!isObject(obj) || !Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return obj[key];
}

function safeInteger(v) {
  return typeof v === 'number' && Number.isSafeInteger(v) ? (v === 0 ? 0 : v) : null;
}

function describe(v) {
  if (v === undefined) return 'nothing';
  const i = safeInteger(v);
  if (i !== null) return String(i);
  if (typeof v === 'string') return `"${v}"`;
  return 'an invalid value';
}

/**
 * Recomputes a proof {algorithm, seed, commitment, entrants, entrants_hash, prizes, winners,
 * redraws?}. Returns {ok, differences}; never throws on malformed input.
 */
export async function verifyProof(proof) {
  const listed = [];
  let more = 0;
  const add = (text) => {
    if (listed.length < MAX_LISTED_DIFFERENCES) listed.push(text);
    else more++;
  };
  const finish = () => {
    if (more > 0) listed.push(`and ${more} more differences`);
    return { ok: listed.length === 0, differences: listed };
  };

  if (!isObject(proof)) {
    add('proof is not a JSON object');
    return finish();
  }

  if (member(proof, 'algorithm') !== ALGORITHM) add(`algorithm is not "${ALGORITHM}"`);

  const seed = member(proof, 'seed');
  const seedOk = isLowerHex64(seed);
  if (!seedOk) add('seed is missing or not 64 lowercase hex characters');
  const commitment = member(proof, 'commitment');
  if (typeof commitment !== 'string') {
    add('commitment is missing or not a string');
  } else if (seedOk && commitment !== (await drawCommitment(seed))) {
    add('commitment does not match the seed');
  }

  const entrantsJson = member(proof, 'entrants');
  const entrants = [];
  let entrantsOk = Array.isArray(entrantsJson);
  if (!entrantsOk) {
    add('entrants is missing or not a list');
  } else {
    for (let i = 0; i < entrantsJson.length; i++) {
      const id = safeInteger(entrantsJson[i]);
      if (id === null || id < 1) {
        add(`entrant ${i + 1} is not a positive integer`);
        entrantsOk = false;
        break;
      }
      if (entrants.length > 0 && id <= entrants[entrants.length - 1]) {
        add(`entrants are not in strictly ascending order (entrant ${i + 1})`);
        entrantsOk = false;
        break;
      }
      entrants.push(id);
    }
  }
  const computedHash = entrantsOk ? await entrantsHash(entrants) : '';
  const claimedHash = member(proof, 'entrants_hash');
  if (typeof claimedHash !== 'string') {
    add('entrants_hash is missing or not a string');
  } else if (entrantsOk && claimedHash !== computedHash) {
    add('entrants_hash does not match the entrants');
  }

  const prizesJson = member(proof, 'prizes');
  const slots = [];
  let prizesOk = Array.isArray(prizesJson);
  if (!prizesOk) {
    add('prizes is missing or not a list');
  } else {
    let total = 0;
    for (let i = 0; i < prizesJson.length; i++) {
      const prize = prizesJson[i];
      const name = member(prize, 'name');
      const quantity = safeInteger(member(prize, 'quantity'));
      if (typeof name !== 'string') {
        add(`prize ${i + 1} has no name`);
        prizesOk = false;
      }
      if (quantity === null || quantity < 1 || quantity > MAX_PRIZE_UNITS) {
        add(`prize ${i + 1} has an invalid quantity`);
        prizesOk = false;
      }
      if (!prizesOk) continue;
      total += quantity;
      if (total > MAX_PRIZE_UNITS) {
        add(`prizes have more than ${MAX_PRIZE_UNITS} units in total`);
        prizesOk = false;
        break;
      }
      for (let q = 0; q < quantity; q++) slots.push(name);
    }
  }

  const winners = member(proof, 'winners');
  const winnersOk = Array.isArray(winners);
  if (!winnersOk) add('winners is missing or not a list');
  const redraws = member(proof, 'redraws'); // optional
  const redrawsOk = redraws === undefined || Array.isArray(redraws);
  if (!redrawsOk) add('redraws is not a list');
  if (!seedOk || !entrantsOk || !prizesOk) return finish();

  const n = entrants.length;
  const firstCount = Math.min(slots.length, n);
  const redrawCount = redrawsOk && redraws !== undefined ? redraws.length : 0;
  const sequence = await drawSequence(seed, entrants, firstCount + redrawCount);

  if (winnersOk) {
    if (winners.length !== firstCount) {
      add(`proof lists ${winners.length} winners, expected ${firstCount}`);
    }
    for (let i = 0; i < Math.min(winners.length, firstCount); i++) {
      const w = winners[i];
      const label = `winner ${i + 1}`;
      if (!isObject(w)) {
        add(`${label} is not an object`);
        continue;
      }
      const position = member(w, 'position');
      if (safeInteger(position) !== i + 1) {
        add(`${label} should be at position ${i + 1}, proof says ${describe(position)}`);
      }
      const prize = member(w, 'prize');
      if (prize !== slots[i]) {
        add(`${label} should have prize "${slots[i]}", proof says ${describe(prize)}`);
      }
      const user = member(w, 'user_id');
      if (safeInteger(user) !== sequence[i]) {
        add(`${label} should be user ${sequence[i]}, proof says ${describe(user)}`);
      }
    }
  }

  if (redrawsOk && redraws !== undefined) {
    const holders = sequence.slice(0, firstCount);
    for (let r = 0; r < redraws.length; r++) {
      const rd = redraws[r];
      const label = `redraw ${r + 1}`;
      const position = firstCount + r + 1;
      if (!isObject(rd)) {
        add(`${label} is not an object`);
        continue;
      }
      if (position > n) {
        add(`${label} has no entrant left in the sequence`);
        continue;
      }
      const expectedUser = sequence[position - 1];
      const slotJson = member(rd, 'slot');
      const slot = safeInteger(slotJson);
      if (slot === null || slot < 1 || slot > firstCount) {
        add(`${label} names no valid slot, proof says ${describe(slotJson)}`);
      } else {
        const prize = member(rd, 'prize');
        if (prize !== slots[slot - 1]) {
          add(`${label} should have prize "${slots[slot - 1]}", proof says ${describe(prize)}`);
        }
        const replaced = member(rd, 'replaced_user_id');
        if (safeInteger(replaced) !== holders[slot - 1]) {
          add(`${label} should replace user ${holders[slot - 1]}, proof says ${describe(replaced)}`);
        }
        holders[slot - 1] = expectedUser;
      }
      const positionJson = member(rd, 'position');
      if (safeInteger(positionJson) !== position) {
        add(`${label} should be at position ${position}, proof says ${describe(positionJson)}`);
      }
      const user = member(rd, 'user_id');
      if (safeInteger(user) !== expectedUser) {
        add(`${label} should be user ${expectedUser}, proof says ${describe(user)}`);
      }
    }
  }
  return finish();
}

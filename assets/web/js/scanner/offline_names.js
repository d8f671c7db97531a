// Holder names for offline answers, kept encrypted on the device (GET /events/{id}/offline-names,
// core/checkin/offline_names.h): each entry is found and opened only with the ticket's own code,
// through SHA-256 (one-way), so a lost phone reveals a name only for a code that is scanned.

import {base64UrlEncode, base64UrlDecode} from './offline_code.js';

const kEncoder = new TextEncoder();

async function sha256(text) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', kEncoder.encode(text)));
}

// The list's index for a code: base64url of the first 16 bytes of SHA-256.
export async function nameIndex(code) {
  return base64UrlEncode((await sha256(`lanyard-name-index-v1:${code}`)).subarray(0, 16));
}

// {name, type} from the entry `sealed` (base64url of iv || ciphertext || tag), or null.
export async function openName(code, sealed) {
  try {
    const bytes = base64UrlDecode(sealed || '');
    if (!bytes || bytes.length < 28) return null;
    const key = await crypto.subtle.importKey('raw', await sha256(`lanyard-name-key-v1:${code}`), {name: 'AES-GCM'}, false, ['decrypt']);
    const plain = await crypto.subtle.decrypt({name: 'AES-GCM', iv: bytes.subarray(0, 12)}, key, bytes.subarray(12));
    return JSON.parse(new TextDecoder().decode(plain));
  } catch (e) {
    return null;
  }
}

// The holder of a scanned code from a names list ({index: sealed}), or null.
export async function holderOf(code, names) {
  if (!names) return null;
  const sealed = names[await nameIndex(code)];
  return sealed ? openName(code, sealed) : null;
}

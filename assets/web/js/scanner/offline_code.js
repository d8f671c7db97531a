// Ticket codes checked on the device, with nothing but the public key (core/checkin/ticket_code.h
// is the reference): "L1" + base64url(payload || Ed25519 signature), payload = uvarint(ticket id)
// || uvarint(event id) || 8 random bytes, signed over "lanyard-ticket-code-v1:" || payload.
// Verification uses WebCrypto's Ed25519 (Chromium 137+, Firefox 129+, Safari 17+); a browser
// without it cannot check codes offline and says so (scanner/offline_door.js).

const kPrefix = 'L1';
const kMaxLength = 120;
const kSignatureBytes = 64;
const kNonceBytes = 8;
const kMaxVarintBytes = 8;
const kMaxId = 2 ** 53 - 1;
const kContext = new TextEncoder().encode('lanyard-ticket-code-v1:');
const kAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Canonical base64url without padding → bytes, or null (any other character, a length no
// encoding produces, or spare low bits that are not zero).
export function base64UrlDecode(text) {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length * 3 / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const ch of text) {
    const v = kAlphabet.indexOf(ch);
    if (v < 0) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
  if (value !== 0) return null;
  return out;
}

export function base64UrlEncode(bytes) {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(value >> bits) & 63];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += kAlphabet[(value << (6 - bits)) & 63];
  return out;
}

// A minimal-length unsigned LEB128 number at bytes[pos] → {value, pos}, or null.
function readUvarint(bytes, pos) {
  let value = 0;
  for (let i = 0; i < kMaxVarintBytes; i++) {
    if (pos >= bytes.length) return null;
    const byte = bytes[pos++];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (!(byte & 0x80)) {
      if (i > 0 && byte === 0) return null;
      return {value, pos};
    }
  }
  return null;
}

// The ids a well-formed code names, with the bytes to verify: {ticketId, eventId, payload,
// signature}, or null. The signature is NOT checked here.
export function readTicketCode(code) {
  if (typeof code !== 'string' || code.length > kMaxLength || !code.startsWith(kPrefix)) return null;
  const blob = base64UrlDecode(code.slice(kPrefix.length));
  if (!blob || blob.length < kSignatureBytes + kNonceBytes + 2) return null;
  const payload = blob.subarray(0, blob.length - kSignatureBytes);
  const ticket = readUvarint(payload, 0);
  if (!ticket) return null;
  const event = readUvarint(payload, ticket.pos);
  if (!event) return null;
  if (payload.length - event.pos !== kNonceBytes) return null;
  const valid = (id) => id >= 1 && id <= kMaxId;
  if (!valid(ticket.value) || !valid(event.value)) return null;
  return {ticketId: ticket.value, eventId: event.value, payload, signature: blob.subarray(blob.length - kSignatureBytes)};
}

// Whether this browser verifies Ed25519 signatures.
export function canVerify() {
  return !!(globalThis.crypto && crypto.subtle && crypto.subtle.verify);
}

// GET /checkin/keys entries → WebCrypto keys. Throws when the browser lacks Ed25519.
export async function importKeys(keys) {
  const out = [];
  for (const k of keys || []) {
    if (k.algorithm !== 'Ed25519') continue;
    const raw = base64UrlDecode(k.public_key || '');
    if (!raw || raw.length !== 32) continue;
    out.push(await crypto.subtle.importKey('raw', raw, {name: 'Ed25519'}, false, ['verify']));
  }
  return out;
}

// {ticketId, eventId} when one of `keys` signed the code, else null (malformed or forged).
export async function verifyTicketCode(code, keys) {
  const read = readTicketCode(code);
  if (!read) return null;
  const message = new Uint8Array(kContext.length + read.payload.length);
  message.set(kContext, 0);
  message.set(read.payload, kContext.length);
  for (const key of keys) {
    if (await crypto.subtle.verify({name: 'Ed25519'}, key, read.signature, message)) {
      return {ticketId: read.ticketId, eventId: read.eventId};
    }
  }
  return null;
}

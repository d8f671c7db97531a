// Typed references offline: what staff type when the camera cannot read a QR (a ticket
// reference "K7QX2M9A-2" or an order code "K7QX2M9A") resolved on the device, from the order
// entries of GET /events/{id}/offline-names (core/checkin/offline_orders.h is the reference).
// Each entry is found and opened only with its order code, through PBKDF2 (one-way and slow),
// so the device keeps no readable list of references or names. A typed reference is not proof
// of a genuine ticket the way a signed code is: the answer tells staff to check the name.

import {base64UrlEncode, base64UrlDecode} from './offline_code.js';

// core/orders/order_code.h: 8 characters, no look-alikes 0/O and 1/I.
const kOrderCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const kOrderCodeLength = 8;
const kEncoder = new TextEncoder();

function orderCodeOf(text) {
  if (text.length !== kOrderCodeLength) return null;
  const up = text.toUpperCase();
  for (const ch of up) if (!kOrderCodeAlphabet.includes(ch)) return null;
  return up;
}

// What staff typed, read as core/checkin/ticket_ref.cpp reads it (case and surrounding spaces
// do not matter; the separator may be "-", " " or "#") → {orderCode, number (null for a bare
// order code)}, or null when it is neither.
export function parseTyped(typed) {
  const s = String(typed || '').replace(/^[ \t]+|[ \t]+$/g, '');
  const bare = orderCodeOf(s);
  if (bare) return {orderCode: bare, number: null};
  if (s.length < kOrderCodeLength + 2 || s.length > kOrderCodeLength + 5) return null;
  if (!'- #'.includes(s[kOrderCodeLength])) return null;
  const orderCode = orderCodeOf(s.slice(0, kOrderCodeLength));
  const digits = s.slice(kOrderCodeLength + 1);
  if (!orderCode || !/^[1-9][0-9]*$/.test(digits)) return null;
  return {orderCode, number: Number(digits)};
}

// "K7QX2M9A-2".
export function formatRef(orderCode, number) { return `${orderCode}-${number}`; }

async function hmac(keyBytes, label) {
  const key = await crypto.subtle.importKey('raw', keyBytes, {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, kEncoder.encode(label)));
}

// The order entry of `orderCode` in `orders` ({kdf: {salt, iterations}, items: {index: sealed}})
// → {order, tickets: [{id, n, name, type}]}, or null when the device holds none for it.
export async function openOrder(orderCode, orders) {
  if (!orders || !orders.kdf || !orders.items) return null;
  try {
    const salt = base64UrlDecode(orders.kdf.salt || '');
    if (!salt) return null;
    const password = await crypto.subtle.importKey('raw', kEncoder.encode(orderCode), 'PBKDF2', false, ['deriveBits']);
    const d = new Uint8Array(await crypto.subtle.deriveBits(
      {name: 'PBKDF2', hash: 'SHA-256', salt, iterations: orders.kdf.iterations}, password, 256));
    const index = base64UrlEncode((await hmac(d, 'lanyard-order-index-v1')).subarray(0, 16));
    const sealed = base64UrlDecode(orders.items[index] || '');
    if (!sealed || sealed.length < 28) return null;
    const key = await crypto.subtle.importKey('raw', await hmac(d, 'lanyard-order-key-v1'), {name: 'AES-GCM'}, false, ['decrypt']);
    const plain = await crypto.subtle.decrypt({name: 'AES-GCM', iv: sealed.subarray(0, 12)}, key, sealed.subarray(12));
    const entry = JSON.parse(new TextDecoder().decode(plain));
    return entry && entry.order === orderCode && Array.isArray(entry.tickets) ? entry : null;
  } catch (e) {
    return null;
  }
}

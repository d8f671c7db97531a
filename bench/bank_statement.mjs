// Bank statement matching at scale: an event with 800 pending orders and a 1,000-line export
// of the bank account (600 exact transfers, 100 partial, 50 overpaid, 50 naming two orders,
// 100 without any order code, 100 debits), uploaded on the desk API, applied, then uploaded
// and applied again (nothing may be paid twice).
// Figures: match counts, upload+match time, apply time, the same for the second round.
//
//   LANYARD_BINARY=build/app/lanyard node bench/bank_statement.mjs
import assert from 'node:assert/strict';
import {startServer} from '../tests/e2e/lib/server.mjs';
import {Api} from '../tests/e2e/lib/api.mjs';

const kPassword = 'correct horse battery';
const server = await startServer();
try {
  const admin = new Api(server.url);
  await server.createAdmin('admin@example.test', kPassword);
  await admin.login('admin@example.test', kPassword);
  await admin.patch('/settings', {require_email_confirmation: false});
  const start = new Date(Date.now() + 20 * 86400e3);
  const event = await admin.post('/events', {title: 'Konferensi', venue: 'Aula', starts_at: start.toISOString().slice(0, 19) + 'Z',
    ends_at: new Date(start.getTime() + 8 * 3600e3).toISOString().slice(0, 19) + 'Z'});
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Regular', kind: 'paid', price: 150000, quota: 5000});
  await admin.post(`/events/${event.id}/submit`);
  const buyer = new Api(server.url);
  await buyer.post('/auth/register', {email: 'buyer@example.test', password: kPassword, name: 'Pembeli Banyak'}, {token: null});
  await buyer.login('buyer@example.test', kPassword);
  const codes = [];
  for (let i = 0; i < 800; i++) {
    codes.push((await buyer.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]})).code);
  }
  const rows = [];
  const fmt = (n) => `${n.toLocaleString('en-US')}.00`;
  const add = (i, description, amount, marker = 'CR') =>
    rows.push(`'${String(i % 28 + 1).padStart(2, '0')}/11,'${description},'0000,"${fmt(amount)}",${marker},"1,000,000.00"`);
  let n = 0;
  for (let i = 0; i < 600; i++) add(n++, `TRSF E-BANKING CR ${1000 + i}/FTSCY/WS9${i} 150000.00 ${codes[i]} PESERTA ${i}`, 150000);
  for (let i = 600; i < 700; i++) add(n++, `cicilan ${codes[i].toLowerCase()} peserta ${i}`, 50000);
  for (let i = 700; i < 750; i++) add(n++, `BAYAR${codes[i]}LEBIH`, 200000);
  for (let i = 750; i < 800; i += 1) add(n++, `dua tiket ${codes[i]} ${codes[(i + 1 - 750) % 50 + 750]}`, 300000);
  for (let i = 0; i < 100; i++) add(n++, `TRANSFER DARI ORANG ${i} TANPA KODE`, 150000);
  for (let i = 0; i < 100; i++) add(n++, `BIAYA ADM ${i}`, 10000, 'DB');
  const csv = 'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n' + rows.join('\n') + '\n';
  assert.equal(rows.length, 1000);

  const staff = admin;
  const round = async (label) => {
    const form = new FormData();
    form.append('file', new Blob([csv], {type: 'text/csv'}), 'mutasi.csv');
    let t0 = performance.now();
    const statement = await staff.req('POST', `/events/${event.id}/bank-statements`, form);
    const uploadMs = performance.now() - t0;
    t0 = performance.now();
    const applied = await staff.post(`/bank-statements/${statement.id}/apply`, {});
    const applyMs = performance.now() - t0;
    console.log(`${label}: ${statement.lines.length} credit lines, ${statement.debits_ignored} debits ignored; ` +
      `matches ${JSON.stringify(statement.counts)}; upload+match ${uploadMs.toFixed(0)} ms; ` +
      `apply ${applied.applied.length} lines in ${applyMs.toFixed(0)} ms`);
    return {statement, applied};
  };
  const first = await round('first upload');
  assert.equal(first.statement.counts.exact, 600);
  assert.equal(first.applied.applied.length, 750);
  const second = await round('same export again');
  assert.equal(second.statement.counts.already_applied, 750);
  assert.equal(second.applied.applied.length, 0);
  const stats = await admin.get(`/events/${event.id}/stats`);
  console.log(`orders paid: ${stats.tickets_sold}, still pending: ${stats.orders_pending}`);
} finally {
  await server.stop();
}

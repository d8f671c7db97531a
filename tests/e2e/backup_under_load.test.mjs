// SPEC §12 backups under load: `lanyard backup FILE` and `POST /admin/backups` (the scheduled
// backups' mechanism) taken while a flash sale runs restore, with `lanyard restore`, to a
// database that passes integrity_check and holds every order acknowledged before the backup
// began; the restored server starts and serves them.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm, readdir} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {kBinary} from './lib/env.mjs';
import {Api} from './lib/api.mjs';
import {startLanyard, stopProcess} from './lib/smtp.mjs';
import {buyer, integrityCheck, sqliteColumn} from './lib/crash_loop.mjs';

const execFileP = promisify(execFile);
const kPassword = 'backup under load';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function orderIdsIn(db) {
  return new Set((await sqliteColumn(db, 'SELECT id FROM orders')).map(Number));
}

test('backups taken during a flash sale restore whole and hold every order acknowledged before them', {timeout: 240000}, async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lanyard-backup-'));
  const dataDir = path.join(tmp, 'data');
  let lanyard = await startLanyard(dataDir, '', {mail: 'file'});
  try {
    await execFileP(kBinary, ['admin', 'create', '--data', dataDir, '--email', 'admin@example.test',
      '--password', kPassword], {env: lanyard.env, timeout: 30000});
    const admin = new Api(lanyard.url);
    await admin.login('admin@example.test', kPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const event = await admin.post('/events', {title: 'Backup sale', starts_at: iso(Date.now() + 86400e3),
      ends_at: iso(Date.now() + 2 * 86400e3)});
    await admin.post(`/events/${event.id}/submit`, {});
    const type = await admin.post(`/events/${event.id}/ticket-types`,
      {name: 'General', kind: 'free', price: 0, max_per_order: 1});
    const sale = {eventId: event.id, limitedType: type.id, generalType: type.id};
    const buyers = [];
    for (let i = 0; i < 12; i++) {
      const api = new Api(lanyard.url);
      await api.post('/auth/register', {email: `b${i}@example.test`, password: kPassword, name: `B ${i}`}, {token: null});
      await api.login(`b${i}@example.test`, kPassword);
      buyers.push(api);
    }

    const seen = {orders: new Map(), checkins: new Set(), toScan: [], unexpected: []};
    const running = {on: true};
    const load = buyers.map((api) => buyer(api, sale, seen, running));
    await sleep(700);

    // 1. The CLI, while serving.
    const cliFile = path.join(tmp, 'cli.db');
    const beforeCli = new Set(seen.orders.keys());
    await execFileP(kBinary, ['backup', '--data', dataDir, cliFile], {env: lanyard.env, timeout: 60000});
    await sleep(500);
    // 2. The API (what the schedule runs), while serving.
    const beforeApi = new Set(seen.orders.keys());
    const taken = await admin.post('/admin/backups', {});
    await sleep(300);
    running.on = false;
    await Promise.all(load);
    assert.deepEqual(seen.unexpected, []);
    const backups = (await readdir(path.join(dataDir, 'backups'))).filter((n) => !n.startsWith('.'));
    assert.equal(backups.length, 1, JSON.stringify(taken));
    const apiFile = path.join(dataDir, 'backups', backups[0]);
    await stopProcess(lanyard.proc);
    lanyard = null;

    for (const [name, file, acknowledged] of [['cli', cliFile, beforeCli], ['api', apiFile, beforeApi]]) {
      const restored = path.join(tmp, `restored-${name}`);
      await execFileP(kBinary, ['restore', '--data', restored, file], {timeout: 60000});
      const db = path.join(restored, 'lanyard.db');
      assert.equal(await integrityCheck(db), 'ok', `${name}: integrity_check`);
      const ids = await orderIdsIn(db);
      const lost = [...acknowledged].filter((id) => !ids.has(id));
      console.log(`${name} backup: ${acknowledged.size} orders acknowledged before it began, ${ids.size} in it, ${lost.length} lost`);
      assert.ok(acknowledged.size > 0, `${name}: the sale was running`);
      assert.deepEqual(lost, [], `${name}: orders acknowledged before the backup began`);
      const server = await startLanyard(restored, '', {mail: 'file'});
      try {
        const check = new Api(server.url);
        await check.login('admin@example.test', kPassword);
        const some = [...acknowledged][0];
        assert.equal((await check.get(`/orders/${some}`)).status, 'paid');
      } finally {
        await stopProcess(server.proc);
      }
    }
  } finally {
    if (lanyard) await stopProcess(lanyard.proc, 'SIGKILL');
    await rm(tmp, {recursive: true, force: true});
  }
});

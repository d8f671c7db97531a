// SPEC §15 under SIGKILL: a flash sale with check-ins and mail at full load, the server killed at
// a random moment and restarted a few times; nothing acknowledged is lost, no quota is
// exceeded, the database passes integrity_check, every tickets mail arrives exactly once at a
// real SMTP server. The long run (N ≥ 50) is bench/crash.mjs.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {smtpSkipReason} from './lib/smtp.mjs';
import {runCrashLoop} from './lib/crash_loop.mjs';

test('kill -9 under a flash sale loses nothing acknowledged', {skip: smtpSkipReason() || false, timeout: 240000}, async () => {
  const figures = await runCrashLoop({kills: 4, buyers: 16, log: (line) => console.log(line)});
  console.log(`crash loop: ${figures.kills} kills, ${figures.ordersAcknowledged} orders and ` +
    `${figures.checkinsAcknowledged} check-ins acknowledged, ${figures.ordersPaid} paid orders, ` +
    `${figures.mails} tickets mails, restart to healthy ${figures.startMs.join('/')} ms`);
  assert.equal(figures.kills, 4);
  assert.ok(figures.ordersAcknowledged > 0 && figures.checkinsAcknowledged > 0, 'the load ran');
});

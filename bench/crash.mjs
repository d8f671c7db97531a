// The long crash loop (SPEC §15): N kills with SIGKILL at random moments of a flash sale with
// check-ins and mail; after each restart every acknowledged order and check-in is present, the
// quota holds and integrity_check is ok; at the end every tickets mail reached the SMTP server
// exactly once. The short run of the same loop is tests/e2e/crash_loop.test.mjs.
//
//   LANYARD_BINARY=build/app/lanyard LANYARD_SOURCE_DIR=. node bench/crash.mjs [N=50] [BUYERS=24]
import {runCrashLoop} from '../tests/e2e/lib/crash_loop.mjs';

const kills = Number(process.argv[2] || 50);
const buyers = Number(process.argv[3] || 24);
const started = Date.now();
const f = await runCrashLoop({kills, buyers, log: (line) => console.log(line)});
const ms = [...f.startMs].sort((a, b) => a - b);
const pick = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
console.log(`\n${f.kills} kills in ${((Date.now() - started) / 1000).toFixed(0)} s: ` +
  `${f.ordersAcknowledged} orders and ${f.checkinsAcknowledged} check-ins acknowledged, none lost; ` +
  `${f.ordersPaid} paid orders in the database, ${f.mails} tickets mails, each exactly once; ` +
  `restart to healthy p50 ${pick(0.5)} ms, max ${ms[ms.length - 1]} ms.`);

// Starts the real lanyard binary on 127.0.0.1 with an ephemeral port and a fresh data
// directory, and stops it with SIGTERM.

import {spawn, execFile} from 'node:child_process';
import {mkdtemp, rm, readdir, readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {kBinary} from './env.mjs';
import {parseEml} from './mail.mjs';

const execFileP = promisify(execFile);

const kTestEnv = {LANYARD_KDF: 'fast', LANYARD_RATE_LIMITS: 'off', LANYARD_MAIL: 'file'};

// A `prepare` for startServer: fills the data directory with `lanyard demo` (the Bandung Tech
// Meetup, its orders in every state and the accounts of demoLogins).
export async function fillWithDemo(dataDir, env) {
  await execFileP(kBinary, ['demo', '--data', dataDir], {env, timeout: 60000});
}

// The demo accounts (core/ops/demo.cpp Logins()).
export const demoLogins = {
  organizer: {email: 'demo-organizer@example.org', password: 'bandung-organizer', name: 'Sari Wulandari'},
  staff: {email: 'demo-staff@example.org', password: 'bandung-staff', name: 'Dimas Pratama'},
  rani: {email: 'demo-rani@example.org', password: 'bandung-rani', name: 'Rani Putri'},
  citra: {email: 'demo-citra@example.org', password: 'bandung-citra', name: 'Citra Lestari'},
};

// `prepare(dataDir, env)` runs before the server starts, e.g. to fill the data with `lanyard demo`.
// `listen` is the --listen value (the address printed stays 127.0.0.1 for 0.0.0.0).
export async function startServer({env = {}, args = [], timeoutMs = 20000, prepare = null, listen = '127.0.0.1:0'} = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lanyard-e2e-'));
  const childEnv = {...process.env, ...kTestEnv, ...env};
  delete childEnv.LANYARD_LISTEN;
  delete childEnv.LANYARD_DATA;
  delete childEnv.LANYARD_BASE_URL;
  if (prepare) await prepare(dataDir, childEnv);
  const proc = spawn(kBinary, ['serve', '--data', dataDir, '--listen', listen, ...args],
    {env: childEnv, stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not report its address in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (chunk) => { output += chunk.toString(); });
    proc.on('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`)); });
  });
  proc.stdout.on('data', (chunk) => { output += chunk.toString(); });
  let stopped = false;

  const server = {
    url,
    dataDir,
    proc,
    env: childEnv,
    output: () => output,
    setupLink() {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/setup\?token=[A-Za-z0-9_-]+)/.exec(output);
      return m ? m[1] : null;
    },
    async createAdmin(email, password) {
      await execFileP(kBinary, ['admin', 'create', '--data', dataDir, '--email', email, '--password', password],
        {env: childEnv, timeout: 30000});
    },
    async mails() {
      const dir = path.join(dataDir, 'mail');
      let names = [];
      try { names = (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort(); } catch (e) { return []; }
      const out = [];
      for (const name of names) out.push({file: name, ...parseEml(await readFile(path.join(dir, name), 'utf8'))});
      return out;
    },
    // Waits until a mail matching the predicate appears in <data>/mail (the sender runs after
    // commit, in the background).
    async waitForMail(predicate, timeoutMs2 = 15000) {
      const deadline = Date.now() + timeoutMs2;
      for (;;) {
        const found = (await server.mails()).filter(predicate);
        if (found.length) return found[found.length - 1];
        if (Date.now() > deadline) throw new Error('no matching mail arrived');
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
      }
      if (!process.env.LANYARD_KEEP_DATA) await rm(dataDir, {recursive: true, force: true});
    },
  };
  return server;
}

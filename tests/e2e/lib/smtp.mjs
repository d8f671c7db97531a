// The real SMTP server of the mail tests (tests/e2e/smtp_server.py, aiosmtpd under Debian's
// /usr/bin/python3) and the real binary started against it, plus readers of what it received.

import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseEml} from './mail.mjs';
import {kBinary} from './env.mjs';

const kHere = path.dirname(fileURLToPath(import.meta.url));
export const kPython = '/usr/bin/python3';  // Debian's: the one that sees python3-aiosmtpd
const kSmtpServer = path.join(kHere, '..', 'smtp_server.py');

export function smtpSkipReason() {
  if (!kBinary) return 'LANYARD_BINARY is not set (ctest sets it to the built binary)';
  if (!existsSync(kBinary)) return `LANYARD_BINARY ${kBinary} does not exist`;
  if (!existsSync(kPython)) return `${kPython} is missing`;
  return null;
}

// Waits for `pattern` in a child's output; returns the match.
export function waitForOutput(proc, pattern, what, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no "${pattern}" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = pattern.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (chunk) => { output += chunk.toString(); });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}):\n${output}`));
    });
  });
}

export async function stopProcess(proc, signal = 'SIGTERM') {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}

export async function startSmtp(dir, port = 0) {
  const proc = spawn(kPython, [kSmtpServer, '--dir', dir, '--port', String(port)],
    {stdio: ['ignore', 'pipe', 'pipe']});
  const m = await waitForOutput(proc, /SMTP listening on 127\.0\.0\.1:(\d+)/, 'smtp_server.py');
  return {proc, port: Number(m[1])};
}

// `mail` is LANYARD_MAIL (smtp with `smtpUrl`, or file/log).
export async function startLanyard(dataDir, smtpUrl, {mail = 'smtp'} = {}) {
  const env = {...process.env, LANYARD_MAIL: mail, LANYARD_SMTP_URL: smtpUrl || '', LANYARD_KDF: 'fast',
    LANYARD_RATE_LIMITS: 'off', LANYARD_MAIL_FROM: 'Lanyard Test <desk@lanyard.test>'};
  delete env.LANYARD_LISTEN;
  delete env.LANYARD_DATA;
  delete env.LANYARD_BASE_URL;
  const proc = spawn(kBinary, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'],
    {env, stdio: ['ignore', 'pipe', 'pipe']});
  const m = await waitForOutput(proc, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 'lanyard');
  proc.stdout.resume();
  proc.stderr.resume();
  return {proc, url: m[1], env};
}

// How many messages the SMTP server stored so far (cheap: names only).
export async function receivedCount(dir) {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.json')).length;
  } catch (e) {
    return 0;
  }
}

// The messages the SMTP server stored, parsed, with their envelopes.
export async function received(dir) {
  let names = [];
  try { names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort(); } catch (e) { return []; }
  const out = [];
  for (const name of names) {
    const envelope = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    const raw = await readFile(path.join(dir, name.replace(/\.json$/, '.eml')), 'utf8');
    out.push({envelope, raw, ...parseEml(raw)});
  }
  return out;
}

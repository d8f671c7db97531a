// Debian's chromium driven by playwright-core: headless, offline-only flags, a fresh profile
// (playwright creates a new --user-data-dir per launch), and guards that fail a test when a
// page talks to anything but 127.0.0.1 or opens a dialog (the XSS probe).

import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {kChromium, kSourceDir, playwrightPath} from './env.mjs';

const kArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launchBrowser({extraArgs = []} = {}) {
  const mod = await import(pathToFileURL(playwrightPath()).href);
  const chromium = mod.chromium || mod.default.chromium;
  return chromium.launch({executablePath: kChromium, headless: true, args: [...kArgs, ...extraArgs]});
}

// Every request must stay on the machine: http(s)://127.0.0.1, data: or blob:.
export function isLocal(url) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank' || url.startsWith('about:srcdoc')) return true;
  try {
    return new URL(url).hostname === '127.0.0.1';
  } catch (e) {
    return false;
  }
}

// A context + page with guards. `report` collects offending requests, dialogs and page errors.
export async function newGuardedPage(browser, {viewport, locale = 'en-US', ...opts} = {}) {
  const context = await browser.newContext({viewport: viewport || {width: 1280, height: 900}, locale, ...opts});
  const page = await context.newPage();
  page.setDefaultTimeout(Number(process.env.LANYARD_E2E_TIMEOUT_MS || 10000));
  const report = {remote: [], dialogs: [], errors: [], console: []};
  context.on('request', (req) => { if (!isLocal(req.url())) report.remote.push(req.url()); });
  page.on('dialog', async (d) => { report.dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss().catch(() => {}); });
  page.on('pageerror', (err) => report.errors.push(String(err && err.stack || err)));
  page.on('console', (msg) => { if (msg.type() === 'error') report.console.push(msg.text()); });
  return {context, page, report};
}

// Writes docs/screenshots/<name>.png, only with LANYARD_SCREENSHOTS=1 (so CI leaves the tree clean).
export async function screenshot(page, name) {
  if (process.env.LANYARD_SCREENSHOTS !== '1') return;
  const dir = path.join(kSourceDir, 'docs', 'screenshots');
  await mkdir(dir, {recursive: true});
  await page.screenshot({path: path.join(dir, `${name}.png`), fullPage: false});
}

// On a failed step: prints each page's URL, visible text and errors, and saves a screenshot
// under the system temp directory, so a CI log says what the page showed.
export async function explainFailure(stepName, guardedPages) {
  const os = await import('node:os');
  let i = 0;
  for (const g of guardedPages) {
    i += 1;
    try {
      const file = path.join(os.tmpdir(), `lanyard-e2e-failure-${i}.png`);
      await g.page.screenshot({path: file, fullPage: true});
      const text = (await g.page.locator('body').innerText({timeout: 2000})).slice(0, 1500);
      console.error(`--- [${stepName}] page ${i}: ${g.page.url()} (screenshot ${file})\n${text}`);
      if (g.report.errors.length) console.error(`page errors: ${g.report.errors.join('\n')}`);
      if (g.report.console.length) console.error(`console errors: ${g.report.console.join('\n')}`);
    } catch (e) {
      console.error(`--- page ${i}: could not describe (${e.message})`);
    }
  }
}

// A realistic proof-of-payment image (a bank transfer receipt), rendered by the browser itself
// so the tests need no image files or libraries.
export async function receiptPng(browser, {amount = 'Rp 150.000', reference = ''} = {}) {
  const page = await browser.newPage({viewport: {width: 360, height: 520}});
  try {
    const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
    await page.setContent(`<!doctype html><body style="margin:0;font:15px sans-serif;background:#eef2f7">
      <div style="margin:16px;background:#fff;border-radius:12px;padding:18px;box-shadow:0 2px 8px #0002">
      <div style="color:#0b5cad;font-weight:700;font-size:18px">Bank Contoh · m-Transfer</div>
      <div style="color:#1a7f37;font-weight:700;margin:14px 0 4px">Transfer successful</div>
      <div style="font-size:28px;font-weight:800;margin:6px 0 14px">${esc(amount)}</div>
      <table style="width:100%;font-size:14px;border-collapse:collapse">
      <tr><td style="color:#666;padding:4px 0">To</td><td>PANITIA DEV DAY</td></tr>
      <tr><td style="color:#666;padding:4px 0">Account</td><td>123 456 7890</td></tr>
      <tr><td style="color:#666;padding:4px 0">Reference</td><td>${esc(reference)}</td></tr>
      <tr><td style="color:#666;padding:4px 0">Date</td><td>${new Date().toISOString().slice(0, 16).replace('T', ' ')}</td></tr>
      </table></div></body>`);
    return await page.screenshot({type: 'png'});
  } finally {
    await page.close();
  }
}

// Runs named steps as subtests of `t`: once a step fails the later ones are skipped, and the
// failing step explains the pages in `guarded` (URL, text, screenshot).
export function stepRunner(t, guarded) {
  let failed = false;
  return async (name, fn) => {
    await t.test(name, {skip: failed ? 'an earlier step failed' : false}, async () => {
      try {
        await fn();
      } catch (err) {
        failed = true;
        await explainFailure(name, guarded);
        throw err;
      }
    });
  };
}

// A signed-in browser session without going through the login form (that form has its own
// test): stores the login reply where the pages keep it, with the page language `lang`.
export async function signInWithSession(page, base, session, lang = 'en') {
  await page.goto(`${base}/`);
  await page.evaluate(([s, l]) => {
    localStorage.setItem('lanyard.access', s.access_token);
    localStorage.setItem('lanyard.refresh', s.refresh_token);
    localStorage.setItem('lanyard.user', JSON.stringify(s.user));
    localStorage.setItem('lanyard.lang', l);
  }, [session, lang]);
}

// Signs in through the login form (English labels), following ?next= when given.
// Signs in through the form with the pages in `language` ('en' or 'id'): the choice is stored
// first, so the form (and every page after it) is in that language; fields found by type.
export async function signInInLanguage(page, base, {email, password}, language) {
  await page.goto(`${base}/account/login`);
  await page.evaluate((code) => localStorage.setItem('lanyard.lang', code), language);
  await page.goto(`${base}/account/login`);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/account/login'));
}

export async function signInWithForm(page, base, {email, password}, next) {
  await page.goto(`${base}/account/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/account/login'));
}

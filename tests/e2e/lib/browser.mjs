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

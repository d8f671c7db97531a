// The frame every browser test repeats: the real binary, Chromium, a list of guarded pages and
// a step runner (lib/browser.mjs stepRunner); the browser and the server stop after the test.

import {launchBrowser, stepRunner} from './browser.mjs';
import {startServer} from './server.mjs';

// Starts the server (startServer `serverOptions`) and the browser for the node:test `t`:
// {server, browser, guarded (push each newGuardedPage result), step}.
export async function startBrowserTest(t, serverOptions = {}) {
  const server = await startServer(serverOptions);
  const browser = await launchBrowser();
  const guarded = [];
  t.after(async () => {
    await browser.close().catch(() => {});
    await server.stop();
  });
  return {server, browser, guarded, step: stepRunner(t, guarded)};
}

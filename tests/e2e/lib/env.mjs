// What the browser tests need, and a clear reason to skip when it is missing.

import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const kSourceDir = process.env.LANYARD_SOURCE_DIR ||
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const kChromium = process.env.LANYARD_CHROMIUM || '/usr/bin/chromium';
export const kBinary = process.env.LANYARD_BINARY || '';

export function playwrightPath() {
  try {
    return createRequire(path.join(kSourceDir, 'package.json')).resolve('playwright-core');
  } catch (e) {
    return null;
  }
}

// null when everything is there, else the sentence node:test prints for the skipped test.
export function skipReason({needsBrowser = true} = {}) {
  if (!kBinary) return 'LANYARD_BINARY is not set (ctest sets it to the built binary)';
  if (!existsSync(kBinary)) return `LANYARD_BINARY ${kBinary} does not exist`;
  if (!needsBrowser) return null;
  if (!existsSync(kChromium)) return `${kChromium} is missing (apt-get install chromium)`;
  if (!playwrightPath()) return `node_modules/playwright-core is missing in ${kSourceDir} (run npm ci)`;
  return null;
}

export function which(program) {
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir && existsSync(path.join(dir, program))) return path.join(dir, program);
  }
  return null;
}

// What the catalogues tell people must hold outside them too (issue 15, phone tester's minors):
// the README section the settings page's link warning sends an admin to exists under the name
// the warning gives, in every language; and a volunteer at the door reads one Indonesian word
// for the revocation list, wherever the scanner mentions it. No server or browser needed.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {kSourceDir} from './lib/env.mjs';

const kI18n = path.join(kSourceDir, 'assets', 'web', 'i18n');
const catalogue = (code) => JSON.parse(readFileSync(path.join(kI18n, `${code}.json`), 'utf8'));
const languages = JSON.parse(readFileSync(path.join(kI18n, 'languages.json'), 'utf8')).map((l) => l.code);

test('the link warning names a README heading that exists, in every language', () => {
  const headings = readFileSync(path.join(kSourceDir, 'README.md'), 'utf8')
    .split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/^#+ /, '').trim());
  for (const code of languages) {
    const text = catalogue(code)['settings.link_warning_more'];
    const quoted = /"([^"]+)"/.exec(text);
    assert.ok(quoted, `${code}: the warning quotes the README section: ${text}`);
    assert.ok(headings.includes(quoted[1]), `${code}: README has no heading "${quoted[1]}" (headings: ${headings.join(' | ')})`);
  }
});

test('one Indonesian term for the revocation list: daftar pembatalan', () => {
  const id = catalogue('id');
  const en = catalogue('en');
  const offending = Object.entries(id).filter(([, v]) => /pencabutan/i.test(v)).map(([k]) => k);
  assert.deepEqual(offending, [], 'the other word for it');
  // Every message that says "revocation list" in English says "daftar pembatalan" in Indonesian.
  const revocation = Object.keys(en).filter((k) => /revocation list/i.test(en[k]));
  assert.ok(revocation.length >= 3, revocation.join(', '));
  for (const k of revocation) assert.match(id[k], /daftar pembatalan/i, `${k}: ${id[k]}`);
});

// The scanner's status lines are built in scanner/*.js from catalogue keys: no page script or
// the service worker carries the other word itself (a hard-coded or fallback text would slip past
// the catalogue check above), and every key the status box reads for the revocation list is one
// the check above covers. (The rendered Indonesian line is checked in e2e/scanner_server_hung.)
test('no page script spells the revocation list another way', async () => {
  const {readdirSync} = await import('node:fs');
  const web = path.join(kSourceDir, 'assets', 'web');
  const files = readdirSync(web, {recursive: true}).filter((f) => /\.(js|html|json|webmanifest)$/.test(f));
  assert.ok(files.length > 20, files.join(', '));
  const offending = files.filter((f) => /pencabutan/i.test(readFileSync(path.join(web, f), 'utf8')));
  assert.deepEqual(offending, []);
  const status = readFileSync(path.join(web, 'js', 'scanner', 'offline_status.js'), 'utf8');
  // t('key') or plural('key', n): a plural key's forms (key_one, key_other) are checked too.
  const named = [...status.matchAll(/(?:t|plural)\('(scan_offline\.revocations_[a-z_]+)'/g)].map((m) => m[1]);
  const keys = Object.keys(catalogue('en')).filter((k) => named.some((n) => k === n || k.startsWith(`${n}_`)));
  assert.ok(keys.length >= 2, keys.join(', '));
  const en = catalogue('en');
  const id = catalogue('id');
  for (const k of keys) {
    assert.match(en[k], /revocation list/i, `${k} says "revocation list" in English`);
    assert.match(id[k], /daftar pembatalan/i, `${k}: ${id[k]}`);
  }
});

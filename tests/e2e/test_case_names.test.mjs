// ctest runs each doctest case by its name (doctest_discover_tests); a name with ';' is split
// into two CMake list items there and the case runs as a filter that matches nothing — a test
// that always passes. This check keeps such names out of tests/.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const kTests = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function sources(dir) {
  const out = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...await sources(full));
    else if (/\.(cpp|h)$/.test(entry.name)) out.push(full);
  }
  return out;
}

test('no doctest case name holds a semicolon', async () => {
  const bad = [];
  let cases = 0;
  for (const file of await sources(kTests)) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/TEST_CASE\("((?:[^"\\]|\\.)*)"/g)) {
      cases += 1;
      if (m[1].includes(';')) bad.push(`${path.relative(kTests, file)}: ${m[1]}`);
    }
  }
  assert.ok(cases > 100, `doctest cases found under ${kTests}`);
  assert.deepEqual(bad, []);
});

// Every time a page shows names the zone it is shown in (issue 15, MAJOR 2 of the phone
// tester: the desk and the scanner showed event times in the deployment's zone only). A static
// check over the page modules: each call of an i18n.js time formatter passes its zone argument
// — eventZone(row) for what belongs to an event (start, sale windows, orders, proofs, check-ins,
// deadlines, draws), siteTimeZone() for what does not (accounts, audit, mail, backups) — so
// nobody can format an event-bound time by leaving the zone out. Which zone is right is checked
// per page by the browser tests (event_time_zone, event_zone_change, desk_scanner_zones).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const kRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/web/js');

// The formatters and how many arguments a call needs (the last one is the zone).
const kNeeds = {
  dateTime: 2, dateOnly: 2, timeShort: 2, dateTimeSeconds: 2, timeOnly: 2, hourLabel: 2,
  timeRange: 3, dateTimeRange: 3, toLocalInput: 2, fromLocalInput: 2,
};

// The local names a module gives the formatters it imports from i18n.js ({dateTime as dt}).
function importedFormatters(source) {
  const names = new Map();
  const re = /import\s*\{([^}]*)\}\s*from\s*['"][./]*i18n\.js['"]/g;
  for (const m of source.matchAll(re)) {
    for (const part of m[1].split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (kNeeds[name]) names.set(alias || name, name);
    }
  }
  return names;
}

// The top-level arguments of the call whose '(' is at `open`, as source texts.
function callArguments(source, open) {
  const args = [];
  let depth = 0;
  let quote = null;
  let start = open + 1;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\'' || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      depth--;
      if (depth === 0) {
        const last = source.slice(start, i).trim();
        if (last) args.push(last);
        return args;
      }
    } else if (c === ',' && depth === 1) {
      args.push(source.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

// "file:line name(args)" for every formatter call in `source` that leaves its zone out.
export function callsWithoutZone(source, file) {
  const names = importedFormatters(source);
  const problems = [];
  for (const [local, name] of names) {
    const re = new RegExp(`(?<![\\w.])${local}\\(`, 'g');
    for (const m of source.matchAll(re)) {
      if (/function\s+$/.test(source.slice(Math.max(0, m.index - 9), m.index))) continue;
      const args = callArguments(source, m.index + local.length);
      const zone = args[kNeeds[name] - 1];
      if (args.length < kNeeds[name] || zone === 'undefined' || zone === 'null' || zone === '\'\'') {
        const line = source.slice(0, m.index).split('\n').length;
        problems.push(`${file}:${line} ${local}(${args.join(', ')})`);
      }
    }
  }
  return problems;
}

async function modules(dir) {
  const out = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await modules(full));
    else if (entry.name.endsWith('.js')) out.push(full);
  }
  return out;
}

test('the checker finds a time formatted without its zone', () => {
  const sample = [
    'import {t, dateTime, timeRange as span, eventZone} from \'../i18n.js\';',
    'const a = dateTime(o.created_at);',
    'const b = dateTime(o.created_at, eventZone(o));',
    'const c = span(s.starts_at, s.ends_at);',
    'const d = span(s.starts_at, s.ends_at, eventZone(s));',
    'const e = dateTime(f(x, y), undefined);',
    'const g = t(\'x\', {time: dateTime(tk.checked_in_at)});',
  ].join('\n');
  assert.deepEqual(callsWithoutZone(sample, 'sample.js'), [
    'sample.js:2 dateTime(o.created_at)',
    'sample.js:6 dateTime(f(x, y), undefined)',
    'sample.js:7 dateTime(tk.checked_in_at)',
    'sample.js:4 span(s.starts_at, s.ends_at)',
  ]);
});

test('every page module passes a zone to every time formatter', async () => {
  const files = (await modules(kRoot)).filter((f) => path.basename(f) !== 'i18n.js');
  assert.ok(files.length > 30, `page modules found under ${kRoot}`);
  const problems = [];
  let calls = 0;
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    calls += importedFormatters(source).size;
    problems.push(...callsWithoutZone(source, path.relative(kRoot, file)));
  }
  assert.ok(calls > 20, 'the formatters are imported by the pages');
  assert.deepEqual(problems, [], `times formatted without a zone:\n${problems.join('\n')}`);
});

// The offline API reference: renders /api/v1/openapi.json with no external code.

import {h, replace} from './dom.js';

const kMethods = ['get', 'post', 'put', 'patch', 'delete'];

function resolve(spec, node, seen = new Set()) {
  if (!node || typeof node !== 'object') return node;
  if (node.$ref && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    if (seen.has(node.$ref)) return {type: `→ ${node.$ref.split('/').pop()}`};
    const target = node.$ref.slice(2).split('/').reduce((o, k) => (o ? o[k] : undefined), spec);
    return resolve(spec, target, new Set([...seen, node.$ref]));
  }
  return node;
}

// A compact, readable rendering of a JSON schema as indented text.
function schemaText(spec, schema, indent = '', seen = new Set()) {
  const s = resolve(spec, schema, seen);
  if (!s || typeof s !== 'object') return 'any';
  if (s.oneOf || s.anyOf) return (s.oneOf || s.anyOf).map((x) => schemaText(spec, x, indent, seen)).join(' | ');
  if (s.allOf) {
    const merged = {type: 'object', properties: {}, required: []};
    for (const part of s.allOf) {
      const r = resolve(spec, part, seen) || {};
      Object.assign(merged.properties, r.properties || {});
      merged.required.push(...(r.required || []));
    }
    return schemaText(spec, merged, indent, seen);
  }
  if (s.type === 'array') return `[${schemaText(spec, s.items, indent, seen)}]`;
  if (s.type === 'object' || s.properties) {
    const props = s.properties || {};
    const req = new Set(s.required || []);
    const keys = Object.keys(props);
    if (!keys.length) return 'object';
    const inner = indent + '  ';
    const lines = keys.map((k) => {
      const p = resolve(spec, props[k], seen) || {};
      const desc = p.description ? `  // ${p.description}` : '';
      return `${inner}${k}${req.has(k) ? '' : '?'}: ${schemaText(spec, props[k], inner, seen)}${desc}`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  let text = s.type || 'any';
  if (s.enum) text = s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.format) text += ` (${s.format})`;
  if (s.nullable) text += ' | null';
  return text;
}

function operation(spec, path, method, op) {
  const params = [...(op.parameters || [])].map((p) => resolve(spec, p));
  const body = op.requestBody ? resolve(spec, op.requestBody) : null;
  const responses = Object.entries(op.responses || {});
  return h('details', {class: 'op', 'data-search': `${method} ${path} ${op.summary || ''} ${(op.tags || []).join(' ')}`.toLowerCase()},
    h('summary', null, h('span', {class: `method method-${method}`}, method.toUpperCase()), h('span', {class: 'op-path'}, path),
      op.summary ? h('span', {class: 'op-summary'}, op.summary) : null),
    h('div', {class: 'op-body'},
      op.description ? h('p', {class: 'desc'}, op.description) : null,
      op.security && op.security.length === 0 ? h('p', {class: 'meta'}, 'Public: no token needed.') : null,
      params.length ? [h('h4', null, 'Parameters'), h('div', {class: 'table-wrap'}, h('table', {class: 'table'},
        h('thead', null, h('tr', null, ['Name', 'In', 'Type', 'Description'].map((x) => h('th', null, x)))),
        h('tbody', null, params.map((p) => h('tr', null, h('td', null, h('code', null, p.name), p.required ? ' *' : ''), h('td', null, p.in),
          h('td', null, h('code', null, schemaText(spec, p.schema))), h('td', null, p.description || ''))))))] : null,
      body ? [h('h4', null, 'Request body'), Object.entries(body.content || {}).map(([type, c]) => [h('p', {class: 'meta'}, type),
        h('pre', {class: 'schema'}, schemaText(spec, c.schema))])] : null,
      responses.length ? [h('h4', null, 'Responses'), responses.map(([code, r]) => {
        const res = resolve(spec, r) || {};
        const content = Object.entries(res.content || {});
        return h('div', null, h('p', null, h('strong', null, code), ' ', res.description || ''),
          content.map(([type, c]) => (c.schema ? h('pre', {class: 'schema'}, `${type}\n${schemaText(spec, c.schema)}`) : null)));
      })] : null));
}

async function main() {
  const root = document.getElementById('main');
  let spec;
  try {
    const res = await fetch('/api/v1/openapi.json', {headers: {Accept: 'application/json'}});
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    spec = await res.json();
  } catch (err) {
    replace(root, h('p', {class: 'notice notice-error'}, `The API description could not be loaded: ${err.message}`));
    return;
  }
  const groups = new Map();
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const method of kMethods) {
      const op = item[method];
      if (!op) continue;
      if (item.parameters) op.parameters = [...item.parameters, ...(op.parameters || [])];
      const tag = (op.tags && op.tags[0]) || path.split('/').filter(Boolean)[0] || 'other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push([path, method, op]);
    }
  }
  const slug = (s) => `tag-${String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const filter = h('input', {type: 'search', id: 'docs-filter', placeholder: 'Filter: path, method or word'});
  const sections = [...groups.entries()].map(([tag, ops]) => h('section', {class: 'tag-section', id: slug(tag)},
    h('h2', null, tag), ops.map(([path, method, op]) => operation(spec, path, method, op))));
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const op of root.querySelectorAll('.op')) op.hidden = q && !op.dataset.search.includes(q);
    for (const sec of root.querySelectorAll('.tag-section')) sec.hidden = ![...sec.querySelectorAll('.op')].some((o) => !o.hidden);
  });
  const info = spec.info || {};
  document.title = `${info.title || 'API'} reference`;
  const servers = (spec.servers || []).map((s) => s.url).join(', ');
  replace(root,
    h('h1', null, info.title || 'API reference', info.version ? ` ${info.version}` : ''),
    info.description ? h('p', {class: 'desc prose'}, info.description) : null,
    servers ? h('p', {class: 'meta'}, 'Base: ', h('code', null, servers)) : null,
    h('div', {class: 'docs-layout'},
      h('nav', {class: 'docs-toc', 'aria-label': 'Sections'}, h('ul', null, [...groups.keys()].map((tag) => h('li', null, h('a', {href: `#${slug(tag)}`}, tag, ` (${groups.get(tag).length})`))))),
      h('div', null, h('div', {class: 'field docs-filter'}, h('label', {for: 'docs-filter'}, 'Filter'), filter), sections)));
}

main();

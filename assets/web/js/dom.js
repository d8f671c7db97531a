// DOM building without HTML strings: every user value goes in as a text node or an attribute
// value, never through innerHTML, so a name like <img onerror=...> stays text.

const kProps = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'multiple',
  'required', 'readOnly', 'indeterminate']);

// h('button', {class: 'btn', onclick: fn, type: 'button'}, 'Save')
// Attributes: class, for (label), data-*, aria-*, on<event> listeners, style as an object
// (applied through element.style, allowed by the CSP), boolean props; null/false skip.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (key === 'style' && typeof value === 'object') {
        Object.assign(el.style, value);
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (kProps.has(key)) {
        el[key] = value;
      } else if (key === 'ref' && typeof value === 'function') {
        value(el);
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === true) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// SVG elements need their namespace; same attribute rules as h() minus the props.
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

// Overlapping loads of one list (a filter changed while the last load was still out, a search
// sent twice): each call of the returned function starts a turn and returns a check that stays
// true only until a later turn starts, so a slow older answer is dropped, never drawn over the
// newer one. Not shared between lists; the page's JavaScript is single-threaded.
export function newestTurn() {
  let newest = 0;
  return () => {
    newest += 1;
    const mine = newest;
    return () => mine === newest;
  };
}

let idCounter = 0;
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

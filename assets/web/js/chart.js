// A small SVG bar chart (no library): bars scaled to the largest value, a few axis labels, a
// <title> per bar for hover, and the same numbers as a table for screen readers.

import {h, svg} from './dom.js';
import {t} from './i18n.js';

// The drawing's width in SVG units: about the width it is shown at, so that its 12-unit labels
// read as 12 px text on a phone too (a 640-unit chart shrunk into a 390 px screen printed them
// at 6 px).
function drawingWidth() {
  const screen = (typeof window !== 'undefined' && window.innerWidth) || 640;
  return Math.max(300, Math.min(640, screen - 48));
}

// data: [{label, value, display?}], opts: {title, format(value) -> string, height}. The top of
// the scale is labelled only when some value is above 0 (an all-zero chart has no scale).
export function barChart(data, opts = {}) {
  const format = opts.format || ((v) => String(v));
  const width = drawingWidth();
  const height = opts.height || 220;
  const padLeft = 8;
  const padBottom = 28;
  const padTop = 22;
  const max = Math.max(1, ...data.map((d) => d.value));
  const innerH = height - padBottom - padTop;
  const slot = (width - padLeft * 2) / Math.max(1, data.length);
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  // As many labels as fit: about one per 80 units (8 on a wide chart, 4 on a phone).
  const labelEvery = Math.max(1, Math.ceil(data.length / Math.max(2, Math.floor(width / 80))));
  const bars = data.map((d, i) => {
    const bh = Math.round((d.value / max) * innerH);
    const x = padLeft + i * slot + (slot - barW) / 2;
    const y = padTop + innerH - bh;
    return svg('g', null,
      svg('rect', {x: x.toFixed(1), y, width: barW.toFixed(1), height: Math.max(bh, d.value > 0 ? 1 : 0), rx: 2, class: 'bar'},
        svg('title', null, `${d.label}: ${d.display ?? format(d.value)}`)),
      i % labelEvery === 0 ? svg('text', {x: (x + barW / 2).toFixed(1), y: height - 10, 'text-anchor': 'middle', class: 'axis'}, d.label) : null);
  });
  const chart = svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': opts.title || ''},
    svg('line', {x1: padLeft, x2: width - padLeft, y1: padTop + innerH, y2: padTop + innerH, class: 'baseline'}),
    svg('line', {x1: padLeft, x2: width - padLeft, y1: padTop, y2: padTop, class: 'gridline'}),
    data.some((d) => d.value > 0) ? svg('text', {x: width - padLeft, y: padTop - 6, 'text-anchor': 'end', class: 'axis'}, format(max)) : null,
    bars);
  return h('figure', {class: 'chart-figure'},
    opts.title ? h('figcaption', null, opts.title) : null,
    data.length ? chart : h('p', {class: 'empty'}, t('common.no_data')),
    data.length ? h('details', {class: 'chart-table'}, h('summary', null, t('common.show_numbers')),
      h('table', {class: 'table'}, h('tbody', null, data.map((d) => h('tr', null, h('th', {scope: 'row'}, d.label), h('td', null, d.display ?? format(d.value))))))) : null);
}

// Fills the days between the first and last date with zero rows, so gaps show as gaps.
export function fillDays(rows) {
  if (!rows.length) return rows;
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const sorted = [...byDate.keys()].sort();
  const out = [];
  const end = new Date(`${sorted[sorted.length - 1]}T00:00:00Z`);
  for (let d = new Date(`${sorted[0]}T00:00:00Z`); d <= end && out.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
    const key = d.toISOString().slice(0, 10);
    out.push(byDate.get(key) || {date: key, tickets: 0, revenue: 0});
  }
  return out;
}

// Reads the .eml files of the `file` mail transport: headers, the text and HTML parts (quoted-
// printable or base64, nested multiparts), and the links in them.

function splitHeaders(raw) {
  const idx = raw.search(/\r?\n\r?\n/);
  const head = idx < 0 ? raw : raw.slice(0, idx);
  const body = idx < 0 ? '' : raw.slice(idx).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) headers[m[1].toLowerCase()] = m[2];
  }
  return {headers, body};
}

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body, encoding) {
  const enc = (encoding || '').toLowerCase().trim();
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

// RFC 2047 encoded words in headers (=?UTF-8?B?...?= / =?UTF-8?Q?...?=).
export function decodeHeader(value) {
  return String(value || '').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (m, charset, kind, text) => {
    if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    return decodeQuotedPrintable(text.replace(/_/g, ' '));
  });
}

function param(header, name) {
  const m = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header || '');
  return m ? m[1] : null;
}

function walk(part, out) {
  const type = (part.headers['content-type'] || 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(part.headers['content-type'], 'boundary');
    if (!boundary) return;
    const pieces = part.body.split(`--${boundary}`);
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      walk(splitHeaders(piece.replace(/^\r?\n/, '')), out);
    }
    return;
  }
  const decoded = decodeBody(part.body, part.headers['content-transfer-encoding']);
  if (type.startsWith('text/plain') && out.text === undefined) out.text = decoded;
  else if (type.startsWith('text/html') && out.html === undefined) out.html = decoded;
  else out.attachments.push({type, headers: part.headers});
}

export function parseEml(raw) {
  const top = splitHeaders(raw);
  const out = {attachments: []};
  walk(top, out);
  return {
    headers: top.headers,
    subject: decodeHeader(top.headers.subject),
    to: decodeHeader(top.headers.to),
    text: out.text || '',
    html: out.html || '',
    attachments: out.attachments,
  };
}

// The first link in the text part whose path starts with `pathPrefix` (e.g. /account/confirm).
export function findLink(mail, pathPrefix) {
  const links = (mail.text || '').match(/https?:\/\/[^\s<>"']+/g) || [];
  return links.find((l) => new URL(l).pathname.startsWith(pathPrefix)) || null;
}

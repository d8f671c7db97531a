// Helpers shared by the mail admin pages: a mail kind's name and the HTML preview frame.

import {h} from '../../dom.js';
import {t} from '../../i18n.js';

export function mailKindName(kind) {
  const key = `mail_kind.${kind}`;
  return t(key) === key ? String(kind || '') : t(key);
}

// The HTML preview of a mail. The frame may run no script (sandbox without allow-scripts), so it
// can share the origin; the page's CSP forbids the inline styles every mail uses, so once loaded
// they are re-applied through the CSSOM, which the CSP allows.
export function mailFrame(html) {
  const frameEl = h('iframe', {class: 'mail-frame', sandbox: 'allow-same-origin', title: t('mail.html_preview')});
  frameEl.addEventListener('load', () => {
    const doc = frameEl.contentDocument;
    if (!doc) return;
    for (const el of doc.querySelectorAll('[style]')) el.style.cssText = el.getAttribute('style');
    const css = [...doc.querySelectorAll('style')].map((s) => s.textContent).join('\n');
    if (css && doc.defaultView && doc.defaultView.CSSStyleSheet) {
      try {
        const sheet = new doc.defaultView.CSSStyleSheet();
        sheet.replaceSync(css);
        doc.adoptedStyleSheets = [sheet];
      } catch (e) {
        // A stylesheet the browser cannot parse only costs the preview its looks.
      }
    }
  });
  frameEl.srcdoc = html;
  return frameEl;
}

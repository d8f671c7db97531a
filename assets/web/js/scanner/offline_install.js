// Makes the scanner installable and able to open with no network: the web app manifest (in the
// page's language: scanner.webmanifest, scanner.<lang>.webmanifest) and the
// service worker (served at /scanner-sw.js so that its scope can be /staff/scan; it caches the
// page shell, its scripts, styles and catalogues).

import {currentLanguage} from '../i18n.js';

// The languages with a manifest of their own (the app's name on the home screen).
const kManifests = {en: '/assets/scanner.webmanifest', id: '/assets/scanner.id.webmanifest'};
let installed = false;

export function installOfflineScanner() {
  if (installed) return;
  installed = true;
  if (!document.querySelector('link[rel="manifest"]')) {
    const link = document.createElement('link');
    link.rel = 'manifest';
    link.href = kManifests[currentLanguage()] || kManifests.en;
    document.head.append(link);
  }
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/scanner-sw.js', {scope: '/staff/scan'}).catch((err) => {
      console.warn('scanner service worker not installed', err);
    });
  }
}

// Makes the scanner installable and able to open with no network: the web app manifest and the
// service worker (served at /scanner-sw.js so that its scope can be /staff/scan; it caches the
// page shell, its scripts, styles and catalogues).

let installed = false;

export function installOfflineScanner() {
  if (installed) return;
  installed = true;
  if (!document.querySelector('link[rel="manifest"]')) {
    const link = document.createElement('link');
    link.rel = 'manifest';
    link.href = '/assets/scanner.webmanifest';
    document.head.append(link);
  }
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/scanner-sw.js', {scope: '/staff/scan'}).catch((err) => {
      console.warn('scanner service worker not installed', err);
    });
  }
}

// The door scanner's service worker, served at /scanner-sw.js with scope /staff/scan: it keeps
// the page shell and every script, style and catalogue the scanner needs, so a phone that opened
// the scanner once opens it again with no network. Network first (fresh code when the server
// answers within kTimeoutMs), the cache when it does not (and for kDownMs after a timeout). API
// calls are not cached here: the page keeps its own data in IndexedDB
// (scanner/offline_store.js). Classic script, no imports.

const kCache = 'lanyard-scanner-v1';
const kShell = '/staff/scan';
const kTimeoutMs = 4000;
const kPrecache = [
  kShell,
  '/assets/css/app.css',
  '/assets/img/icon.svg',
  '/assets/img/icon-192.png',
  '/assets/img/icon-512.png',
  '/assets/scanner.webmanifest',
  '/assets/scanner.id.webmanifest',
  '/assets/i18n/languages.json',
  '/assets/i18n/en.json',
  '/assets/i18n/id.json',
  '/assets/vendor/jsQR.js',
  '/assets/js/app.js',
  '/assets/js/api.js',
  '/assets/js/cache.js',
  '/assets/js/dom.js',
  '/assets/js/i18n.js',
  '/assets/js/router.js',
  '/assets/js/ui.js',
  '/assets/js/pages/admin/pages.js',
  '/assets/js/pages/scanner.js',
  '/assets/js/scanner/offline_code.js',
  '/assets/js/scanner/offline_door.js',
  '/assets/js/scanner/offline_install.js',
  '/assets/js/scanner/offline_names.js',
  '/assets/js/scanner/offline_refs.js',
  '/assets/js/scanner/offline_reports.js',
  '/assets/js/scanner/offline_scanner.js',
  '/assets/js/scanner/offline_status.js',
  '/assets/js/scanner/offline_store.js',
  '/assets/js/scanner/offline_sync.js',
  '/api/v1/settings/public',
];
// Also kept when fetched (the public settings make the header and the language right).
const kCachedApi = new Set(['/api/v1/settings/public']);

self.addEventListener('install', (event) => {
  // One missing file (jsQR in a build without node_modules) must not cost the scanner the rest.
  event.waitUntil(caches.open(kCache)
    .then((cache) => Promise.all(kPrecache.map((url) => cache.add(url).catch(() => null))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('lanyard-scanner-') && n !== kCache).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// After a request the server did not answer in kTimeoutMs (hung, or a sleeping laptop behind a
// working router), the next kDownMs of requests come from the cache straight away: a reload
// then costs one wait, not one per file of the page (a module graph several levels deep).
const kDownMs = 30000;
let downUntil = 0;

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(kCache);
  if (Date.now() < downUntil) {
    const cached = await cache.match(cacheKey, {ignoreSearch: true});
    if (cached) return cached;
  }
  try {
    const response = await withTimeout(fetch(request), kTimeoutMs);
    downUntil = 0;
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (err) {
    if (err && err.message === 'timeout') downUntil = Date.now() + kDownMs;
    const cached = await cache.match(cacheKey, {ignoreSearch: true});
    if (cached) return cached;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Every page path answers with the same shell (index.html); the router picks the page.
    event.respondWith(networkFirst(request, kShell));
  } else if (url.pathname.startsWith('/assets/') || kCachedApi.has(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});

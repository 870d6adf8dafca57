// The lab's service worker: makes the site work offline once it has been loaded.
// Network first (so a fresh build or a live reload is never hidden by the cache), the cache
// when the network fails. The page sends the URLs it loaded before this worker took control,
// so the first visit is enough to work offline afterwards.
const CACHE = 'lab-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(['./', './index.html'])).catch(() => {}));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.cache) || [];
  event.waitUntil(
    caches.open(CACHE).then((c) =>
      Promise.all(urls.map((u) => c.add(u).catch(() => {}))).then(() => {
        if (event.source) event.source.postMessage({ cached: urls.length });
      }),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() =>
        caches
          .match(req, { ignoreSearch: true })
          .then((hit) => hit || (req.mode === 'navigate' ? caches.match('./').then((h) => h || caches.match('./index.html')) : undefined))
          .then((hit) => hit || Response.error()),
      ),
  );
});

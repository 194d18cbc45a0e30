// The app's service worker. The client's files have the version in their address and never
// change: they are kept after the first use, so a repeat visit loads them from here. Pages
// always come from the network (the app is live); without a network the offline page is
// shown, in the user's language. Version ${version}.
const VERSION = "${version}";
const CACHE = "client-" + VERSION;
const BASE = new URL("${base}", self.location.origin);
const VERSIONED = new URL("web/" + VERSION + "/", BASE).pathname;
const OFFLINE_PAGE = new URL("offline.html", BASE).href;
const OFFLINE_FILES = [OFFLINE_PAGE, ${offline_files}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(OFFLINE_FILES))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);  // an older version's files
    }
    await self.clients.claim();
  })());
});

async function fromCacheOrNetwork(event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(event.request);
  if (hit) return hit;
  const response = await fetch(event.request);
  // Kept while the page already reads it: the app's start never waits for the copy.
  if (response.ok) event.waitUntil(cache.put(event.request, response.clone()));
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => {
      const cache = await caches.open(CACHE);
      return (await cache.match(OFFLINE_PAGE)) || Response.error();
    }));
  } else if (url.pathname.startsWith(VERSIONED)) {
    event.respondWith(fromCacheOrNetwork(event));
  }
});

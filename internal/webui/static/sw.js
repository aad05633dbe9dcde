// The web wallet's service worker: it makes the wallet installable and
// keeps its app shell (the page, scripts, styles, icons, vendored
// libraries and the SDK's browser build) for when the node is out of
// reach. Only those GET requests are cached. Nothing else is: never an API
// call (those go over a WebSocket or POST, which no cache holds), never the
// explorer's pages, never the login token (it lives in the page's storage
// and in WebSocket messages only). Network first, so a rebuilt node's new
// wallet shows at once; the cache answers only when the network fails.

const CACHE = "stegos-shell-v1";

const SHELL = [
  "/",
  "/manifest.webmanifest",
  "/ui/app.css",
  "/ui/app.js",
  "/ui/lib.js",
  "/ui/session.js",
  "/ui/login.js",
  "/ui/wallet.js",
  "/ui/receive.js",
  "/ui/send.js",
  "/ui/history.js",
  "/ui/staking.js",
  "/ui/soon.js",
  "/ui/qr.js",
  "/ui/vendor/htm/standalone.module.js",
  "/ui/vendor/qrcode-generator/qrcode.module.js",
  "/ui/vendor/jsqr/jsQR.js",
  "/ui/sdk/web.js",
  "/ui/sdk/types.js",
  "/ui/sdk/timestamp.js",
  "/ui/sdk/bus.js",
  "/ui/sdk/chat.js",
  "/ui/sdk/errors.js",
  "/ui/sdk/amount.js",
  "/ui/sdk/webamount.js",
  "/ui/sdk/api.js",
  "/ui/sdk/rpcsocket.js",
  "/ui/sdk/webclient.js",
  "/ui/icons/icon.svg",
  "/ui/icons/icon-192.png",
  "/ui/icons/icon-512.png",
];

/** Whether a request is for the app shell: a GET of this origin, "/", the manifest or a file under /ui/. */
function isShell(request) {
  if (request.method !== "GET") return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.search !== "") return false;
  return url.pathname === "/" || url.pathname === "/index.html" || url.pathname === "/manifest.webmanifest" ||
    url.pathname.startsWith("/ui/");
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One by one: a file that fails does not stop the others.
      await Promise.all(SHELL.map((path) => cache.add(new Request(path, { cache: "no-cache" })).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!isShell(request)) return; // the browser handles it: no cache
  event.respondWith(
    (async () => {
      try {
        const response = await fetch(request);
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          const key = new URL(request.url).pathname === "/index.html" ? "/" : request;
          caches.open(CACHE).then((cache) => cache.put(key, copy)).catch(() => undefined);
        }
        return response;
      } catch (err) {
        const cached = await caches.match(request, { ignoreSearch: true });
        if (cached) return cached;
        if (request.mode === "navigate") {
          const page = await caches.match("/");
          if (page) return page;
        }
        throw err;
      }
    })(),
  );
});

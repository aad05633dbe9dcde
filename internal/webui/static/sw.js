// Service worker (placeholder until the app lands).
self.addEventListener("fetch", () => {});

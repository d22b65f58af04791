// plnpress serve: reload this page when a rebuild changes what it shows.
// Served by `plnpress serve` only, never part of the built site. The server decides which pages
// a change touches (see plnpress/serve/reload.py); this script only listens and reloads.
(() => {
  "use strict";
  const params = new URLSearchParams({ path: location.pathname });
  // The version of the site this page came from, so that a rebuild finished while the page was
  // still loading is not missed.
  const [navigation] = performance.getEntriesByType("navigation");
  const version = navigation?.serverTiming?.find((entry) => entry.name === "plnpress");
  if (version) {
    params.set("since", version.description);
  }
  const source = new EventSource(`/__plnpress/events?${params}`);
  source.addEventListener("open", () => {
    document.documentElement.dataset.plnpressLive = "connected";
  });
  source.addEventListener("reload", () => {
    source.close();
    location.reload();
  });
})();

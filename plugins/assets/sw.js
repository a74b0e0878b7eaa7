/* Playbook's service worker (written by the plugin at the site root as sw.js). Pages and our own
   assets come from the network first and are kept for when it is gone; Material's fingerprinted
   assets come from what was kept once fetched. A page never opened gives the offline page. Only this site's own requests are touched; nothing is sent. */
const VERSION = "__VERSION__"; // a hash of the built site: a new build installs a new worker
const PRECACHE = __PRECACHE__; // the offline page, what it needs and the call tools, from the root
const CACHE = "playbook-" + VERSION;
const ROOT = new URL("./", location).href;

addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE.map((u) => ROOT + u))).then(() => skipWaiting()));
});

// What an older build kept goes with it: its pages and assets may not match this build's. The pages
// open now are kept too, so the first page a reader opened works offline as well.
addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith("playbook-") && key !== CACHE) await caches.delete(key);
    await clients.claim();
    const cache = await caches.open(CACHE);
    for (const client of await clients.matchAll()) await cache.add(client.url.split("#")[0]).catch(() => {});
  })());
});

async function fromNetwork(request, cache) {
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

async function respond(request) {
  const cache = await caches.open(CACHE);
  // Material's assets carry a fingerprint in their names (a new version, a new name): kept ones are
  // good. Ours (assets/playbook/) do not, so they go network-first like the pages.
  const versioned = request.url.startsWith(ROOT + "assets/") && !request.url.startsWith(ROOT + "assets/playbook/");
  if (versioned) return (await cache.match(request)) || fromNetwork(request, cache);
  try {
    return await fromNetwork(request, cache);
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    const offline = request.mode === "navigate" && (await cache.match(ROOT + "offline.html"));
    if (!offline) throw error;
    // The offline page stands in at any address: a <base> makes its links and assets start at the root.
    const page = (await offline.text()).replace("<head>", `<head><base href="${ROOT}">`);
    return new Response(page, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

addEventListener("fetch", (e) => {
  if (e.request.method === "GET" && e.request.url.startsWith(ROOT)) e.respondWith(respond(e.request));
});

/* Playbook: "changed since your last visit". Only pages that carry changes of the last months load
   this script; its tag holds them (k: the page, h: the newest change the site knows, e: the parts of
   this page, l: the pages it links to; each change as [stamp] or [stamp, stamp it was added]).
   The browser keeps, in localStorage and nowhere else, the newest change each page carried when it
   was last opened, and the first it ever saw ("*", for pages never opened): a part changed later is
   marked. Opening a page records it, so its marks are gone next time; the first visit marks nothing.
   A link to "#item-<id>" or "#objection-<id>" scrolls to that item or objection of the page. */
(() => {
  const D = document, S = D.currentScript, K = "pb:seen";
  let d, v;
  try { d = JSON.parse(S.dataset.pbChanges); v = JSON.parse(localStorage.getItem(K)) || {}; } catch (e) { return; }
  const base = v[d.k] ?? v["*"];
  const path = (u) => u.pathname.replace(/index\.html$/, "");
  const here = path(location), root = here.slice(0, here.length - d.k.length);
  const find = { i: (x) => `[data-pb-item="${x}"]`, o: (x) => `[data-pb-objection="${x}"]`, s: (x) => "#say-" + x, h: () => "article h1" };
  const mark = (el, [t, a], seen) => {
    if (base === undefined || t <= base || t <= seen) return;
    const m = D.createElement("mark");
    m.className = "pb-changed";
    m.textContent = a > base ? "New" : "Changed";
    m.title = "Since your last visit";
    ((el.tagName === "DIV" && el.querySelector("p")) || el).append(" ", m);
  };
  for (const [kind, id, ...t] of d.e) D.querySelectorAll(find[kind](id)).forEach((el) => mark(el, t, 0));
  D.querySelectorAll("article a[href]").forEach((a) => {
    const p = path(new URL(a.href)).slice(root.length), t = d.l[p];
    if (t && !a.hash) mark(a, t, v[p] || 0);
  });
  const h = location.hash.match(/^#(item|objection)-([a-z0-9-]+)$/);
  const el = h && !D.getElementById(h[0].slice(1)) && D.querySelector(`[data-pb-${h[1]}$="/${h[2]}"]`);
  if (el) { el.id = h[0].slice(1); el.scrollIntoView(); }
  v[d.k] = d.h;
  v["*"] ??= d.h;
  try { localStorage.setItem(K, JSON.stringify(v)); } catch (e) {}
})();

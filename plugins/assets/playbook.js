/* Playbook: checklists that remember their ticks, call-sheet fields and notes, print, and the service
   worker that keeps visited pages for offline use. Call mode, copying the notes, the hand-off to a CRM
   and the reset (with its undo) live in playbook-call.js, loaded on the first tap of one, so a page
   that only reads loads less.
   Events are delegated from `document` once, so Material's instant navigation never doubles them;
   each page's state is restored on load and on every `document$` emission. */
(() => {
  const D = document;
  const P = "pb:";
  // The worker, relative to this script; the plugin blanks it where a build has none (serve, --offline).
  const WORKER = "../../sw.js";
  const get = (k) => { try { return localStorage.getItem(P + k); } catch (e) { return null; } };
  const put = (k, v) => { try { v ? localStorage.setItem(P + k, v) : localStorage.removeItem(P + k); } catch (e) {} };
  const $$ = (sel, root = D) => [...root.querySelectorAll(sel)];
  const sheetOf = (el) => el.closest("[data-pb-sheet]");
  const TYPED = "[data-pb-sheet] :is([data-pb-field],[data-pb-notes],[data-pb-recap])";
  const itemsIn = (root) => $$("[data-pb-item] input[type=checkbox]", root);
  // Where each control keeps its state: a tick per item id, a sheet's fields, notes and recap per sheet.
  const keyOf = (el) => el.type === "checkbox" ? "item:" + el.closest("[data-pb-item]").dataset.pbItem
    : "sheet:" + sheetOf(el).dataset.pbSheet + ":" + (el.dataset.pbField ? "field:" + el.dataset.pbField : "pbRecap" in el.dataset ? "recap" : "notes");
  const stored = (root) => [...itemsIn(root), ...$$(TYPED, root)];
  const scope = () => D.querySelector("article") || D;
  const here = D.currentScript?.src;
  let tools = null; // playbook-call.js and its CSS, once a tap asked for them

  function progress() {
    const boxes = itemsIn(scope());
    const done = boxes.filter((b) => b.checked).length;
    $$(".pb-toolbar output").forEach((o) => { o.value = o.textContent = `${done} of ${boxes.length} done`; });
  }

  function control(tag, label, action) {
    const b = D.createElement(tag);
    b.textContent = label; b.dataset.pbAction = action;
    if (tag === "button") b.type = "button"; else b.href = "#";
    return b;
  }

  function toolbar(where, sheet) {
    if (where.previousElementSibling?.classList.contains("pb-toolbar")) return;
    const bar = D.createElement("div");
    bar.className = "pb-toolbar";
    const out = D.createElement("output");
    out.setAttribute("aria-live", "polite");
    const mode = control("button", "Call mode", "call-mode");
    mode.setAttribute("aria-pressed", "false");
    bar.append(out, mode);
    if (sheet) {
      bar.append(control("button", "Print", "print"), control("button", "Copy notes", "copy"));
      sheet.querySelector?.("[data-pb-recap]")?.after(control("a", "Email recap", "email-recap"));
      if (sheet.dataset.pbSalesforce) bar.append(Object.assign(control("a", "Salesforce task", "send-salesforce"), { target: "_blank", rel: "noopener" }));
    } else {
      // A principle's call mode keeps its checklist: from the progress line to the next heading.
      for (let el = where; el && el.tagName !== "H2"; el = el.nextElementSibling) el.classList.add("pb-keep");
    }
    bar.append(control("button", sheet ? "Reset for next call" : "Reset checklist", "reset"));
    where.before(bar);
  }

  function setup() {
    window.pbCall?.leave(); // instant navigation left the page that was in call mode
    stored().forEach((el) => { const v = get(keyOf(el)); if (el.type === "checkbox") el.checked = v === "1"; else el.value = v || ""; });
    const sheets = $$("[data-pb-sheet]");
    if (sheets.length) toolbar(sheets[0], sheets.length === 1 ? sheets[0] : { dataset: {} });
    else $$("[data-pb-progress]").forEach((el) => toolbar(el, null));
    progress();
    // A reset not yet undone (nor followed by an edit) keeps its Undo bar, across reloads too.
    if (get("undo")) (tools ||= loadTools()).then(() => window.pbCall.bar(), () => { tools = null; });
  }

  // playbook-call.js finds the helpers it shares on its own script element.
  function loadTools() {
    const add = (tag, props) => new Promise((ok, ko) => D.head.append(Object.assign(D.createElement(tag), props, { onload: ok, onerror: ko })));
    const url = (ext) => new URL("playbook-call" + ext, here).href;
    return Promise.all([add("link", { rel: "stylesheet", href: url(".css") }), add("script", { src: url(".js"), pb: { $$, get, put, keyOf, stored, scope, setup } })]);
  }

  D.addEventListener("change", (e) => {
    const li = e.target.closest?.("[data-pb-item]");
    if (!li || e.target.type !== "checkbox") return;
    const id = li.dataset.pbItem;
    put("item:" + id, e.target.checked ? "1" : null);
    $$("[data-pb-item]").filter((o) => o.dataset.pbItem === id).forEach((o) => { o.querySelector("input").checked = e.target.checked; });
    progress();
  });
  D.addEventListener("input", (e) => {
    if (e.target.matches?.(TYPED)) put(keyOf(e.target), e.target.value);
  });
  D.addEventListener("click", (e) => {
    const b = e.target.closest?.("[data-pb-action]");
    const act = b?.dataset.pbAction;
    if (act === "print") window.print();
    else if (act) {
      if (window.pbCall) return window.pbCall[act](b, e);
      e.preventDefault(); // tapped again once the tools are there, so a link opens as it would have
      (tools ||= loadTools()).then(() => b.click(), () => { tools = null; });
    }
  });

  if (WORKER && here?.startsWith("http") && navigator.serviceWorker) navigator.serviceWorker.register(new URL(WORKER, here)).catch(() => {});

  // Set up now (Material's document$ does not emit for pages opened from file://), and again after
  // every instant navigation; setup is idempotent.
  if (D.readyState === "loading") D.addEventListener("DOMContentLoaded", setup);
  else setup();
  if (window.document$) window.document$.subscribe(setup);
})();

/* Playbook: checklists that remember their ticks, call-sheet fields and notes, print and copy.
   Events are delegated from `document` once, so Material's instant navigation never doubles them;
   each page's state is restored on load and on every `document$` emission. */
(() => {
  const P = "pb:";
  const get = (k) => { try { return localStorage.getItem(P + k); } catch (e) { return null; } };
  const put = (k, v) => { try { v ? localStorage.setItem(P + k, v) : localStorage.removeItem(P + k); } catch (e) {} };
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
  const sheetOf = (el) => el.closest("[data-pb-sheet]");
  const fieldKey = (el) => "sheet:" + sheetOf(el).dataset.pbSheet + ":" + (el.dataset.pbField ? "field:" + el.dataset.pbField : "notes");
  const itemsIn = (root) => $$("[data-pb-item] input[type=checkbox]", root);

  function progress() {
    const boxes = itemsIn(document.querySelector("article") || document);
    const done = boxes.filter((b) => b.checked).length;
    $$(".pb-toolbar output").forEach((o) => { o.value = o.textContent = `${done} of ${boxes.length} done`; });
  }

  function button(label, action) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.dataset.pbAction = action;
    return b;
  }

  function toolbar(where, withSheetTools) {
    if (where.previousElementSibling?.classList.contains("pb-toolbar")) return;
    const bar = document.createElement("div");
    bar.className = "pb-toolbar";
    const out = document.createElement("output");
    out.setAttribute("aria-live", "polite");
    bar.append(out);
    if (withSheetTools) bar.append(button("Print", "print"), button("Copy notes", "copy"));
    bar.append(button(withSheetTools ? "Reset for next call" : "Reset checklist", "reset"));
    where.before(bar);
  }

  function setup() {
    itemsIn().forEach((b) => { b.checked = get("item:" + b.closest("[data-pb-item]").dataset.pbItem) === "1"; });
    $$("[data-pb-sheet] [data-pb-field], [data-pb-sheet] [data-pb-notes]").forEach((el) => { el.value = get(fieldKey(el)) || ""; });
    const sheets = $$("[data-pb-sheet]");
    if (sheets.length) toolbar(sheets[0], true);
    else $$("[data-pb-progress]").forEach((el) => toolbar(el, false));
    progress();
  }

  function notesMarkdown(sheet) {
    const lines = [`## ${sheet.querySelector("h1").textContent.trim()}`, ""];
    $$("[data-pb-field]", sheet).forEach((f) => lines.push(`- **${f.dataset.pbField}:** ${f.value.trim()}`));
    $$(".pb-section", sheet).forEach((s) => {
      lines.push("", `### ${s.querySelector("h2").textContent.trim().replace(/\s+(READ-DO|DO-CONFIRM)$/, " ($1)")}`);
      $$("[data-pb-item]", s).forEach((li) => lines.push(`- [${li.querySelector("input").checked ? "x" : " "}] ${li.textContent.trim()}`));
    });
    const notes = sheet.querySelector("[data-pb-notes]");
    if (notes && notes.value.trim()) lines.push("", "### Notes", "", notes.value.trim());
    return lines.join("\n") + "\n";
  }

  async function copy(btn) {
    const text = $$("[data-pb-sheet]").map(notesMarkdown).join("\n");
    try { await navigator.clipboard.writeText(text); btn.textContent = "Copied"; }
    catch (e) {
      const area = document.createElement("textarea");
      area.value = text; area.readOnly = true; area.rows = 8; area.setAttribute("aria-label", "Notes as Markdown");
      btn.closest(".pb-toolbar").after(area); area.select();
    }
    setTimeout(() => { btn.textContent = "Copy notes"; }, 2000);
  }

  function reset() {
    const scope = document.querySelector("article") || document;
    itemsIn(scope).forEach((b) => { b.checked = false; put("item:" + b.closest("[data-pb-item]").dataset.pbItem, null); });
    $$("[data-pb-sheet] [data-pb-field], [data-pb-sheet] [data-pb-notes]", scope).forEach((el) => { el.value = ""; put(fieldKey(el), null); });
    progress();
  }

  document.addEventListener("change", (e) => {
    const li = e.target.closest?.("[data-pb-item]");
    if (!li || e.target.type !== "checkbox") return;
    const id = li.dataset.pbItem;
    put("item:" + id, e.target.checked ? "1" : null);
    $$("[data-pb-item]").filter((o) => o.dataset.pbItem === id).forEach((o) => { o.querySelector("input").checked = e.target.checked; });
    progress();
  });
  document.addEventListener("input", (e) => {
    if (e.target.matches?.("[data-pb-sheet] [data-pb-field], [data-pb-sheet] [data-pb-notes]")) put(fieldKey(e.target), e.target.value);
  });
  document.addEventListener("click", (e) => {
    const b = e.target.closest?.("[data-pb-action]");
    if (!b) return;
    if (b.dataset.pbAction === "print") window.print();
    else if (b.dataset.pbAction === "copy") copy(b);
    else if (b.dataset.pbAction === "reset") reset();
  });

  // Set up now (Material's document$ does not emit for pages opened from file://), and again after
  // every instant navigation; setup is idempotent.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
  if (window.document$) window.document$.subscribe(setup);
})();

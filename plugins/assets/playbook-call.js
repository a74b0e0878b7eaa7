/* Playbook's call tools, loaded by playbook.js on the first tap of one of them: call mode (the sheet or
   a principle's checklist alone, full screen, the screen kept awake), "Copy notes" (Markdown), the
   hand-off to a CRM and the reset with its Undo bar. What may reach a customer is chosen: "Email
   recap" carries the sheet's recap box alone; the notes, fields and ticks go only where the team
   reads them (the clipboard, a Salesforce Task). */
(() => {
  const D = document;
  const { $$, get, put, keyOf, stored, scope, setup } = D.currentScript.pb;
  const text = (el) => el.textContent.trim();
  const html = D.documentElement;
  let call = null; // while call mode is on: {y: where the page was, lock: the screen wake lock}

  // The sheet as data: its title, fields, items per pause point (ticked or not) and notes.
  function read(sheet) {
    return {
      title: text(sheet.querySelector("h1")),
      fields: $$("[data-pb-field]", sheet).map((f) => [f.dataset.pbField, f.value.trim()]),
      parts: $$(".pb-section", sheet).map((s) => [
        text(s.querySelector("h2")).replace(/\s+(READ-DO|DO-CONFIRM)$/, " ($1)"),
        $$("[data-pb-item]", s).map((li) => (li.querySelector("input").checked ? "[x] " : "[ ] ") + text(li)),
      ]),
      notes: sheet.querySelector("[data-pb-notes]")?.value.trim() || "",
      recap: sheet.querySelector("[data-pb-recap]")?.value.trim() || "",
    };
  }

  function markdown(sheet) {
    const d = read(sheet);
    const lines = [`## ${d.title}`, "", ...d.fields.map(([k, v]) => `- **${k}:** ${v}`)];
    d.parts.forEach(([h, items]) => lines.push("", `### ${h}`, ...items.map((i) => "- " + i)));
    if (d.notes) lines.push("", "### Notes", "", d.notes);
    if (d.recap) lines.push("", "### Recap for the customer", "", d.recap);
    return lines.join("\n") + "\n";
  }
  const allNotes = () => $$("[data-pb-sheet]").map(markdown).join("\n");

  async function copy(btn) {
    const notes = allNotes();
    try { await navigator.clipboard.writeText(notes); btn.textContent = "Copied"; }
    catch (e) {
      const area = D.createElement("textarea");
      area.value = notes; area.readOnly = true; area.rows = 8; area.setAttribute("aria-label", "Notes as Markdown");
      btn.closest(".pb-toolbar").after(area); area.select();
    }
    setTimeout(() => { btn.textContent = "Copy notes"; }, 2000);
  }

  async function awake() {
    const c = call;
    try { const lock = await navigator.wakeLock?.request("screen"); if (call === c) c.lock = lock; else lock?.release(); } catch (e) {}
  }

  // The same elements, restyled: ticks, fields and notes stay the page's own stored state.
  function callMode(on, restore = true) {
    if (on && !call) {
      call = { y: scrollY };
      html.classList.add("pb-call");
      scrollTo(0, 0);
      awake();
    } else if (!on && call) {
      call.lock?.release();
      html.classList.remove("pb-call");
      if (restore) scrollTo(0, call.y);
      call = null;
    }
    $$("[data-pb-action=call-mode]").forEach((b) => b.setAttribute("aria-pressed", !!call));
  }

  // Every character but letters, digits and - _ . ~ percent-encoded (encodeURIComponent leaves !'()*,
  // and browsers encode ' themselves), so no newline, &, ?, %, comma or = can add a header or a field.
  const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

  // A link filled in when tapped, cut at its end to fit what mail apps and browsers take (Outlook and
  // Windows drop mailto: links past about 2,000 characters); a cut copies `whole` to the clipboard.
  function fit(a, url, max, text, what, whole) {
    let href = url(text);
    if (href.length > max) {
      const chars = [...text], cut = (n) => url(chars.slice(0, n).join("") + `\n(cut, see the copied ${what})`);
      let lo = 0, hi = chars.length;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (cut(mid).length <= max) lo = mid; else hi = mid - 1; }
      href = cut(lo);
      navigator.clipboard?.writeText(whole).catch(() => {});
    }
    a.href = href;
  }

  // The one message that may reach a customer (a CRM's BCC logs it on the contact it is addressed to):
  // the recap box alone. An empty box opens nothing and takes the focus, so nothing else stands in.
  function recap(a, e) {
    const sheet = a.closest("[data-pb-sheet]"), box = sheet.querySelector("[data-pb-recap]"), bcc = sheet.dataset.pbBcc;
    const words = box.value.trim();
    if (!words) return e.preventDefault(), box.focus();
    const to = bcc ? `bcc=${enc(bcc).replace("%40", "@")}&` : "";
    fit(a, (t) => `mailto:?${to}subject=Recap%20and%20next%20steps&body=${enc(t.replace(/\n/g, "\r\n"))}`, 2000, words, "recap", words);
  }

  // A Salesforce Task, seen by the team only: everything, the notes before the items, so a cut drops
  // first the list the sheet can give again.
  function task(a) {
    const sheet = a.closest("[data-pb-sheet]") || D.querySelector("[data-pb-sheet]"), d = read(sheet);
    const who = d.fields.filter(([k, v]) => v && /^(prospect|company)$/i.test(k)).map(([, v]) => v).join(", ");
    const subject = enc([...d.title + (who ? ": " + who : "")].slice(0, 200).join(""));
    const full = [...d.fields.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`), ...(d.notes ? ["", "Notes", d.notes] : []),
      ...(d.recap ? ["", "Recap for the customer", d.recap] : []), ...d.parts.flatMap(([h, items]) => ["", h, ...items])].join("\n");
    fit(a, (t) => `${sheet.dataset.pbSalesforce}/lightning/o/Task/new?defaultFieldValues=Subject=${subject},Description=${enc(t)}`, 4000, full, "notes", allNotes());
  }

  // Reset keeps what it clears in localStorage ("undo": the page and its stored values) until the
  // next edit, so the Undo bar outlives a reload; an edit anywhere drops it.
  const pending = () => { try { const u = JSON.parse(get("undo")); return u.p === location.pathname && u; } catch (e) { return null; } };
  const drop = () => { put("undo", null); D.querySelector(".pb-undo")?.remove(); };

  function reset() {
    const s = {};
    stored(scope()).forEach((el) => { const k = keyOf(el), v = get(k); if (v) s[k] = v; put(k, null); });
    if (Object.keys(s).length) put("undo", JSON.stringify({ p: location.pathname, s }));
    setup();
  }

  function bar() {
    const old = D.querySelector(".pb-undo");
    if (!pending()) return old?.remove();
    if (old) return;
    const el = D.createElement("div"), b = D.createElement("button");
    el.className = "pb-undo"; el.setAttribute("role", "status");
    b.type = "button"; b.dataset.pbAction = "undo"; b.textContent = "Undo";
    D.querySelector(".pb-toolbar").after(el);
    // Filled in once the live region is there, so screen readers announce it.
    setTimeout(() => el.append(D.querySelector("[data-pb-sheet]") ? "Sheet cleared for the next call. " : "Checklist cleared. ", b), 50);
  }

  function undo() {
    const u = pending();
    if (u) for (const k in u.s) put(k, u.s[k]);
    drop();
    setup();
    D.querySelector("[data-pb-action=reset]")?.focus();
  }

  D.addEventListener("input", (e) => { if (stored().includes(e.target)) drop(); });
  D.addEventListener("keydown", (e) => { if (e.key === "Escape") callMode(false); });
  D.addEventListener("visibilitychange", () => { if (call && !D.hidden) awake(); }); // a hidden page loses its lock

  window.pbCall = {
    "call-mode": () => callMode(!call),
    copy,
    "email-recap": recap,
    "send-salesforce": task,
    reset,
    bar,
    undo,
    leave: () => callMode(false, false),
  };
})();

/* Playbook's call tools, loaded by playbook.js on the first tap of one of them: call mode (the sheet or
   a principle's checklist alone, full screen, the screen kept awake), "Copy notes" (Markdown) and the
   hand-off of a sheet's notes to a CRM, as a mailto: with a BCC address or a new Salesforce Task. */
(() => {
  const { $$ } = document.currentScript.pb;
  const text = (el) => el.textContent.trim();
  const html = document.documentElement;
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
    };
  }

  function markdown(sheet) {
    const d = read(sheet);
    const lines = [`## ${d.title}`, "", ...d.fields.map(([k, v]) => `- **${k}:** ${v}`)];
    d.parts.forEach(([h, items]) => lines.push("", `### ${h}`, ...items.map((i) => "- " + i)));
    if (d.notes) lines.push("", "### Notes", "", d.notes);
    return lines.join("\n") + "\n";
  }
  const allNotes = () => $$("[data-pb-sheet]").map(markdown).join("\n");

  async function copy(btn) {
    const notes = allNotes();
    try { await navigator.clipboard.writeText(notes); btn.textContent = "Copied"; }
    catch (e) {
      const area = document.createElement("textarea");
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

  // A mailto: or Salesforce link for the notes, filled in when tapped, cut at its end to fit what mail apps and browsers take (Outlook and Windows drop mailto: links past about 2,000
  // characters); a cut copies them whole, as "Copy notes" does.
  function handOff(a) {
    const sheet = document.querySelector("[data-pb-sheet]"), d = read(sheet);
    const who = d.fields.filter(([k, v]) => v && /^(prospect|company)$/i.test(k)).map(([, v]) => v).join(", ");
    const subject = enc([...d.title + (who ? ": " + who : "")].slice(0, 200).join(""));
    // The notes before the items: what a cut drops first is the list the sheet can give again.
    const full = [...d.fields.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`), ...(d.notes ? ["", "Notes", d.notes] : []),
      ...d.parts.flatMap(([h, items]) => ["", h, ...items])].join("\n");
    const [url, max] = a.dataset.pbAction === "send-notes"
      ? [(t) => `mailto:?bcc=${enc(sheet.dataset.pbBcc).replace("%40", "@")}&subject=${subject}&body=${enc(t.replace(/\n/g, "\r\n"))}`, 2000]
      : [(t) => `${sheet.dataset.pbSalesforce}/lightning/o/Task/new?defaultFieldValues=Subject=${subject},Description=${enc(t)}`, 4000];
    let href = url(full);
    if (href.length > max) {
      const chars = [...full], cut = (n) => url(chars.slice(0, n).join("") + "\n(cut, see the copied notes)");
      let lo = 0, hi = chars.length;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (cut(mid).length <= max) lo = mid; else hi = mid - 1; }
      href = cut(lo);
      navigator.clipboard?.writeText(allNotes()).catch(() => {});
    }
    a.href = href;
  }

  document.addEventListener("keydown", (e) => { if (e.key === "Escape") callMode(false); });
  document.addEventListener("visibilitychange", () => { if (call && !document.hidden) awake(); }); // a hidden page loses its lock

  window.pbCall = {
    "call-mode": () => callMode(!call),
    copy,
    "send-notes": handOff,
    "send-salesforce": handOff,
    leave: () => callMode(false, false),
  };
})();

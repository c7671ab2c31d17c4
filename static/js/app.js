// Samnod's few lines of JavaScript. Everything works without them.

// A 5xx during an htmx request: show the server-rendered, translated message.
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr.status < 500) return;
  var p = document.createElement("p");
  p.className = "flash flash-error";
  p.textContent = document.body.dataset.errorMessage;
  document.getElementById("flashes").replaceChildren(p);
});

// A double click sends a form once.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-once")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
});

// Back to a form already sent, and sent again unchanged: the browser draws a
// fresh page (a new one-time key) but puts back what was typed. The key it was
// sent with comes back too, so the server makes one submission. Changed before
// sending, it is a new submission with the page's own key: nothing typed is lost.
function formText(form) {
  var parts = [];
  new FormData(form).forEach(function (v, k) { if (k !== "csrf_token" && k !== "idempotency_key") parts.push(k + "=" + v); });
  return parts.join("&");
}
function sentKey() { return "samnod:sent:" + location.pathname + location.search; }
document.addEventListener("submit", function (event) {
  var key = event.target.querySelector("[name=idempotency_key]");
  if (!key) return;
  var sent = JSON.parse(sessionStorage.getItem(sentKey()) || "null");
  if (sent && key.value === sent.key && formText(event.target) !== sent.text) key.value = key.dataset.fresh;
  sessionStorage.setItem(sentKey(), JSON.stringify({ key: key.value, text: formText(event.target) }));
});
window.addEventListener("pageshow", function () {
  var key = document.querySelector("[name=idempotency_key]");
  var sent = JSON.parse(sessionStorage.getItem(sentKey()) || "null");
  var nav = performance.getEntriesByType("navigation")[0];
  if (!key || !sent || !nav || nav.type !== "back_forward") return;
  key.dataset.fresh = key.dataset.fresh || key.value;
  key.value = sent.key;
});

// A hidden tab does not poll for the unread count; shown again, it asks at once.
document.addEventListener("htmx:beforeRequest", function (event) {
  if (document.hidden && event.detail.elt.id === "notifications-badge") {
    event.preventDefault();
  }
});
document.addEventListener("visibilitychange", function () {
  var badge = document.getElementById("notifications-badge");
  if (!document.hidden && badge && badge.hasAttribute("hx-get")) {
    htmx.trigger(badge, "samnod:shown");
  }
});

// A print button prints the page (the print stylesheet leaves the chrome out).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// Forms marked data-autosave keep their text in this browser until it is saved,
// so nothing typed is lost when a session expires while writing.
function autosaveKey(form) { return "samnod:" + form.dataset.autosave; }
document.addEventListener("input", function (event) {
  var form = event.target.form;
  if (!form || !form.dataset.autosave) return;
  var data = {};
  new FormData(form).forEach(function (v, k) { if (k !== "csrf_token") (data[k] = data[k] || []).push(v); });
  localStorage.setItem(autosaveKey(form), JSON.stringify(data));
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-autosave-clear]").forEach(function (el) {
    localStorage.removeItem("samnod:" + el.dataset.autosaveClear);
  });
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var saved = JSON.parse(localStorage.getItem(autosaveKey(form)) || "null");
    if (!saved || form.querySelector(".error")) return;
    Object.keys(saved).forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") field.checked = saved[name].indexOf(field.value) >= 0;
        else if (field.type !== "submit") field.value = saved[name][0];
      });
    });
    var note = form.querySelector(".restored");
    if (note) note.hidden = false;
  });
});

// Inbox keyboard triage: j/k move, 1 accept, 2 merge, 3 decline, a assign to me,
// s snooze, / search, ? help. Never while typing, never with a modifier key.
var INBOX_KEYS = {
  "1": function (p) { click(p, "button[name=status][value=accepted]"); },
  "2": function (p) { focus(p, "#target"); },
  "3": function (p) { click(p, "button[name=status][value=declined]"); },
  "a": function (p) { var s = p.querySelector("#assign-to"); if (s) { s.value = "me"; s.form.requestSubmit(); } },
  "s": function (p) { focus(p, "#until"); },
  "/": function () { focus(document, "#q"); },
  "?": function () { var d = document.getElementById("shortcuts"); if (d) { d.open = !d.open; d.querySelector("summary").focus(); } },
  "j": function () { moveRow(1); },
  "k": function () { moveRow(-1); }
};
function click(root, sel) { var el = root && root.querySelector(sel); if (el) el.click(); }
function focus(root, sel) { var el = root && root.querySelector(sel); if (el) el.focus(); }
// j/k open the next/previous item from the one open in the pane (its pager
// links follow the filtered list across pages); with none open, j opens the first.
function moveRow(step) {
  var pane = document.getElementById("inbox-detail");
  if (pane && pane.dataset.subId) { click(pane, step > 0 ? "a[rel=next]" : "a[rel=prev]"); return; }
  if (step > 0) click(document, "#inbox-list tbody th a");
}
function typing(t) { return t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName); }
document.addEventListener("keydown", function (event) {
  var t = event.target, handler = INBOX_KEYS[event.key];
  if (!document.getElementById("inbox-list")) return;
  if (event.key === "Escape" && typing(t) && t.closest("#inbox-detail")) {
    document.getElementById("inbox-detail").focus();  // leave the field: the shortcuts work again
    return;
  }
  if (!handler || event.ctrlKey || event.metaKey || event.altKey || typing(t)) return;
  event.preventDefault();
  handler(document.getElementById("inbox-detail"));
});
// A field kept as typed (hx-preserve) is the element already on the page: it
// must not bring along the autofocus or the error state of an earlier refusal.
document.addEventListener("htmx:beforeSwap", function (event) {
  var pane = document.getElementById("inbox-detail");
  if (!event.detail.shouldSwap || event.detail.target !== pane) return;
  pane.querySelectorAll("[autofocus], [aria-invalid]").forEach(function (el) {
    el.removeAttribute("autofocus");
    el.removeAttribute("aria-invalid");
  });
});
// The row of the item open in the pane is marked, also after any swap.
function markOpenRow() {
  var pane = document.getElementById("inbox-detail");
  var open = pane && pane.dataset.subId ? "row-" + pane.dataset.subId : "";
  document.querySelectorAll("#inbox-list tbody tr").forEach(function (row) {
    if (row.id === open) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
  });
}
document.addEventListener("htmx:afterSettle", markOpenRow);

// An answer template goes in where the cursor is in the message, never over it.
document.addEventListener("focusin", function (event) {
  if (event.target.tagName === "TEXTAREA") event.target.dataset.cursor = "1";
});
document.addEventListener("submit", function (event) {
  var form = event.target, into = form.dataset.insertInto;
  var field = into && document.getElementById(into);
  var option = form.querySelector("select option:checked");
  if (!field || !option) return;
  event.preventDefault();
  var text = option.dataset.text, at = field.dataset.cursor ? field.selectionStart : field.value.length;
  var end = field.dataset.cursor ? field.selectionEnd : at;
  if (!field.dataset.cursor && field.value && !/\s$/.test(field.value)) text = "\n" + text;
  field.setRangeText(text, at, end, "end");
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.focus();
});
// After the detail pane is swapped in, move focus to it so screen readers follow.
document.addEventListener("htmx:afterSwap", function (event) {
  var pane = event.detail.target;
  if (pane.id !== "inbox-detail" && !(pane.querySelector && pane.querySelector("#inbox-detail"))) return;
  var fresh = document.getElementById("inbox-detail");
  if (fresh && !fresh.querySelector("[autofocus]")) fresh.focus();
});

// A count or caption that an htmx swap changed (data-announce) is said in the
// polite live region, which is in the page from the start; unchanged, it is not
// said again (the inbox's counts come back with every action in the pane).
var announced = {};
function announce(quiet) {
  var said = [];
  document.querySelectorAll("[data-announce]").forEach(function (el) {
    var text = el.textContent.replace(/\s+/g, " ").trim();
    if (announced[el.dataset.announce] !== text && !quiet) said.push(text);
    announced[el.dataset.announce] = text;
  });
  var region = document.getElementById("announcer");
  if (region && said.length) region.textContent = said.join(" ");
}
document.addEventListener("DOMContentLoaded", function () { announce(true); });
document.addEventListener("htmx:afterSettle", function () { announce(false); });

// The merge picker: a picked candidate fills the number field (the target the
// form sends); typing a number there lets go of the picked one.
document.addEventListener("change", function (event) {
  var t = event.target;
  if (t.name !== "target" || t.type !== "radio" || !t.closest("#merge-candidates")) return;
  var number = document.getElementById("target");
  if (number) number.value = t.value;
});
document.addEventListener("input", function (event) {
  if (event.target.id !== "target") return;
  document.querySelectorAll("#merge-candidates input[type=radio]").forEach(function (r) { r.checked = false; });
});

// @mentions: the note field is a combobox (WAI-ARIA APG, list autocomplete).
// Typing @ and the start of a name asks the server for the colleagues it fits
// (an HTML listbox); ↓/↑ move, Enter or a click writes @Name, Escape closes.
function mentionSetup(root) {
  root.querySelectorAll("textarea[data-mentions]").forEach(function (field) {
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", field.dataset.mentionsList);
    field.setAttribute("aria-expanded", "false");
  });
}
document.addEventListener("htmx:load", function (event) {
  var elt = event.detail.elt;
  if (elt.matches && elt.matches(".mentions")) mentionSync(elt);
  else mentionSetup(elt.parentNode || document);
});
// Fresh options arrived: open the list if the field still has an @word.
function mentionSync(list) {
  var field = document.querySelector("[aria-controls='" + list.id + "']");
  if (!field) return;
  var word = mentionWord(field);
  if (field.dataset.mentionsClosed) word = null; // Escape: closed until typed on
  var open = document.activeElement === field && word !== null && list.querySelector("[role=option]") !== null;
  list.hidden = !open;
  field.setAttribute("aria-expanded", open ? "true" : "false");
  field.removeAttribute("aria-activedescendant");
  // Typed on while this answer was on its way (htmx drops a second request): ask again.
  if (word && document.activeElement === field && list.dataset.q !== word.q) mentionAsk(field, word);
}
function mentionWord(field) {
  var before = field.value.slice(0, field.selectionStart);
  var m = /(^|[\s(])@([^\s@]*)$/.exec(before);
  return m ? { start: before.length - m[2].length - 1, q: m[2] } : null;
}
function mentionOptions(field) {
  var list = document.getElementById(field.dataset.mentionsList);
  return list && !list.hidden ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [];
}
function mentionClose(field) {
  var list = document.getElementById(field.dataset.mentionsList);
  if (list) list.hidden = true;
  field.setAttribute("aria-expanded", "false");
  field.removeAttribute("aria-activedescendant");
}
function mentionActivate(field, option) {
  mentionOptions(field).forEach(function (o) { o.setAttribute("aria-selected", o === option ? "true" : "false"); });
  field.setAttribute("aria-activedescendant", option.id);
  option.scrollIntoView({ block: "nearest" });
}
function mentionPick(field, option) {
  var word = mentionWord(field);
  if (!word) return mentionClose(field);
  var text = "@" + option.dataset.mention + " ";
  var end = field.selectionStart;
  field.value = field.value.slice(0, word.start) + text + field.value.slice(end);
  field.selectionStart = field.selectionEnd = word.start + text.length;
  mentionClose(field);
  field.focus();
}
document.addEventListener("input", function (event) {
  var field = event.target;
  if (!field.dataset || !field.dataset.mentions) return;
  delete field.dataset.mentionsClosed;
  var word = mentionWord(field);
  if (!word) return mentionClose(field);
  mentionAsk(field, word);
});
function mentionAsk(field, word) {
  htmx.ajax("GET", field.dataset.mentions, {
    target: "#" + field.dataset.mentionsList, swap: "outerHTML", values: { q: word.q }
  });
}
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (!field.dataset || !field.dataset.mentions) return;
  if (event.key === "Escape") field.dataset.mentionsClosed = "1"; // also for an answer on its way
  if (field.getAttribute("aria-expanded") !== "true") return;
  var options = mentionOptions(field);
  var active = document.getElementById(field.getAttribute("aria-activedescendant") || "");
  var i = options.indexOf(active);
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    var step = event.key === "ArrowDown" ? 1 : -1;
    mentionActivate(field, options[(i + step + options.length) % options.length] || options[0]);
  } else if (event.key === "Enter" && active) {
    event.preventDefault();
    mentionPick(field, active);
  } else if (event.key === "Escape") {
    event.preventDefault();
    event.stopPropagation();
    mentionClose(field);
  } else if (event.key === "Tab") {
    mentionClose(field);
  }
}, true);
document.addEventListener("mousedown", function (event) {
  var option = event.target.closest && event.target.closest(".mentions [role=option]");
  if (!option) return;
  event.preventDefault(); // keeps the focus (and the caret) in the field
  var field = document.querySelector("[aria-controls='" + option.parentNode.id + "']");
  if (field) mentionPick(field, option);
});
document.addEventListener("focusout", function (event) {
  if (event.target.dataset && event.target.dataset.mentions) mentionClose(event.target);
});

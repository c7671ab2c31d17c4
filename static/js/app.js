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

// Shows a translated message when the server fails (5xx) during an htmx request.
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr.status < 500) return;
  var box = document.getElementById("flashes");
  var p = document.createElement("p");
  p.className = "flash flash-error";
  p.textContent = document.body.dataset.errorMessage;
  box.replaceChildren(p);
});
